#!/usr/bin/env bash
# E1 VAE epoch time: Latent (CUDA) against PyTorch eager, torch.compile and CUDA graphs, on the same
# GPU in one call. Needs target/latent.jar + target/e2e-classes (bench/e2e/run.sh compile), a Java
# runtime (JAVA, or the packed .gpu/jre.tar.xz), python3 with torch, and MNIST in $1.
# Prints the per-epoch logs and one table of medians (epochs 2..N) and ratios.
set -u
cd "$(dirname "$0")/../../.."
data=${1:?usage: bench/peers/pytorch/run.sh MNIST_DATA_DIR [EPOCHS]}
epochs=${2:-6}
out=${OUT:-target/peers}
mkdir -p "$out"
if [ -z "${JAVA:-}" ]; then
  mkdir -p /tmp/latent-jre && tar xJf .gpu/jre.tar.xz -C /tmp/latent-jre && JAVA=/tmp/latent-jre/.jre-cli/bin/java
fi
export JAVA
PYTHONUNBUFFERED=1 bash bench/e2e/run.sh VaeEpochs "$data" cuda "$epochs" | grep -E '^[0-9]+,' > "$out/latent.csv"
for mode in eager compile graphs; do
  PYTHONUNBUFFERED=1 timeout 150 python3 bench/peers/pytorch/e1_vae.py "$data" "$mode" "$epochs" 2> "$out/torch-$mode.err" \
    | grep -E '^[0-9]+,' > "$out/torch-$mode.csv"
done
python3 - "$out" <<'PY'
import statistics, sys
out = sys.argv[1]
def median(name):
    rows = [l.strip().split(",") for l in open(f"{out}/{name}.csv") if l.strip()]
    if len(rows) < 2:
        return None, None
    return statistics.median(float(r[2]) for r in rows[1:]), float(rows[-1][1])
ours, ours_loss = median("latent")
print(f"{'E1 VAE J=20, batch 100':34s} {'median epoch s':>15s} {'last loss':>10s} {'ours faster by':>15s}")
print(f"{'Latent (CUDA, cuBLAS)':34s} {ours:15.3f} {ours_loss:10.3f} {'':>15s}")
for mode in ["eager", "compile", "graphs"]:
    t, loss = median(f"torch-{mode}")
    if t is None:
        print(f"{'PyTorch ' + mode:34s} {'failed (see torch-' + mode + '.err)':>15s}")
    else:
        print(f"{'PyTorch ' + mode:34s} {t:15.3f} {loss:10.3f} {t / ours:14.2f}x")
PY
