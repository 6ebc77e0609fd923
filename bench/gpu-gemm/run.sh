#!/usr/bin/env bash
# GEMM kernel benchmark: cuBLAS vs each version of our SGEMM kernel on the products of the real
# models, table on stdout. Compiles the bench against the shaded jar when javac is present (build
# the jar first: mvn -q -B -DskipTests package); on a machine with only a Java runtime, carry the
# classes compiled elsewhere (target/bench-classes). JAVA picks the runtime (default: java on PATH).
# Usage: bench/gpu-gemm/run.sh [compile]   ("compile" only compiles)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
jar=$root/target/latent.jar
classes=$root/target/bench-classes
[ -f "$jar" ] || { echo "missing $jar: run mvn -q -B -DskipTests package first" >&2; exit 1; }
if command -v javac >/dev/null; then
  mkdir -p "$classes"
  javac --release 17 -cp "$jar" -d "$classes" "$root/bench/gpu-gemm/GpuGemmBench.java"
elif [ ! -f "$classes/org/latent/backend/cuda/GpuGemmBench.class" ]; then
  echo "no javac here and no compiled bench in $classes: run '$0 compile' where a JDK is" >&2; exit 1
fi
[ "${1:-}" = compile ] && exit 0
exec "${JAVA:-java}" -cp "$jar:$classes" org.latent.backend.cuda.GpuGemmBench
