"""What the PyTorch peer scripts (e1_vae.py, e4_mlp.py, e5_cnn.py, e6_dcgan.py) share.

Each script builds the same network as Latent's config, then calls run(): MNIST resident on the
device, a new permutation every epoch, batches gathered on the device (index_select, one kernel, as
Latent's gatherRows), the partial last batch kept (Latent keeps it too), the per-step loss summed on
the device and read once per epoch, epochs timed with CUDA events (perf_counter on the CPU).

Modes:
  eager      plain PyTorch (Adam with its CUDA default, foreach)
  compile    torch.compile(step, dynamic=False) (default Inductor mode; backward is a graph break,
             the forward+backward and the optimizer step are compiled). The partial last batch of
             an epoch (1 step of 108 / 430 / 469 in E4 / E5 / E6; E1 has none) runs the same step
             uncompiled, which saves a second compile for a second shape within the time budget
  compile-ro the same with mode="reduce-overhead" (Inductor's own CUDA graphs; Adam capturable)
  cudagraph  the whole step (zero_grad, forward, backward, Adam(capturable=True) step, loss sum)
             captured into one CUDA graph per batch shape, following PyTorch's documented
             whole-network capture (warm-up on a side stream, then torch.cuda.graph); per step the
             host launches the batch gather and one replay

float32 with TF32 off unless --tf32. Output: one JSON line per epoch ("kind": "epoch") and a last
one ("kind": "summary") with the median epoch time of epochs 2..N.
"""
import argparse
import gzip
import json
import os
import statistics
import sys
import time

import numpy as np
import torch

MODES = ("eager", "compile", "compile-ro", "cudagraph")


def parse_args(description, default_epochs):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("data", help="a folder holding mnist/train-images-idx3-ubyte.gz (or those files itself)")
    p.add_argument("--mode", choices=MODES, default="eager")
    p.add_argument("--epochs", type=int, default=default_epochs)
    p.add_argument("--device", default="cuda", help="cuda (default) or cpu (eager and compile only; for checking the scripts)")
    p.add_argument("--max-steps", type=int, default=0, help="stop each epoch after this many steps (0: the whole epoch)")
    p.add_argument("--limit", type=int, default=0, help="use only the first N training images (0: all the config uses)")
    p.add_argument("--tf32", action="store_true", help="allow TF32 in matmuls and convolutions (off by default)")
    p.add_argument("--cudnn-benchmark", action="store_true",
                   help="let cuDNN time its algorithms (off by default, PyTorch's default; not in run-all's modes)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=0,
                   help="CPU threads for PyTorch's intra-op pool (torch.set_num_threads; 0: PyTorch's default)")
    a = p.parse_args()
    if a.device == "cpu" and a.mode not in ("eager", "compile"):
        p.error("on the CPU only --mode eager and compile are supported")
    if a.device.startswith("cuda") and not torch.cuda.is_available():
        p.error("CUDA is not available; use --device cpu")
    return a


def setup(args):
    """Precision and seed, before anything is built."""
    torch.backends.cuda.matmul.allow_tf32 = args.tf32
    torch.backends.cudnn.allow_tf32 = args.tf32
    torch.set_float32_matmul_precision("high" if args.tf32 else "highest")
    torch.backends.cudnn.benchmark = args.cudnn_benchmark
    torch.manual_seed(args.seed)
    if args.threads:
        torch.set_num_threads(args.threads)
        torch.set_num_interop_threads(1)


def _idx(folder, name):
    for path in (os.path.join(folder, "mnist", name), os.path.join(folder, name)):
        if os.path.exists(path):
            with gzip.open(path) as f:
                raw = f.read()
            dims = raw[3]
            shape = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
            return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)
    sys.exit(f"no {name} under {folder} or {folder}/mnist")


def mnist(args, count, labels=False):
    """The first `count` training images as [n, 784] float32 in [0, 1] on the device (and int64 labels)."""
    if args.limit:
        count = min(count, args.limit)
    x = _idx(args.data, "train-images-idx3-ubyte.gz").reshape(-1, 784)[:count]
    xt = torch.tensor(x, dtype=torch.float32, device=args.device) / 255.0
    if not labels:
        return (xt,)
    y = _idx(args.data, "train-labels-idx1-ubyte.gz")[:count]
    return xt, torch.tensor(y.astype(np.int64), device=args.device)


def count_params(module):
    return sum(p.numel() for p in module.parameters())


def check_params(name, module, expected):
    n = count_params(module)
    if n != expected:
        sys.exit(f"{name}: {n:,} parameters, Latent's config has {expected:,}")
    return n


