#!/usr/bin/env bash
# E6 and variants on the CPU, 3 epochs each, sequentially, from a fixed jar (commit in jar-commit.txt); logs in /work/cpu-runs.
cd /work/main
for c in ${CONFIGS:-e6-mlp-gan-mnist e6-dcgan-mnist e6-cgan-mnist e6-dcgan-separate e6-dcgan-upsample e6-dcgan-tanh}; do
  echo "== $c $(date -u +%FT%TZ)" >> /work/cpu-runs/gan-runs.log
  java -Xmx8g --add-modules jdk.incubator.vector -Dlatent.command=./latent -jar /work/cpu-runs/latent.jar train examples/$c.json --device cpu --epochs 3 \
    --data /work/shared/data --out /work/cpu-runs > /work/cpu-runs/$c.log 2>&1
  echo "   exit $? $(date -u +%FT%TZ)" >> /work/cpu-runs/gan-runs.log
done
