"""One markdown table of Latent against PyTorch from the logs of bench/peers/run-all.sh.

Usage: python3 bench/peers/table.py LOGDIR
Reads LOGDIR/latent-eN.csv (Latent's metrics.csv for eN) and LOGDIR/torch-eN-MODE.jsonl (the JSON
lines of bench/peers/pytorch/eN_*.py; MODE eager, compile, compile-ro, cudagraph, cudagraph-tf32).

Latent's epoch time is its training time alone: metrics.csv's examples_per_second is the epoch's
training examples over the wall time of the training loop (which ends on the epoch's last loss read,
a host synchronization); the csv's `seconds` column also holds the evaluations after the epoch and
is not used. PyTorch's is CUDA-event time of the same loop (permutation, gathers, steps, one loss
read). Both: the median of epochs 2..N (epoch 1 holds compilation, capture and warm-up).
"""
import csv
import json
import os
import statistics
import sys

# model: (label, training examples per epoch in Latent's config)
MODELS = {
    "e1": ("E1 VAE J=20, batch 100", 55000),
    "e4": ("E4 MLP, batch 512", 55000),
    "e5": ("E5 CNN, batch 128", 55000),
    "e6": ("E6 DCGAN, 128 real + 128 fake (D) + 256 z (G)", 60000),
}
FP32_MODES = ["eager", "compile", "compile-ro", "cudagraph"]
ALL_MODES = FP32_MODES + ["cudagraph-tf32"]


def latent(logdir, model):
    path = os.path.join(logdir, f"latent-{model}.csv")
    if not os.path.exists(path):
        return None
    rows = list(csv.DictReader(open(path)))
    if not rows:
        return None
    examples = MODELS[model][1]
    secs = [examples / float(r["examples_per_second"]) for r in rows]
    steps = [int(r["step"]) for r in rows]
    per_epoch = steps[0] if len(steps) == 1 else steps[1] - steps[0]
    timed = secs[1:] if len(secs) > 1 else secs
    return dict(median_s=statistics.median(timed), steps=per_epoch, epochs=len(rows), loss=float(rows[-1]["train_loss"]))


def read_jsonl(path):
    """The summary line (or None) and the epoch lines of a PyTorch peer script's output."""
    summary, epochs = None, []
    for line in open(path):
        line = line.strip()
        if not line.startswith("{"):
            continue
        try:
            o = json.loads(line)
        except ValueError:
            continue
        if o.get("kind") == "summary":
            summary = o
        elif o.get("kind") == "epoch":
            epochs.append(o)
    return summary, epochs


def torch_run(logdir, model, mode):
    path = os.path.join(logdir, f"torch-{model}-{mode}.jsonl")
    if not os.path.exists(path):
        return None
    summary, epochs = read_jsonl(path)
    if summary is None and len(epochs) >= 2:  # cut short: the epochs it finished
        t = [e["seconds"] for e in epochs[1:]]
        summary = dict(median_s=statistics.median(t), steps_per_epoch=epochs[0]["steps"], partial=True,
                       last_losses={k: v for k, v in epochs[-1].items() if k.endswith("loss")}, gpu="?", torch="?")
    return summary


def fmt(x, digits=3):
    return "—" if x is None else f"{x:.{digits}f}"


def ratio(a, b):
    return "—" if a is None or b is None else f"{a / b:.2f}×"


def main():
    logdir = sys.argv[1]
    gpu = torch_version = None
    lines = [
        "Median epoch seconds (epochs 2..N) on the same GPU, float32 without TF32 unless marked. "
        "An epoch is Latent's: E1/E4/E5 one pass over 55,000 images (550/108/430 steps); E6 one pass "
        "over all 60,000 images = 469 steps of (D on 128 real + 128 generated, G on 256 z), i.e. the "
        "same images and steps on both sides (twice E6's published 234-step epoch). Ratios > 1: "
        "PyTorch takes longer than Latent. 'fastest' is the fastest float32 PyTorch mode.",
        "",
        "| model | steps/epoch | Latent s | eager s | compile s | compile-ro s | cudagraph s | cudagraph TF32 s "
        "| eager / Latent | fastest / Latent | fastest mode | ms/step Latent | ms/step fastest | last loss Latent / PyTorch eager |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|",
    ]
    for model, (label, _) in MODELS.items():
        ours = latent(logdir, model)
        runs = {m: torch_run(logdir, model, m) for m in ALL_MODES}
        if ours is None and not any(runs.values()):
            continue
        for r in runs.values():
            if r and r.get("gpu") not in (None, "?"):
                gpu, torch_version = r["gpu"], r.get("torch")
        t = {m: (runs[m]["median_s"] if runs[m] else None) for m in ALL_MODES}
        fp32 = {m: t[m] for m in FP32_MODES if t[m] is not None}
        fastest = min(fp32, key=fp32.get) if fp32 else None
        ls = ours["median_s"] if ours else None
        steps = ours["steps"] if ours else next((r["steps_per_epoch"] for r in runs.values() if r), None)
        torch_steps = next((r["steps_per_epoch"] for r in runs.values() if r), None)
        if ours and torch_steps is not None and torch_steps != ours["steps"]:
            label += f" (**steps differ: Latent {ours['steps']}, PyTorch {torch_steps}**)"
        eager_loss = runs["eager"]["last_losses"] if runs["eager"] else None
        loss_txt = (fmt(ours["loss"], 4) if ours else "—") + " / " + (
            ", ".join(f"{v:.4f}" for v in eager_loss.values()) if eager_loss else "—")
        marks = {m: fmt(t[m]) + (" (cut short)" if runs[m] and runs[m].get("partial") else "") for m in ALL_MODES}
        lines.append(
            f"| {label} | {steps if steps is not None else '—'} | {fmt(ls)} | {marks['eager']} | {marks['compile']} "
            f"| {marks['compile-ro']} | {marks['cudagraph']} | {marks['cudagraph-tf32']} "
            f"| {ratio(t['eager'], ls)} | {ratio(fp32.get(fastest), ls)} | {fastest or '—'} "
            f"| {fmt(1000 * ls / steps if ls and steps else None, 3)} "
            f"| {fmt(1000 * fp32[fastest] / torch_steps if fastest else None, 3)} | {loss_txt} |")
    lines += ["", f"GPU: {gpu or 'unknown'}; PyTorch {torch_version or 'unknown'}. "
              "E6's loss columns: Latent's train_loss is the discriminator's BCE; PyTorch's are D, G. "
              "— : not run, failed or skipped (see the logs)."]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
