"""The table of bench/cpu-speed/bounds.sh from its logs.

Usage: python3 bench/cpu-speed/bounds_table.py LOGDIR
Reads LOGDIR/latent-eN-rR.log (bench/e2e/StepProfile) and LOGDIR/torch-eN-rR.jsonl (a PyTorch
peer script in its fastest mode). Per model, medians over rounds of:
  - Latent's step (StepProfile's untimed pass) and the time of its matrix products and convolutions
    (the timed pass, each op timed alone), with their GFLOP per step;
  - PyTorch's step (its median of epochs 2..N).
Then: "if all else were free" = PyTorch's step / Latent's matrix time, the ratio Latent would reach
if every other op took no time; "matrix speed-up for 2x" = 2 x Latent's matrix time / PyTorch's
step, how much faster the matrix work alone would have to run to reach the target of 2 with
every other op free. GFLOP/s are the matrix work's rate: Latent's over its matrix time, PyTorch's
over its whole step (the same products and convolutions).
"""
import glob
import os
import re
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "peers"))
from table import read_jsonl  # noqa: E402

LABELS = {"e1": "E1 VAE, batch 100", "e4": "E4 MLP, batch 512", "e5": "E5 CNN, batch 128",
          "e6": "E6 DCGAN, 128 real"}
MODES = {"e1": "compile", "e4": "eager", "e5": "eager", "e6": "compile"}
UNTIMED = re.compile(r"untimed step: ([0-9.]+) ms")
MATRIX = re.compile(r"matrix products and convolutions: ([0-9.]+) GFLOP per step, ([0-9.]+) ms per step")


def latent(path):
    text = open(path).read()
    step, matrix = UNTIMED.search(text), MATRIX.search(text)
    if not step or not matrix:
        return None
    return float(step.group(1)), float(matrix.group(1)), float(matrix.group(2))


def torch(path):
    summary, _ = read_jsonl(path)
    return None if summary is None else summary["ms_per_step"]


def main():
    logdir = sys.argv[1]
    print("| model | GFLOP per step | Latent step ms | its matrix ms | PyTorch fastest ms | PyTorch / Latent "
          "| if all else were free | matrix speed-up for 2x | Latent matrix GFLOP/s | PyTorch GFLOP/s | rounds |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for model, label in LABELS.items():
        ours = [r for r in map(latent, sorted(glob.glob(os.path.join(logdir, f"latent-{model}-r*.log")))) if r]
        theirs = [t for t in map(torch, sorted(glob.glob(os.path.join(logdir, f"torch-{model}-r*.jsonl")))) if t]
        if not ours or not theirs:
            continue
        step = statistics.median(r[0] for r in ours)
        gflop = statistics.median(r[1] for r in ours)
        matrix = statistics.median(r[2] for r in ours)
        peer = statistics.median(theirs)
        print(f"| {label} | {gflop:.3f} | {step:.1f} | {matrix:.1f} | {peer:.1f} ({MODES[model]}) | {peer / step:.2f}x "
              f"| {peer / matrix:.2f}x | {2 * matrix / peer:.2f}x | {gflop / matrix * 1e3:.0f} | {gflop / peer * 1e3:.0f} "
              f"| {min(len(ours), len(theirs))} |")


if __name__ == "__main__":
    main()