def adam(params, args, **kw):
    """torch.optim.Adam; capturable (its step counts on the device) for the modes with CUDA graphs."""
    return torch.optim.Adam(params, capturable=(args.mode in ("cudagraph", "compile-ro")), **kw)


def classifier_step(model, opt):
    """One training step of a classifier: cross-entropy of the logits, backward, the optimizer's step."""
    def step(x, y):
        opt.zero_grad(set_to_none=False)
        loss = torch.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        return loss.detach().reshape(1)
    return step


def emit(obj):
    print(json.dumps(obj), flush=True)


def run(args, model_name, data, batch, step, loss_names, params, description):
    """Trains for args.epochs epochs and prints the JSON lines.

    data: tensors with the examples in their first dimension (resident on the device);
    step(*batch_tensors) -> a 1-D tensor of losses (the whole training step: zero_grad, forward,
    backward, optimizer step); params: the parameter counts, for the summary.
    """
    dev = torch.device(args.device)
    cuda = dev.type == "cuda"
    n = data[0].shape[0]
    steps = (n + batch - 1) // batch
    if args.max_steps:
        steps = min(steps, args.max_steps)
    sizes = sorted({min(batch, n - i * batch) for i in range(steps)}, reverse=True)
    acc = torch.zeros(len(loss_names), device=dev)

    def counted(*b):
        acc.add_(step(*b).detach())

    graphs, partial = {}, counted
    if args.mode in ("compile", "compile-ro"):
        compiled = torch.compile(counted, dynamic=False, mode="reduce-overhead" if args.mode == "compile-ro" else None)
        if args.mode == "compile-ro":
            def fn(*b):
                torch.compiler.cudagraph_mark_step_begin()
                compiled(*b)
        else:
            fn = compiled
    elif args.mode == "cudagraph":
        # PyTorch's whole-network capture: warm up on a side stream (creates the .grad tensors and
        # Adam's state outside the graph), then capture one graph per batch size.
        s = torch.cuda.Stream()
        s.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(s):
            for size in sizes:
                for _ in range(3):
                    counted(*[t[:size] for t in data])
        torch.cuda.current_stream().wait_stream(s)
        torch.cuda.synchronize()
        for size in sizes:
            static = [torch.empty((size,) + tuple(t.shape[1:]), dtype=t.dtype, device=dev) for t in data]
            for st, t in zip(static, data):
                st.copy_(t[:size])
            g = torch.cuda.CUDAGraph()
            with torch.cuda.graph(g):
                counted(*static)
            graphs[size] = (g, static)
        torch.cuda.synchronize()
        fn = None
    else:
        fn = counted

    times, last = [], None
    header = dict(model=model_name, mode=args.mode, tf32=args.tf32, device=args.device)
    if args.cudnn_benchmark:
        header["cudnn_benchmark"] = True
    for e in range(1, args.epochs + 1):
        if cuda:
            start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            torch.cuda.synchronize()
            wall0 = time.perf_counter()
            start.record()
        else:
            wall0 = time.perf_counter()
        acc.zero_()
        order = torch.randperm(n, device=dev)
        for i in range(steps):
            idx = order[i * batch:(i + 1) * batch]
            if graphs:
                g, static = graphs[idx.shape[0]]
                for st, t in zip(static, data):
                    torch.index_select(t, 0, idx, out=st)
                g.replay()
            elif idx.shape[0] == batch:
                fn(*[t.index_select(0, idx) for t in data])
            else:
                partial(*[t.index_select(0, idx) for t in data])
        if cuda:
            end.record()
        losses = (acc / steps).tolist()  # the epoch's one host synchronization
        wall = time.perf_counter() - wall0
        if cuda:
            seconds = start.elapsed_time(end) / 1000
        else:
            seconds = wall
        times.append(seconds)
        last = losses
        emit(dict(kind="epoch", **header, epoch=e, steps=steps, seconds=round(seconds, 4), wall_seconds=round(wall, 4),
                  **{k: round(v, 5) for k, v in zip(loss_names, losses)}))
    timed = times[1:] if len(times) > 1 else times
    emit(dict(kind="summary", **header, description=description, batch=batch, examples=n, steps_per_epoch=steps,
              epochs=args.epochs, median_s=round(statistics.median(timed), 4),
              ms_per_step=round(1000 * statistics.median(timed) / steps, 4), epoch_seconds=[round(t, 4) for t in times],
              params=params, last_losses=dict(zip(loss_names, [round(v, 5) for v in last])),
              torch=torch.__version__, gpu=torch.cuda.get_device_name() if cuda else "cpu",
              threads=torch.get_num_threads(), cpu_capability=torch.backends.cpu.get_cpu_capability()))
