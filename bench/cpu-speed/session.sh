#!/usr/bin/env bash
# Every measurement of the CPU-speed work in one call, for a quiet machine (nothing else running):
#   1. Latent against PyTorch eager and torch.compile on E1, E4, E5, E6 (bench/peers/cpu-run.sh,
#      ROUNDS rounds in alternation, 2 threads each), on the default java (JDK 17 here);
#   2. the same rounds with Latent on a second Java (JAVA25), PyTorch again beside it, for the JDK
#      comparison;
#   3. E1 sustained: all 50 epochs of examples/e1-vae-mnist.json through the CLI, each epoch's
#      training time from metrics.csv (epoch 50 against epoch 2);
#   4. the GEMM against OpenBLAS on the models' shapes, both Javas (bench/cpu-gemm/run.sh), OpenBLAS
#      with its AVX-512 kernel named (OPENBLAS_CORETYPE, default SkylakeX: unset, OpenBLAS 0.3.21 does
#      not know this Xeon and runs its SSE3 Prescott kernel; see bench/results/cpu-gemm-512).
# Logs and tables go to OUT (default target/cpu-speed), one folder per part.
# usage: bench/cpu-speed/session.sh DATA_DIR [ROUNDS]
# env: JAVA25 (default /usr/lib/jvm/temurin-25-jdk-amd64/bin/java), PARTS (default "1 2 3 4")
set -uo pipefail
cd "$(dirname "$0")/../.."
data=${1:?usage: bench/cpu-speed/session.sh DATA_DIR [ROUNDS]}
rounds=${2:-3}
out=${OUT:-target/cpu-speed}
java25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
parts=${PARTS:-"1 2 3 4"}
mkdir -p "$out"
eval "$(bash bench/peers/cpu-setup.sh)"
mvn -B -q -Dmaven.test.skip=true package >&2 || exit 1
start=$SECONDS
has() { [[ " $parts " == *" $1 "* ]]; }
if has 1; then
  OUT="$out/peers-jdk17" bash bench/peers/cpu-run.sh "$data" "$rounds" > "$out/peers-jdk17.log" 2>&1
  echo "part 1 done at $((SECONDS - start)) s"
fi
if has 2 && [ -x "$java25" ]; then
  OUT="$out/peers-jdk25" JAVA="$java25" bash bench/peers/cpu-run.sh "$data" "$rounds" > "$out/peers-jdk25.log" 2>&1
  echo "part 2 done at $((SECONDS - start)) s"
fi
if has 3; then
  rm -rf /tmp/latent-e1-sustained
  LATENT_THREADS=2 ./latent train examples/e1-vae-mnist.json --data "$data" --out /tmp/latent-e1-sustained \
    > "$out/e1-50-epochs.log" 2>&1
  cp /tmp/latent-e1-sustained/e1-vae-mnist/metrics.csv "$out/e1-50-epochs-metrics.csv"
  python3 - "$out/e1-50-epochs-metrics.csv" > "$out/e1-sustained.md" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
sec = [55000 / float(r["examples_per_second"]) for r in rows]
print("| epoch | training s |")
print("|---:|---:|")
for e in (1, 2, 3, 10, 20, 30, 40, 48, 49, 50):
    if e <= len(sec):
        print(f"| {e} | {sec[e - 1]:.3f} |")
early, late = statistics.median(sec[1:6]), statistics.median(sec[-5:])
print(f"\nepoch 50 / epoch 2: {sec[-1] / sec[1]:.3f}; median of epochs 46-50 / median of epochs 2-6: {late / early:.3f}")
PY
  echo "part 3 done at $((SECONDS - start)) s"
fi
if has 4; then
  JAVAS="java $java25" OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-SkylakeX} bash bench/cpu-gemm/run.sh 3 > "$out/gemm.md" 2> "$out/gemm.err"
  echo "part 4 done at $((SECONDS - start)) s"
fi
cat "$out"/peers-jdk17/table.md "$out"/peers-jdk25/table.md "$out"/e1-sustained.md "$out"/gemm.md 2>/dev/null
