"""One markdown table of Latent against PyTorch on the CPU from the logs of bench/peers/cpu-run.sh.

Usage: python3 bench/peers/cpu_table.py LOGDIR
Reads LOGDIR/latent-eN-rR.csv (Latent's metrics.csv of round R) and LOGDIR/torch-eN-MODE-rR.jsonl.
Each run's time is the median of its epochs 2..N (epoch 1 holds JIT warm-up or torch.compile's
compilation); the table gives the median over rounds of those, in ms per training step, and the
ratio PyTorch / Latent (above 1: Latent is faster). The issue's target is a ratio of at least 2
against PyTorch's fastest mode.

Latent's epoch time is its training loop alone: the epoch's training examples over metrics.csv's
examples_per_second (the csv's `seconds` also holds evaluations).
"""
import csv
import glob
import os
import statistics
import sys

from table import read_jsonl

# model: (label, batch, training images)
MODELS = {
    "e1": ("E1 VAE J=20, batch 100", 100, 55000),
    "e4": ("E4 MLP, batch 512", 512, 55000),
    "e5": ("E5 CNN, batch 128", 128, 55000),
    "e6": ("E6 DCGAN, 128 real + 128 fake (D), 256 z (G)", 128, 60000),
}
MODES = ["eager", "compile"]


def rounds(logdir, pattern):
    return sorted(glob.glob(os.path.join(logdir, pattern)))


def latent_run(path, batch, images):
    rows = list(csv.DictReader(open(path)))
    if not rows:
        return None
    steps = [int(r["step"]) for r in rows]
    per_epoch = [steps[0]] + [b - a for a, b in zip(steps, steps[1:])]
    ms = [1000 * min(s * batch, images) / float(r["examples_per_second"]) / s for s, r in zip(per_epoch, rows)]
    timed = ms[1:] if len(ms) > 1 else ms
    return dict(ms=statistics.median(timed), steps=per_epoch[-1], loss=float(rows[-1]["train_loss"]))


def torch_run(path):
    summary, _ = read_jsonl(path)
    if summary is None:
        return None
    loss = ", ".join(f"{v:.4f}" for v in summary["last_losses"].values())
    return dict(ms=summary["ms_per_step"], steps=summary["steps_per_epoch"], loss=loss,
                torch=summary.get("torch"), threads=summary.get("threads"), cap=summary.get("cpu_capability"))


def fmt(x, digits=1):
    return "—" if x is None else f"{x:.{digits}f}"


def main():
    logdir = sys.argv[1]
    lines = [
        "Median over rounds of each run's median ms per training step (epochs 2..N), same cores and "
        "thread count for both engines, runs in alternation. Ratio = PyTorch / Latent (above 1: "
        "Latent is faster; the target is 2 against the fastest mode).",
        "",
        "| model | steps/epoch | Latent ms/step | eager ms/step | compile ms/step | eager / Latent "
        "| fastest / Latent | fastest | rounds | Latent rounds ms | last loss Latent / eager |",
        "|---|---:|---:|---:|---:|---:|---:|---|---:|---|---|",
    ]
    info = None
    for model, (label, batch, images) in MODELS.items():
        ours = [r for r in (latent_run(p, batch, images) for p in rounds(logdir, f"latent-{model}-r*.csv")) if r]
        theirs = {m: [r for r in (torch_run(p) for p in rounds(logdir, f"torch-{model}-{m}-r*.jsonl")) if r]
                  for m in MODES}
        if not ours and not any(theirs.values()):
            continue
        for rs in theirs.values():
            for r in rs:
                info = info or r
        lat = statistics.median(r["ms"] for r in ours) if ours else None
        t = {m: (statistics.median(r["ms"] for r in rs) if rs else None) for m, rs in theirs.items()}
        done = {m: v for m, v in t.items() if v is not None}
        fastest = min(done, key=done.get) if done else None
        steps = ours[-1]["steps"] if ours else next((rs[-1]["steps"] for rs in theirs.values() if rs), None)
        ratio = lambda v: "—" if v is None or lat is None else f"{v / lat:.2f}×"
        eager_loss = theirs["eager"][-1]["loss"] if theirs["eager"] else "—"
        lines.append(
            f"| {label} | {steps} | {fmt(lat)} | {fmt(t['eager'])} | {fmt(t['compile'])} | {ratio(t['eager'])} "
            f"| {ratio(done.get(fastest))} | {fastest or '—'} | {len(ours)} "
            f"| {', '.join(fmt(r['ms']) for r in ours)} | {fmt(ours[-1]['loss'], 4) if ours else '—'} / {eager_loss} |")
    if info:
        lines += ["", f"PyTorch {info['torch']} ({info['cap']}), {info['threads']} threads. "
                  "E6's loss columns: Latent's train_loss is the discriminator's BCE; PyTorch's are D, G."]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
