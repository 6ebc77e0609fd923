#!/usr/bin/env bash
# Step-level GPU benchmark (StepBench.java): per-op CUDA-event breakdown of a training step, or
# milliseconds per step eager / plan replay / CUDA graph. Compiles against the shaded jar when
# javac is present (build it first: mvn -q -B -DskipTests package); on a machine with only a Java
# runtime, carry the classes compiled elsewhere (target/bench-classes, made by '$0 compile').
# JAVA picks the runtime (default: java on PATH); JAVA_OPTS passes -D options (see StepBench).
# Usage: bench/gpu-step/run.sh compile | breakdown|steps e1|e6 [STEPS]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
jar=$root/target/latent.jar
classes=$root/target/bench-classes
[ -f "$jar" ] || { echo "missing $jar: run mvn -q -B -DskipTests package first" >&2; exit 1; }
if command -v javac >/dev/null; then
  mkdir -p "$classes"
  javac --release 17 -cp "$jar" -d "$classes" "$root/bench/gpu-step/StepBench.java"
elif [ ! -f "$classes/org/latent/backend/cuda/StepBench.class" ]; then
  echo "no javac here and no compiled bench in $classes: run '$0 compile' where a JDK is" >&2; exit 1
fi
[ "${1:-}" = compile ] && exit 0
# shellcheck disable=SC2086
exec "${JAVA:-java}" ${JAVA_OPTS:-} -cp "$jar:$classes" org.latent.backend.cuda.StepBench "$@"
