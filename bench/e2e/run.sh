#!/usr/bin/env bash
# End-to-end training benchmarks against the shaded jar. Compiles bench/e2e/*.java when javac is
# present (build the jar first: mvn -q -B -DskipTests package); elsewhere carry target/e2e-classes.
# Usage: bench/e2e/run.sh compile | bench/e2e/run.sh CLASS ARGS...
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
jar=$root/target/latent.jar
classes=$root/target/e2e-classes
[ -f "$jar" ] || { echo "missing $jar: run mvn -q -B -DskipTests package first" >&2; exit 1; }
if command -v javac >/dev/null; then
  mkdir -p "$classes"
  javac --release 17 -cp "$jar" -d "$classes" "$root"/bench/e2e/*.java
fi
[ "${1:-}" = compile ] && exit 0
java=${JAVA:-java}
# The Vector API module for the CPU GEMM, when this Java has it (see the latent launcher).
vector=()
java_home=$(dirname "$(dirname "$(readlink -f "$(command -v "$java")")")")
grep -qs 'jdk\.incubator\.vector' "$java_home/release" && vector=(--add-modules jdk.incubator.vector)
exec "$java" ${vector[@]+"${vector[@]}"} -Xmx16g -cp "$jar:$classes" "$@"
