#!/usr/bin/env bash
# Issue 7's full E6 (100 epochs, examples/e6-dcgan-mnist.json) on the GPU machine, in calls of at
# most 10 minutes: trains the E5 judge into runs/e5-cnn-mnist if it is not there, then trains E6,
# or resumes it from its checkpoint when runs/e6-dcgan-mnist has one (a later call on the same warm
# machine). Each training is stopped by SIGTERM before BUDGET_S seconds (default 540) have passed,
# which saves a checkpoint, so the next call goes on where this one stopped. Copies the run's
# summary, metrics, judge scores, losses, last sample grid and log to $OUT (default target/gpu-e6).
# The two run folders also come back as $OUT/e6-runs.tar.gz (without the generator-epoch-NNN files):
# the device machine is handed back after a short idle time, so carry that file as
# .gpu/e6-runs.tar.gz into the next call, which unpacks it when runs/ lacks the run.
# Exit 0 when E6 has finished all its epochs, 3 when it needs another call, 1 on a failure.
# Needs, built elsewhere: target/latent.jar; a Java runtime (JAVA, or .gpu/jre.tar.xz: a packed
# jlink image unpacked to /tmp); MNIST in $DATA (default .gpu/data). DEVICE (default cuda) and
# CONFIG (default e6-dcgan-mnist) exist for trying the script elsewhere.
set -u
cd "$(dirname "$0")/../.."
out=${OUT:-target/gpu-e6}
data=${DATA:-.gpu/data}
device=${DEVICE:-cuda}
config=${CONFIG:-e6-dcgan-mnist}
deadline=$(( $(date +%s) + ${BUDGET_S:-540} ))
mkdir -p "$out"
if [ -z "${JAVA:-}" ]; then
  mkdir -p /tmp/latent-jre && tar xJf .gpu/jre.tar.xz -C /tmp/latent-jre && JAVA=/tmp/latent-jre/.jre-cli/bin/java
fi
log="$out/session.log"
{ date -u; nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>&1; } >> "$log"

# Runs latent train with the given arguments until it ends or the call's deadline nears (then
# SIGTERM: the trainer finishes its step, saves a checkpoint and exits 3). Returns its exit status.
train() {
  local left=$(( deadline - $(date +%s) - 20 ))
  if [ "$left" -le 30 ]; then echo "no time left for: train $*" >> "$log"; return 3; fi
  echo "== train $* ($left s left) $(date -u +%T)" >> "$log"
  timeout -s TERM -k 60 "$left" "$JAVA" -Dlatent.command=latent -jar target/latent.jar train "$@" \
      --device "$device" --data "$data" 2>&1 | grep -vE '^epoch .*\] +[0-9]+%.*ETA' >> "$log"
  local rc=${PIPESTATUS[0]}
  echo "   exit $rc $(date -u +%T)" >> "$log"
  return "$rc"
}

if [ -f .gpu/e6-runs.tar.gz ] && [ ! -d "runs/$config" ]; then tar xzf .gpu/e6-runs.tar.gz; fi
status=0
if [ ! -f runs/e5-cnn-mnist/checkpoint.safetensors ] || ! grep -q '"complete"' runs/e5-cnn-mnist/summary.json 2>/dev/null; then
  if [ -f runs/e5-cnn-mnist/state.json ]; then train --resume runs/e5-cnn-mnist; else train examples/e5-cnn-mnist.json; fi
  status=$?
fi
if [ "$status" -eq 0 ]; then
  if [ -f "runs/$config/state.json" ]; then train --resume "runs/$config"; else train "examples/$config.json"; fi
  status=$?
fi

run="runs/$config"
for f in summary.json metrics.csv gan-judge.csv gan-losses.csv gan-losses.png; do
  [ -f "$run/$f" ] && cp "$run/$f" "$out/"
done
last=$(ls "$run"/samples-epoch-*.png 2>/dev/null | tail -1)
[ -n "$last" ] && cp "$last" "$out/"
tar czf "$out/e6-runs.tar.gz" --exclude='generator-epoch-*' runs/e5-cnn-mnist "$run" 2>> "$log"
# The trainer exits 3 when stopped with a checkpoint, and timeout reports 124 when it had to send the signal.
case $status in
  0) echo "done: $config finished" | tee -a "$log"; exit 0 ;;
  3|124|143) echo "stopped with a checkpoint: call again to go on" | tee -a "$log"; exit 3 ;;
  *) echo "failed (exit $status): see $log" | tee -a "$log"; exit 1 ;;
esac
