#!/usr/bin/env bash
# The CPU's elementwise work, Vector API paths against the scalar loops (-Dlatent.cpu.vector=false),
# alternating, RUNS processes each (default 5), LATENT_THREADS (default 2): Adam's step over E1's
# parameters and bias + ReLU over E1's hidden layer. Prints each process's medians in microseconds
# and the median of those.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
out=target/cpu-elementwise-bench
mkdir -p "$out"
[ -f target/latent.jar ] || mvn -q -B -DskipTests package >&2
javac -d "$out" -cp target/latent.jar bench/cpu-elementwise/AdamBench.java bench/cpu-elementwise/ActivationBench.java
: > "$out/times.txt"
: > "$out/activation.txt"
for r in $(seq "$runs"); do
  LATENT_THREADS=${LATENT_THREADS:-2} java --add-modules jdk.incubator.vector -cp "target/latent.jar:$out" AdamBench 2>/dev/null | tee -a "$out/times.txt"
  LATENT_THREADS=${LATENT_THREADS:-2} java --add-modules jdk.incubator.vector -Dlatent.cpu.vector=false -Dscalar=true -cp "target/latent.jar:$out" AdamBench 2>/dev/null | tee -a "$out/times.txt"
  LATENT_THREADS=${LATENT_THREADS:-2} java --add-modules jdk.incubator.vector -cp "target/latent.jar:$out" ActivationBench 2>/dev/null | tee -a "$out/activation.txt"
  LATENT_THREADS=${LATENT_THREADS:-2} java --add-modules jdk.incubator.vector -Dlatent.cpu.vector=false -Dscalar=true -cp "target/latent.jar:$out" ActivationBench 2>/dev/null | tee -a "$out/activation.txt"
done
for kind in vector scalar; do
  awk -v k=$kind '$1 == k { print $3 }' "$out/times.txt" | sort -g | awk -v k=$kind '{ v[NR] = $1 } END { printf "%s Adam median %.1f us/step\n", k, v[int((NR + 1) / 2)] }'
  for col in 3 5; do
    awk -v k=$kind -v c=$col '$1 == k { print $c }' "$out/activation.txt" | sort -g | awk -v k=$kind -v c=$col '{ v[NR] = $1 } END { printf "%s %s median %.1f us\n", k, (c == 3 ? "relu-forward" : "relu-backward"), v[int((NR + 1) / 2)] }'
  done
done
