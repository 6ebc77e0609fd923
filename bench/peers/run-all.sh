#!/usr/bin/env bash
# Latent against PyTorch on the same GPU, four models (E1 VAE, E4 MLP, E5 CNN, E6 DCGAN), in one
# call: Latent through `latent train` on copies of examples/e*.json with fewer epochs, then every
# PyTorch script (bench/peers/pytorch/) in every mode, then one markdown table of medians and ratios
# (bench/peers/table.py).
#
# usage: bench/peers/run-all.sh DATA_DIR [EPOCHS]
#   DATA_DIR  a folder with mnist/train-*-ubyte.gz (Latent's --data)
#   EPOCHS    epochs for every model (default per model: E1 6, E4 10, E5 6, E6 4; medians of 2..N)
# env: OUT (default target/peers) gets table.md and peers-logs.tar.gz, both rewritten after every
#      run, so a cut-short call still returns what it measured; JAVA (default java) and
#      target/latent.jar for Latent; PYTHON (default python3) with torch; BUDGET_S (default 540):
#      runs are skipped once the remaining budget is short, and each run is killed at the smaller of
#      its own cap and what is left; MODELS (default "e1 e4 e5 e6"); MODES (default "eager cudagraph
#      compile cudagraph-tf32 compile-ro", run in that order after Latent, so the cheap and important
#      ones come first); SKIP_LATENT=1 to run PyTorch alone; DEVICE (default cuda; cpu only to
#      check the plumbing, with MODES=eager) and TORCH_ARGS (e.g. "--max-steps 20") for such checks;
#      MODES=none runs no PyTorch; LATENT_OPTS: JVM options for Latent's runs (e.g.
#      -Dlatent.plan=true, the planned step captured into a CUDA graph); LOGS (default
#      /tmp/latent-peers-logs) is emptied first.
set -u
cd "$(dirname "$0")/../.."
data=${1:?usage: bench/peers/run-all.sh DATA_DIR [EPOCHS]}
epochs_all=${2:-}
out=${OUT:-target/peers}
logs=${LOGS:-/tmp/latent-peers-logs}
runs=/tmp/latent-peers-runs
budget=${BUDGET_S:-540}
models=${MODELS:-"e1 e4 e5 e6"}
modes=${MODES:-"eager cudagraph compile cudagraph-tf32 compile-ro"}
[ "$modes" = none ] && modes=""
read -r -a latent_opts <<< "${LATENT_OPTS:-}"
python=${PYTHON:-python3}
java=${JAVA:-java}
device=${DEVICE:-cuda}
read -r -a torch_args <<< "${TORCH_ARGS:-}"
start=$SECONDS
mkdir -p "$out" "$runs"
rm -rf "$logs" && mkdir -p "$logs"

declare -A EPOCHS=([e1]=6 [e4]=10 [e5]=6 [e6]=4)
declare -A SCRIPT=([e1]=e1_vae [e4]=e4_mlp [e5]=e5_cnn [e6]=e6_dcgan)
declare -A CONFIG=([e1]=e1-vae-mnist [e4]=e4-mlp-mnist [e5]=e5-cnn-mnist [e6]=e6-dcgan-mnist)
# Caps in seconds per run (expected on an H200: Latent E6 about 55 s, the rest 5-20 s each; compile
# modes are mostly compilation, 30-90 s).
declare -A LATENT_CAP=([e1]=60 [e4]=45 [e5]=60 [e6]=150)
declare -A MODE_CAP=([eager]=75 [cudagraph]=60 [cudagraph-tf32]=60 [compile]=150 [compile-ro]=150)

log() { echo "$*" | tee -a "$logs/run.log"; }
pack() {
  "$python" bench/peers/table.py "$logs" > "$logs/table.md" 2>> "$logs/table.err"
  cp "$logs/table.md" "$out/table.md"
  tar czf "$out/peers-logs.tar.gz" -C "$logs" .
}
# run_capped NAME CAP LOGFILE CMD...: runs CMD under the budget, output to LOGFILE.
run_capped() {
  local name=$1 cap=$2 file=$3; shift 3
  local left=$(( budget - (SECONDS - start) ))
  if (( left < 25 )); then log "skipped $name: ${left}s of the ${budget}s budget left"; return; fi
  local limit=$(( cap < left - 10 ? cap : left - 10 )) t0=$SECONDS
  timeout -k 5 "$limit" "$@" > "$file" 2>&1
  local rc=$?
  log "$name: exit $rc$( ((rc == 124)) && echo " (killed at ${limit}s)"), $((SECONDS - t0)) s wall"
  pack
}
epochs_of() { echo "${epochs_all:-${EPOCHS[$1]}}"; }

log "run-all: models $models, modes ${modes:-none}, Latent options ${LATENT_OPTS:-none}, budget ${budget}s, data $data"
if [ -z "${SKIP_LATENT:-}" ]; then
  if [ ! -f target/latent.jar ]; then
    log "no target/latent.jar: Latent not run"
  else
    for m in $models; do
      e=$(epochs_of "$m")
      cfg="$runs/peers-$m.json"
      # The example config with fewer epochs, one checkpoint at the end, no sample grids midway.
      "$python" - "examples/${CONFIG[$m]}.json" "$cfg" "$e" "peers-$m" <<'PY'
import json, sys
src, dst, epochs, name = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
c = json.load(open(src))
c["name"] = name
c["training"]["epochs"] = epochs
c["training"]["checkpoint_every"] = epochs
if c["model"].get("family") == "gan":
    c["model"]["sample_every"] = 1000
    c["model"].pop("judge", None)  # needs a trained E5 run; timing only here
    c["training"].pop("steps_per_epoch", None)  # full passes of 469 steps, as the PyTorch script
json.dump(c, open(dst, "w"), indent=2)
PY
      rm -rf "$runs/peers-$m"
      run_capped "latent $m ($e epochs)" "${LATENT_CAP[$m]}" "$logs/latent-$m.log" \
        "$java" ${latent_opts[@]+"${latent_opts[@]}"} -Dlatent.command=latent -jar target/latent.jar train "$cfg" --device "$device" --data "$data" --out "$runs"
      cp "$runs/peers-$m/metrics.csv" "$logs/latent-$m.csv" 2>/dev/null || log "latent $m: no metrics.csv"
      cp "$runs/peers-$m/summary.json" "$logs/latent-$m-summary.json" 2>/dev/null
      pack
    done
  fi
fi

export PYTHONUNBUFFERED=1
for mode in $modes; do
  case $mode in
    cudagraph-tf32) flags=(--mode cudagraph --tf32) ;;
    *) flags=(--mode "$mode") ;;
  esac
  for m in $models; do
    e=$(epochs_of "$m")
    run_capped "pytorch $m $mode ($e epochs)" "${MODE_CAP[$mode]}" "$logs/torch-$m-$mode.jsonl" \
      "$python" "bench/peers/pytorch/${SCRIPT[$m]}.py" "$data" "${flags[@]}" --epochs "$e" --device "$device" "${torch_args[@]}"
  done
done
pack
log "run-all: done in $((SECONDS - start)) s"
cat "$out/table.md"
