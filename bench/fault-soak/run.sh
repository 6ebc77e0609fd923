#!/usr/bin/env bash
# Fault soak (issue 17): a small CPU run (fonts denoising autoencoder, no download) killed with
# SIGKILL at random moments -- after random delays (steps), as soon as a checkpoint's temporary
# file appears (its write), as soon as the summary's, a figure's or the report's does (the end) --
# and resumed with `latent train --resume RUN` until it completes, again and again until KILLS
# kills; each completed folder is checked against an uninterrupted run of the same seed
# (checkpoint.safetensors and state.json byte for byte, metrics.csv columns, summary.json, every
# file complete, no temporary file). The driver is src/test/java/org/latent/soak/FaultSoak.java.
#
#   bench/fault-soak/run.sh [--kills 60] [--epochs 60] [--seed 1] [--max-delay S] [--work DIR]
#
# Needs target/latent.jar and target/test-classes (mvn -B -DskipTests package test-compile).
# Prints the result; the last lines say OK or FAILED with every problem found.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
cd "$here"
if [ ! -f target/latent.jar ] || [ ! -f target/test-classes/org/latent/soak/FaultSoak.class ]; then
  mvn -B -q -o -DskipTests package test-compile
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/latent-fault-soak.XXXXXX")
args=(--work "$work" --jar target/latent.jar)
vector=()
java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
grep -qs 'jdk\.incubator\.vector' "$java_home/release" && vector=(--add-modules jdk.incubator.vector)
status=0
java ${vector[@]+"${vector[@]}"} -cp target/latent.jar:target/test-classes org.latent.soak.FaultSoak "${args[@]}" "$@" || status=$?
echo "[soak] work folder (runs and latent.log): $work"
exit $status
