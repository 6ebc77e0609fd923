#!/usr/bin/env bash
# Everything the GPU machine is needed for, in one call (GPU time is scarce): `latent info`, the
# parity suite, the E1 VAE (latent 20) for 50 epochs on the GPU and 2 epochs of the CPU reference
# for the ratio, and the GEMM and convolution kernel benchmarks. Needs, built elsewhere:
# target/latent.jar, target/test-classes, target/e2e-classes, target/bench-classes, a Java
# runtime (.jre or JAVA), the JUnit console launcher (.gpu/junit.jar) and MNIST in $DATA.
# Logs go to $OUT (default target/gpu-session).
set -uo pipefail
cd "$(dirname "$0")/../.."
out=${OUT:-target/gpu-session}
mkdir -p "$out"
export JAVA=${JAVA:-$( [ -x .jre/bin/java ] && echo .jre/bin/java || echo java )}
data=${DATA:-.gpu/data}
"$JAVA" -jar target/latent.jar info > "$out/info.txt" 2>&1
OUT=/tmp/latent-gpu-tests bash bench/gpu/parity.sh > "$out/parity.log" 2>&1
echo "parity suite exit code $?" | tee -a "$out/parity.log"
bash bench/e2e/run.sh VaeEpochs "$data" cuda 50 > "$out/e1-vae-j20-cuda.log" 2>&1
bash bench/e2e/run.sh VaeEpochs "$data" cpu 2 > "$out/e1-vae-j20-cpu.log" 2>&1
bash bench/gpu-gemm/run.sh > "$out/gemm-bench.txt" 2>&1
bash bench/gpu-conv/run.sh > "$out/conv-bench.txt" 2>&1
tail -n 3 "$out"/*.log "$out"/info.txt
