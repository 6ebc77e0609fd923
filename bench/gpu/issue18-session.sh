#!/usr/bin/env bash
# Issue 18 on the GPU machine, in ONE call of at most 10 minutes (the session's device time is
# about 15 minutes in all, the machine's start included). Prepared without a GPU: nothing in it
# has run on one yet. In order, each under its own cap and all under BUDGET_S (default 540 s):
#   1. `latent info` and the parity suite (JUnit tag "gpu": every *ParityTest, CaptureParityTest's
#      captured-vs-eager E1 200 steps and E6 30 steps, ConvOneOutputParityTest), cap 150 s;
#   2. StepBench: ms per step eager / plan replay / CUDA graph for E1 (200 steps) and E6 (50), then
#      E6's per-op kernel-time breakdown (CUDA events; nsys is not on that machine's PATH) before
#      (-Dlatent.cudnn.algo=heuristic -Dlatent.conv.oneOutput=cudnn: issue 6's choices) and after
#      (-Dlatent.cudnn.algo=measured -Dlatent.conv.oneOutput=own: measured cuDNN algorithms, our 7x7
#      one-output kernel; opt-in until this run shows them right), cap 40 s each;
#   3. the peers comparison before and after capture (bench/peers/run-all.sh, E1 and E6, EPOCHS
#      epochs each, default 2): Latent eager with PyTorch eager and CUDA-graph, then Latent with
#      -Dlatent.plan=true (the planned step captured into a CUDA graph), PEERS_S (default 170 s);
#   4. the first part of E6's 100 epochs (bench/gpu/e6-100-epochs.sh) with whatever is left (it
#      stops with a checkpoint and returns e6-runs.tar.gz for a later call to resume from).
# Every log lands in $OUT (at most 8 files come back, 2 folders deep): session.log (this script's
# log with each part's exit code and time), parity.log, stepbench.log, peers-eager.tar.gz and
# peers-graph.tar.gz (each run-all's table.md and logs), e6.tar.gz (e6-100-epochs's output folder)
# and e6-runs.tar.gz (the runs to resume E6 from: carry it as .gpu/e6-runs.tar.gz next time).
#
# Prepare here, in the checkout that the `run` tool sends (the main session's; a helper's worktree
# does not travel):
#   mvn -B -q -DskipTests package test-compile   # target/latent.jar (with the kernels' fatbins: nvcc) and target/test-classes
#   bash bench/gpu-step/run.sh compile            # target/bench-classes (StepBench)
#   .gpu/jre.tar.xz (the packed jlink runtime, unpacking to .jre-cli/), .gpu/junit.jar (JUnit
#   console launcher), .gpu/data/mnist/*-ubyte.gz: as for bench/gpu/peers-session.sh (bench/NOTES.md)
# Then call:
#   run(command="bash bench/gpu/issue18-session.sh", carry=["target/latent.jar", "target/test-classes",
#       "target/bench-classes", ".gpu"], timeout_s=600)
# and give_back afterwards unless rerunning at once. A second call on the same warm machine (or with
# .gpu/e6-runs.tar.gz carried) with PARTS="e6" and BUDGET_S=540 goes on with E6 alone.
# Env: OUT (default target/issue18), DATA (default .gpu/data), JAVA (default: .gpu/jre.tar.xz
# unpacked to /tmp), BUDGET_S, PARTS (default "parity bench peers e6"), EPOCHS, PEERS_S.
set -u
cd "$(dirname "$0")/../.."
out=${OUT:-target/issue18}
data=${DATA:-.gpu/data}
parts=${PARTS:-"parity bench peers e6"}
budget=${BUDGET_S:-540}
start=$SECONDS
mkdir -p "$out"
log="$out/session.log"
if [ -z "${JAVA:-}" ]; then
  if [ -x .jre/bin/java ]; then JAVA=$PWD/.jre/bin/java
  else mkdir -p /tmp/latent-jre && tar xJf .gpu/jre.tar.xz -C /tmp/latent-jre && JAVA=/tmp/latent-jre/.jre-cli/bin/java
  fi
