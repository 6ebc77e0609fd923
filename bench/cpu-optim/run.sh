#!/usr/bin/env bash
# Adam's CPU step, Vector API against the scalar loop (-Dlatent.cpu.vector=false), alternating,
# RUNS processes each (default 5), LATENT_THREADS (default 2). Prints each process's median in
# microseconds per step and the median of those.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
out=target/cpu-optim-bench
mkdir -p "$out"
[ -f target/latent.jar ] || mvn -q -B -DskipTests package >&2
javac -d "$out" -cp target/latent.jar bench/cpu-optim/AdamBench.java
: > "$out/times.txt"
for r in $(seq "$runs"); do
  LATENT_THREADS=${LATENT_THREADS:-2} java --add-modules jdk.incubator.vector -cp "target/latent.jar:$out" AdamBench 2>/dev/null | tee -a "$out/times.txt"
  LATENT_THREADS=${LATENT_THREADS:-2} java --add-modules jdk.incubator.vector -Dlatent.cpu.vector=false -Dscalar=true -cp "target/latent.jar:$out" AdamBench 2>/dev/null | tee -a "$out/times.txt"
done
for kind in vector scalar; do
  awk -v k=$kind '$1 == k { print $3 }' "$out/times.txt" | sort -g | awk -v k=$kind '{ v[NR] = $1 } END { printf "%s median %.1f us/step\n", k, v[int((NR + 1) / 2)] }'
done
