#!/usr/bin/env bash
# The training front end on a GPU machine, in one call: `latent info`, E1 (VAE, J=20, 50 epochs) on
# the best device through `latent train`, then eval and sample; the E7 fonts autoencoder on cuda;
# SIGTERM to a training process and --resume; and PyTorch reading the checkpoint (safetensors.torch
# when installed, else the header parsed by hand and torch.frombuffer). Needs target/latent.jar, a
# Java runtime with java.desktop and java.net.http (.jre or JAVA) and MNIST in $DATA. Selected files
# and the log go to $OUT.
set -u
cd "$(dirname "$0")/../.."
out=${OUT:-target/gpu-cli}
data=${DATA:-.gpu/data}
runs=${RUNS:-/tmp/latent-runs}
mkdir -p "$out" "$runs"
java=${JAVA:-$( [ -x .jre/bin/java ] && echo .jre/bin/java || echo java )}
latent() { "$java" -Dlatent.command=latent -jar target/latent.jar "$@"; }
{
  echo "== info"; latent info
  echo "== train E1"; latent train examples/e1-vae-mnist.json --data "$data" --out "$runs"; echo "exit $?"
  echo "== eval"; latent eval "$runs/e1-vae-mnist" --data "$data"; echo "exit $?"
  echo "== sample"; latent sample "$runs/e1-vae-mnist" --count 64; echo "exit $?"
  echo "== E7 fonts autoencoder on cuda"; latent train examples/e7-fonts-ae.json --device cuda --out "$runs" 2>&1 | tail -8
  echo "== SIGTERM after two epochs, then --resume"
  sed -e 's/"name": "e1-vae-mnist"/"name": "e1-sigterm"/' -e 's/"epochs": 50/"epochs": 8/' examples/e1-vae-mnist.json > "$runs/e1-sigterm.json"
  # java itself in the background (not the shell function), so that the signal reaches the JVM
  "$java" -Dlatent.command=latent -jar target/latent.jar train "$runs/e1-sigterm.json" --data "$data" --out "$runs" \
      > "$runs/sigterm.out" 2> "$runs/sigterm.err" & pid=$!
  until [ -s "$runs/e1-sigterm/metrics.csv" ] && [ "$(wc -l < "$runs/e1-sigterm/metrics.csv")" -ge 3 ]; do
    kill -0 $pid 2>/dev/null || break; sleep 0.2
  done
  kill -TERM $pid; wait $pid; echo "exit after SIGTERM: $?"; cat "$runs/sigterm.out"; tail -5 "$runs/sigterm.err"; ls "$runs"
  latent train "$runs/e1-sigterm.json" --data "$data" --resume "$runs/e1-sigterm" 2>&1 | tail -9
  echo "== PyTorch reads the checkpoint"
  python3 - "$runs/e1-vae-mnist/checkpoint.safetensors" <<'PY'
import json, struct, sys
import torch
path = sys.argv[1]
try:
    from safetensors.torch import load_file
    t = load_file(path)
    print("safetensors.torch.load_file:", len(t), "tensors")
except ImportError as e:
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        h = json.loads(f.read(n))
        data = f.read()
    meta = h.pop("__metadata__")
    t = {k: torch.frombuffer(bytearray(data[v["data_offsets"][0]:v["data_offsets"][1]]), dtype=torch.float32).reshape(v["shape"])
         for k, v in h.items()}
    print("no safetensors package (%s); parsed by hand:" % e, len(t), "tensors, metadata", list(meta))
for k in ["encoder.dense0.weight", "encoder.dense0.bias", "decoder.dense6.weight", "optimizer.adam.m", "history.reconstructions"]:
    print(k, tuple(t[k].shape), t[k].dtype, "mean |x| %.5f" % float(t[k].abs().mean()))
PY
} > "$out/log.txt" 2>&1
for f in summary.json metrics.csv loss.png reconstructions.png samples.png report.html; do cp "$runs/e1-vae-mnist/$f" "$out/" 2>/dev/null; done
tail -c 4000 "$out/log.txt"