fi
export JAVA
left() { echo $(( budget - (SECONDS - start) )); }
# part NAME CAP CMD...: runs CMD with the smaller of CAP and what is left (less 15 s), logs exit and time.
part() {
  local name=$1 cap=$2; shift 2
  local l; l=$(left)
  local limit=$(( cap < l - 15 ? cap : l - 15 ))
  if (( limit < 20 )); then echo "== $name: skipped, ${l}s left" | tee -a "$log"; return; fi
  echo "== $name (cap ${limit}s) $(date -u +%T)" | tee -a "$log"
  local t0=$SECONDS
  timeout -k 5 "$limit" "$@"
  local rc=$?
  echo "   $name: exit $rc$( ((rc == 124)) && echo " (killed at ${limit}s)") after $((SECONDS - t0)) s" | tee -a "$log"
}
has() { [[ " $parts " == *" $1 "* ]]; }

{
  date -u
  nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv 2>&1
  "$JAVA" -jar target/latent.jar info 2>&1 | head -30
} >> "$log"

if has parity; then
  part "parity suite" 150 env OUT=/tmp/latent-gpu-tests bash bench/gpu/parity.sh > "$out/parity.log" 2>&1
  grep -E "tests (successful|failed|skipped)|Failures|MethodSource|=> " "$out/parity.log" | head -40 >> "$log"
fi

if has bench; then
  sb="$out/stepbench.log"
  part "StepBench steps e1" 40 bash bench/gpu-step/run.sh steps e1 200 >> "$sb" 2>&1
  part "StepBench steps e6" 40 bash bench/gpu-step/run.sh steps e6 50 >> "$sb" 2>&1
  part "StepBench breakdown e6 before" 40 env JAVA_OPTS="-Dlatent.cudnn.algo=heuristic -Dlatent.conv.oneOutput=cudnn" \
    bash bench/gpu-step/run.sh breakdown e6 20 >> "$sb" 2>&1
  part "StepBench breakdown e6 after" 40 env JAVA_OPTS="-Dlatent.cudnn.algo=measured -Dlatent.conv.oneOutput=own -Dlatent.cudnn.verbose=true" bash bench/gpu-step/run.sh breakdown e6 20 >> "$sb" 2>&1
fi

if has peers; then
  # Half of the peers time each; run-all keeps its own budget and packs what it measured so far.
  half=$(( ${PEERS_S:-170} / 2 ))
  part "peers: Latent eager, PyTorch eager + cudagraph" $((half + 10)) env OUT=/tmp/peers-eager LOGS=/tmp/peers-eager-logs \
    MODELS="e1 e6" MODES="eager cudagraph" BUDGET_S=$half JAVA="$JAVA" bash bench/peers/run-all.sh "$data" "${EPOCHS:-2}" > /tmp/peers-eager.out 2>&1
  part "peers: Latent with -Dlatent.plan=true (CUDA graph)" $((half + 10)) env OUT=/tmp/peers-graph LOGS=/tmp/peers-graph-logs \
    MODELS="e1 e6" MODES=none LATENT_OPTS="-Dlatent.plan=true -Dlatent.cudnn.algo=measured -Dlatent.conv.oneOutput=own" BUDGET_S=$half JAVA="$JAVA" \
    bash bench/peers/run-all.sh "$data" "${EPOCHS:-2}" > /tmp/peers-graph.out 2>&1
  for k in eager graph; do
    cp /tmp/peers-$k.out /tmp/peers-$k/ 2>/dev/null
    tar czf "$out/peers-$k.tar.gz" -C /tmp "peers-$k" 2>> "$log"
    { echo "-- peers $k table"; cat "/tmp/peers-$k/table.md" 2>/dev/null; } >> "$log"
  done
fi

if has e6; then
  l=$(left)
  if (( l > 90 )); then
    echo "== E6 100 epochs, first part ($((l - 30)) s) $(date -u +%T)" | tee -a "$log"
    OUT=/tmp/e6-out BUDGET_S=$((l - 30)) JAVA="$JAVA" DATA="$data" bash bench/gpu/e6-100-epochs.sh
    echo "   e6: exit $? (3: stopped with a checkpoint, call again to go on)" | tee -a "$log"
    mv /tmp/e6-out/e6-runs.tar.gz "$out/" 2>/dev/null
    tar czf "$out/e6.tar.gz" -C /tmp e6-out 2>> "$log"
  else
    echo "== E6: skipped, ${l}s left" | tee -a "$log"
  fi
fi
echo "done in $((SECONDS - start)) s" | tee -a "$log"
tail -n 60 "$log"
