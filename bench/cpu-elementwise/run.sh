#!/usr/bin/env bash
# The CPU's elementwise work, this build against another (BASE_JAR, e.g. an earlier commit's
# target/latent.jar), alternating, RUNS processes each (default 5), LATENT_THREADS (default 2):
# Adam's step over E1's parameters, bias + ReLU over E1's hidden layer, and the models' other
# non-GEMM ops (ModelOpsBench: E5's bias + ReLU and pooling at both its pool shapes, E4's dropout,
# E1's loss). Prints each process's medians in microseconds and the median of those.
# Usage: bench/cpu-elementwise/run.sh BASE_JAR [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
base=$(readlink -f "$1"); runs=${2:-5}
out=target/cpu-elementwise-bench
mkdir -p "$out/this" "$out/base"
[ -f target/latent.jar ] || mvn -q -B -DskipTests package >&2
javac -d "$out/this" -cp target/latent.jar bench/cpu-elementwise/*.java
javac -d "$out/base" -cp "$base" bench/cpu-elementwise/*.java
: > "$out/times.txt"
for r in $(seq "$runs"); do
  for which in this base; do
    jar=target/latent.jar; [ $which = base ] && jar=$base
    for bench in AdamBench ActivationBench ModelOpsBench; do
      LATENT_THREADS=${LATENT_THREADS:-2} java --add-modules jdk.incubator.vector -cp "$jar:$out/$which" $bench 2>/dev/null \
        | sed "s/^/$which /" | tee -a "$out/times.txt"
    done
  done
done
for which in this base; do
  for field in adam relu-forward relu-backward conv-relu-forward conv-relu-backward maxpool-forward maxpool-backward maxpool11-forward maxpool11-backward dropout-forward bce-logits; do
    awk -v w=$which -v f=$field '$1 == w { for (i = 2; i < NF; i++) if ($i == f) print $(i + 1) }' "$out/times.txt" | sort -g \
      | awk -v w=$which -v f=$field '{ v[NR] = $1 } END { if (NR) printf "%s %s median %.1f us\n", w, f, v[int((NR + 1) / 2)] }'
  done
done
