"""E1 VAE (latent 20) in PyTorch, the same way Latent trains it, for epoch-time comparisons.

784-500-500-(20+20) encoder, 20-500-500-784 decoder, ReLU, Bernoulli likelihood from logits,
LeCun-normal weights (std = fan_in^-1/2), zero biases, Adam 1e-3 (0.9, 0.999, 1e-8), batch 100,
the first 55,000 MNIST training images resident on the GPU, a new permutation every epoch, the
epoch's loss summed on the device and read once per epoch. float32 with TF32 disabled.

Usage: python3 e1_vae.py MNIST_DIR MODE EPOCHS   (MODE: eager | compile | graphs)
Prints one CSV line per epoch: epoch,train_loss,seconds (seconds from CUDA events).
"""
import gzip
import sys

import numpy as np
import torch

torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
torch.set_float32_matmul_precision("highest")


def mnist(folder):
    with gzip.open(f"{folder}/mnist/train-images-idx3-ubyte.gz") as f:
        x = np.frombuffer(f.read(), dtype=np.uint8, offset=16).reshape(-1, 784)
    return torch.tensor(x[:55000], dtype=torch.float32, device="cuda") / 255.0


def dense(i, o):
    layer = torch.nn.Linear(i, o)
    torch.nn.init.normal_(layer.weight, std=i ** -0.5)
    torch.nn.init.zeros_(layer.bias)
    return layer


class Vae(torch.nn.Module):
    def __init__(self, j=20):
        super().__init__()
        self.j = j
        self.enc = torch.nn.Sequential(dense(784, 500), torch.nn.ReLU(), dense(500, 500), torch.nn.ReLU(), dense(500, 2 * j))
        self.dec = torch.nn.Sequential(dense(j, 500), torch.nn.ReLU(), dense(500, 500), torch.nn.ReLU(), dense(500, 784))

    def forward(self, x):
        stats = self.enc(x)
        mu, logvar = stats[:, : self.j], stats[:, self.j:]
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
        logits = self.dec(z)
        rec = torch.nn.functional.binary_cross_entropy_with_logits(logits, x, reduction="sum")
        kl = -0.5 * torch.sum(1 + logvar - mu * mu - torch.exp(logvar))
        return (rec + kl) / x.shape[0]


def main():
    folder, mode, epochs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    torch.manual_seed(1)
    data = mnist(folder)
    model = Vae().cuda()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8, capturable=(mode == "graphs"))

    def step(x):
        opt.zero_grad(set_to_none=False)
        loss = model(x)
        loss.backward()
        opt.step()
        return loss.detach()

    batch = torch.empty(100, 784, device="cuda")
    if mode == "compile":
        step = torch.compile(step)
    elif mode == "graphs":
        s = torch.cuda.Stream()
        s.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(s):
            for _ in range(3):
                batch.copy_(data[:100])
                step(batch)
        torch.cuda.current_stream().wait_stream(s)
        graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(graph):
            graph_loss = step(batch)

        def step(x):
            batch.copy_(x)
            graph.replay()
            return graph_loss

    print("epoch,train_loss,seconds")
    n = data.shape[0]
    for e in range(1, epochs + 1):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        order = torch.randperm(n, device="cuda")
        total = torch.zeros((), device="cuda")
        for i in range(0, n, 100):
            total += step(data[order[i:i + 100]])
        end.record()
        torch.cuda.synchronize()
        print(f"{e},{total.item() / (n // 100):.4f},{start.elapsed_time(end) / 1000:.3f}", flush=True)


if __name__ == "__main__":
    main()
