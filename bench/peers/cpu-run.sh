#!/usr/bin/env bash
# Latent against PyTorch on the same CPU cores: E1 VAE, E4 MLP, E5 CNN, E6 DCGAN, each engine with
# the same number of threads, in alternation (round 1: Latent, eager, compile for each model; round
# 2 the same; ...), then one markdown table of medians and ratios (bench/peers/cpu_table.py).
#
# usage: bench/peers/cpu-run.sh DATA_DIR [ROUNDS]
#   DATA_DIR  a folder with mnist/train-*-ubyte.gz (Latent's --data)
#   ROUNDS    rounds of every run (default 3); the table takes the median over rounds of each run's
#             median epoch (epochs 2..N; epoch 1 holds JIT warm-up or compilation)
# env: THREADS (default 2) for both engines (LATENT_THREADS; torch.set_num_threads);
#      MODELS (default "e1 e4 e5 e6"); MODES (default "eager compile"; MODES="" runs Latent alone);
#      E5_STEPS / E6_STEPS (default 40 / 6): E5 and E6 run a fixed number of steps per "epoch"
#      (Latent's training.steps_per_epoch, PyTorch's --max-steps), full passes being too long here;
#      EPOCHS_E1 / EPOCHS_E4 / EPOCHS_E5 / EPOCHS_E6 (default 3 / 4 / 3 / 3);
#      OUT (default target/peers-cpu) gets table.md and the raw logs, rewritten after every run;
#      JAVA (default java), LATENT_JAR (default target/latent.jar); PYTHON (default python3) with
#      torch importable (bench/peers/cpu-setup.sh installs the CPU wheel without the network).
set -u
cd "$(dirname "$0")/../.."
data=${1:?usage: bench/peers/cpu-run.sh DATA_DIR [ROUNDS]}
rounds=${2:-3}
threads=${THREADS:-2}
models=${MODELS:-"e1 e4 e5 e6"}
modes=${MODES-"eager compile"}
out=${OUT:-target/peers-cpu}
python=${PYTHON:-python3}
java=${JAVA:-java}
jar=${LATENT_JAR:-target/latent.jar}
runs=/tmp/latent-peers-cpu-runs
start=$SECONDS
declare -A SCRIPT=([e1]=e1_vae [e4]=e4_mlp [e5]=e5_cnn [e6]=e6_dcgan)
declare -A CONFIG=([e1]=e1-vae-mnist [e4]=e4-mlp-mnist [e5]=e5-cnn-mnist [e6]=e6-dcgan-mnist)
declare -A EPOCHS=([e1]=${EPOCHS_E1:-3} [e4]=${EPOCHS_E4:-4} [e5]=${EPOCHS_E5:-3} [e6]=${EPOCHS_E6:-3})
declare -A STEPS=([e1]=0 [e4]=0 [e5]=${E5_STEPS:-40} [e6]=${E6_STEPS:-6})
[ -f "$jar" ] || { echo "no $jar: build it first (mvn -B -q -Dmaven.test.skip=true package)"; exit 2; }
"$python" -c 'import torch' 2>/dev/null || { echo "$python cannot import torch: run bench/peers/cpu-setup.sh"; exit 2; }
mkdir -p "$out" "$runs"
rm -f "$out"/*.csv "$out"/*.jsonl "$out"/*.log
vector=()
"$java" --add-modules jdk.incubator.vector -version >/dev/null 2>&1 && vector=(--add-modules jdk.incubator.vector)

log() { echo "$*" | tee -a "$out/run.log"; }
table() { "$python" bench/peers/cpu_table.py "$out" > "$out/table.md" 2> "$out/table.err"; }

log "cpu-run: models $models, modes $modes, $rounds rounds, $threads threads, $(nproc) cores"
log "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
log "java: $("$java" -version 2>&1 | head -1); torch: $("$python" -c 'import torch; print(torch.__version__, torch.backends.cpu.get_cpu_capability())')"
for r in $(seq 1 "$rounds"); do
  for m in $models; do
    e=${EPOCHS[$m]} s=${STEPS[$m]}
    cfg="$runs/cpu-$m.json"
    # The example config with fewer epochs (and steps), one checkpoint at the end, no judge or
    # sample grids midway: the training loop alone is timed.
    "$python" - "examples/${CONFIG[$m]}.json" "$cfg" "$e" "cpu-$m" "$s" <<'PY'
import json, sys
src, dst, epochs, name, steps = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
c = json.load(open(src))
c["name"] = name
c["device"] = "cpu"
c["training"]["epochs"] = epochs
c["training"]["checkpoint_every"] = epochs
c["training"]["steps_per_epoch"] = steps
if steps:  # a fixed number of steps: a training set of just those images, no validation, a test set as large
    c["data"]["validation"] = 0
    c["data"]["limit"] = steps * c["training"]["batch"]
if c["model"].get("family") == "gan":
    c["model"]["sample_every"] = 1000
    c["model"].pop("judge", None)
json.dump(c, open(dst, "w"), indent=2)
PY
    rm -rf "${runs:?}/cpu-$m"
    t0=$SECONDS
    LATENT_THREADS=$threads "$java" "${vector[@]}" -Xmx8g -jar "$jar" train "$cfg" --data "$data" --out "$runs" \
      > "$out/latent-$m-r$r.log" 2>&1
    log "round $r latent $m: exit $?, $((SECONDS - t0)) s"
    cp "$runs/cpu-$m/metrics.csv" "$out/latent-$m-r$r.csv" 2>/dev/null || log "latent $m: no metrics.csv"
    for mode in $modes; do
      t0=$SECONDS
      extra=()
      [ "$s" != 0 ] && extra=(--max-steps "$s")
      OMP_NUM_THREADS=$threads "$python" "bench/peers/pytorch/${SCRIPT[$m]}.py" "$data" --device cpu --mode "$mode" \
        --threads "$threads" --epochs "$e" "${extra[@]}" > "$out/torch-$m-$mode-r$r.jsonl" 2>&1
      log "round $r pytorch $m $mode: exit $?, $((SECONDS - t0)) s"
    done
    table
  done
done
table
log "cpu-run: done in $((SECONDS - start)) s"
cat "$out/table.md"
