#!/usr/bin/env bash
# Issue 6's comparison with PyTorch on the GPU machine, in one call of at most 10 minutes: Latent
# (E1 VAE, E4 MLP, E5 CNN, E6 DCGAN through `latent train --device cuda`) and PyTorch eager,
# CUDA-graph, torch.compile, CUDA-graph with TF32 and torch.compile reduce-overhead on the same
# models, then one table (bench/peers/run-all.sh; budget BUDGET_S, default 540 s).
# Needs, built elsewhere: target/latent.jar; a Java runtime (JAVA, or .gpu/jre.tar.xz: a packed
# jlink image unpacked to /tmp); MNIST in $DATA (default .gpu/data); python3 with torch (the GPU
# machine's own). Returns $OUT/table.md, $OUT/peers-logs.tar.gz and $OUT/session.log.
set -u
cd "$(dirname "$0")/../.."
out=${OUT:-target/gpu-peers}
data=${DATA:-.gpu/data}
mkdir -p "$out"
if [ -z "${JAVA:-}" ]; then
  if [ -x .jre/bin/java ]; then JAVA=.jre/bin/java
  else mkdir -p /tmp/latent-jre && tar xJf .gpu/jre.tar.xz -C /tmp/latent-jre && JAVA=/tmp/latent-jre/.jre-cli/bin/java
  fi
fi
export JAVA
{
  date -u
  nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv 2>&1
  python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, "cudnn", torch.backends.cudnn.version(), torch.cuda.get_device_name())' 2>&1
  "$JAVA" -jar target/latent.jar info 2>&1 | head -20
} > "$out/session.log"
OUT="$out" BUDGET_S=${BUDGET_S:-540} bash bench/peers/run-all.sh "$data" ${EPOCHS:-} 2>&1 | tee -a "$out/session.log"
