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

from gan_check_loop import train

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
train(G, D, x, steps, output == "tanh")
