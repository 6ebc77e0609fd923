#!/usr/bin/env bash
# How far the CPU step can go on its matrix work alone: for E1, E4, E5 and E6, in alternation,
#   1. bench/e2e/StepProfile on Latent (2 threads): the step's time, and the GFLOP and time of its
#      matrix products and convolutions (every other op is elementwise, a loss or the optimizer);
#   2. PyTorch's fastest CPU mode for that model on this machine (E1 and E6 torch.compile, E4 and E5
#      eager: bench/results/cpu-speed), same threads, a few epochs.
# Then one table (bench/cpu-speed/bounds_table.py): the ratio PyTorch / Latent that the step would
# reach if everything but the matrix work took no time, and how much faster the matrix work would
# have to run for the issue's target of 2.
# usage: bench/cpu-speed/bounds.sh DATA_DIR [ROUNDS]
# env: OUT (default target/cpu-bounds), MODELS (default "e1 e4 e5 e6"), JAVA (default java),
#      LATENT_JAR (default target/latent.jar), PYTHON (default python3, torch importable:
#      eval "$(bash bench/peers/cpu-setup.sh)").
set -u
cd "$(dirname "$0")/../.."
data=${1:?usage: bench/cpu-speed/bounds.sh DATA_DIR [ROUNDS]}
rounds=${2:-2}
out=${OUT:-target/cpu-bounds}
models=${MODELS:-"e1 e4 e5 e6"}
java=${JAVA:-java}
jar=${LATENT_JAR:-target/latent.jar}
python=${PYTHON:-python3}
declare -A CONFIG=([e1]=e1-vae-mnist [e4]=e4-mlp-mnist [e5]=e5-cnn-mnist [e6]=e6-dcgan-mnist)
declare -A SCRIPT=([e1]=e1_vae [e4]=e4_mlp [e5]=e5_cnn [e6]=e6_dcgan)
declare -A MODE=([e1]=compile [e4]=eager [e5]=eager [e6]=compile)
# StepProfile's warm-up and timed steps (small steps get hundreds, as in an epoch of latent train);
# PyTorch's epochs and steps per epoch (0: whole epochs)
declare -A PROFILE=([e1]="600 200" [e4]="500 200" [e5]="60 40" [e6]="3 3")
declare -A EPOCHS=([e1]=3 [e4]=4 [e5]=3 [e6]=3)
declare -A STEPS=([e1]=0 [e4]=0 [e5]=40 [e6]=6)
[ -f "$jar" ] || { echo "no $jar: build it first (mvn -B -q -Dmaven.test.skip=true package)"; exit 2; }
"$python" -c 'import torch' 2>/dev/null || { echo "$python cannot import torch: run bench/peers/cpu-setup.sh"; exit 2; }
mkdir -p "$out"
rm -f "$out"/*.log "$out"/*.jsonl
classes=target/e2e-classes
mkdir -p "$classes"
javac -d "$classes" -cp "$jar" bench/e2e/StepProfile.java || exit 2
vector=()
"$java" --add-modules jdk.incubator.vector -version >/dev/null 2>&1 && vector=(--add-modules jdk.incubator.vector)
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores; java: $("$java" -version 2>&1 | head -1)" \
  | tee "$out/machine.txt"
for r in $(seq 1 "$rounds"); do
  for m in $models; do
    LATENT_THREADS=2 "$java" "${vector[@]}" -Xmx8g -cp "$jar:$classes" StepProfile "$data" "examples/${CONFIG[$m]}.json" \
      ${PROFILE[$m]} > "$out/latent-$m-r$r.log" 2>&1
    echo "round $r latent $m: exit $?"
    extra=()
    [ "${STEPS[$m]}" != 0 ] && extra=(--max-steps "${STEPS[$m]}")
    OMP_NUM_THREADS=2 "$python" "bench/peers/pytorch/${SCRIPT[$m]}.py" "$data" --device cpu --mode "${MODE[$m]}" \
      --threads 2 --epochs "${EPOCHS[$m]}" "${extra[@]}" > "$out/torch-$m-r$r.jsonl" 2>&1
    echo "round $r pytorch $m ${MODE[$m]}: exit $?"
  done
done
"$python" bench/cpu-speed/bounds_table.py "$out" | tee "$out/table.md"
