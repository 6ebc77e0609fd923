#!/usr/bin/env bash
# Trains short runs of the example configs on the CPU (2 threads) into DIR/runs, one log each.
# Two such folders made by two builds are compared with same_bits.py.
# Usage: DATA=/path/to/data bench/same-bits/run-examples.sh JAR DIR
set -u
ex=$(cd "$(dirname "$0")/../../examples" && pwd)
jar=$(readlink -f "$1"); dir=$2
: "${DATA:?set DATA to a folder holding mnist/, fashion-mnist/ and frey/}"
mkdir -p "$dir/runs"; cd "$dir"
run() { local cfg=$1; shift; echo "== $cfg $*"; LATENT_THREADS=2 java --add-modules jdk.incubator.vector -Xmx6g -jar "$jar" train "$ex/$cfg.json" --device cpu --data "$DATA" --out runs "$@" > "logs-$cfg.txt" 2>&1; echo "rc=$?"; }
run e1-vae-mnist --epochs 2
run e4-mlp-mnist --epochs 1
run e5-cnn-mnist --stop-after-steps 30
run e6-dcgan-mnist --stop-after-steps 8
run e6-cgan-mnist --stop-after-steps 6
run e6-wgan --stop-after-steps 6
run e6-mlp-gan-mnist --stop-after-steps 20
run e7-fonts-ae --epochs 300
run e7-fonts-dae-p0.1 --epochs 100
run e7-fonts-ae-powell
run e7-vae-mnist-2d --stop-after-steps 100
run e8-conv-vae-mnist --stop-after-steps 40
run e8-conv-ae-mnist --stop-after-steps 40
run e8-sparse-ae-mnist --stop-after-steps 100
run e2-vae-frey-j2 --epochs 3
