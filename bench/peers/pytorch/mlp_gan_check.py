"""Does an MLP GAN with the e6-mlp-gan-mnist networks collapse in PyTorch too? (A check, not a timing.)

Same networks, init, optimizer and step as Latent's `mlp` GAN (G 100-256-512-1024-784, D its mirror
with Dropout 0.4, LeakyReLU 0.2, Glorot uniform, Adam 2e-4 beta1 0.5 eps 1e-7, 128 real + 128
generated per D step on the stacked batch, 256 z per G step, 234 steps per epoch of a fresh random
order); prints D and G losses and the samples' per-pixel standard deviation every 50 steps.

Usage: python3 mlp_gan_check.py DATA sigmoid|tanh [STEPS]
  sigmoid: output sigmoid, pixels in [0, 1]; tanh: output tanh, pixels in [-1, 1].
"""
import gzip
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

data, output = sys.argv[1], sys.argv[2]
steps = int(sys.argv[3]) if len(sys.argv) > 3 else 300
torch.manual_seed(1)
raw = gzip.open(os.path.join(data, "mnist", "train-images-idx3-ubyte.gz")).read()
x = torch.tensor(np.frombuffer(raw, np.uint8, offset=16).reshape(-1, 784), dtype=torch.float32) / 255.0
if output == "tanh":
    x = x * 2 - 1


def glorot(layer):
    nn.init.xavier_uniform_(layer.weight)
    nn.init.zeros_(layer.bias)
    return layer


def act():
    return nn.LeakyReLU(0.2)


G = nn.Sequential(glorot(nn.Linear(100, 256)), act(), glorot(nn.Linear(256, 512)), act(), glorot(nn.Linear(512, 1024)), act(),
                  glorot(nn.Linear(1024, 784)), nn.Tanh() if output == "tanh" else nn.Sigmoid())
D = nn.Sequential(glorot(nn.Linear(784, 1024)), act(), nn.Dropout(0.4), glorot(nn.Linear(1024, 512)), act(), nn.Dropout(0.4),
                  glorot(nn.Linear(512, 256)), act(), nn.Dropout(0.4), glorot(nn.Linear(256, 1)))
og = torch.optim.Adam(G.parameters(), 2e-4, betas=(0.5, 0.999), eps=1e-7)
od = torch.optim.Adam(D.parameters(), 2e-4, betas=(0.5, 0.999), eps=1e-7)
n, dl, gl = 128, 0.0, 0.0
for s in range(steps):
    if s % 234 == 0:
        perm = torch.randperm(60000)
    real = x[perm[(s % 234) * n:(s % 234 + 1) * n]]
    with torch.no_grad():
        fake = G(torch.randn(n, 100))
    ld = F.binary_cross_entropy_with_logits(D(torch.cat([real, fake])), torch.cat([torch.ones(n, 1), torch.zeros(n, 1)]))
    od.zero_grad()
    ld.backward()
    od.step()
    lg = F.binary_cross_entropy_with_logits(D(G(torch.randn(2 * n, 100))), torch.ones(2 * n, 1))
    og.zero_grad()
    lg.backward()
    og.step()
    dl, gl = dl + ld.item(), gl + lg.item()
    if (s + 1) % 50 == 0:
        with torch.no_grad():
            std = G(torch.randn(100, 100)).std(0).mean().item() / (2 if output == "tanh" else 1)
        print(f"step {s + 1} D {dl / 50:.4f} G {gl / 50:.4f} sample pixel std (on [0, 1]) {std:.4f}", flush=True)
        dl = gl = 0.0
