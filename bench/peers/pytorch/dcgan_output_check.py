"""Does the E6 DCGAN with a tanh output on [-1, 1] pixels lose to its discriminator in PyTorch too?
(A check, not a timing; the DCGAN counterpart of mlp_gan_check.py.)

The networks of e6_dcgan.py (E6's generator and discriminator, Glorot uniform, zero biases) with the
generator's sigmoid swapped for tanh when asked; Adam 2e-4 beta1 0.5 eps 1e-7; 128 real + 128
generated per discriminator step on the stacked batch, 256 z per generator step, 234 steps per epoch
of a fresh random order (Latent's `e6-dcgan-tanh` / `e6-dcgan-mnist` step). Prints D and G losses and
the samples' per-pixel standard deviation (on [0, 1]) every 50 steps.

Usage: python3 dcgan_output_check.py DATA sigmoid|tanh [STEPS]
"""
import gzip
import os
import sys

import numpy as np
import torch

from gan_check_loop import train
from e6_dcgan import discriminator, generator

data, output = sys.argv[1], sys.argv[2]
steps = int(sys.argv[3]) if len(sys.argv) > 3 else 234
torch.manual_seed(1)
raw = gzip.open(os.path.join(data, "mnist", "train-images-idx3-ubyte.gz")).read()
x = torch.tensor(np.frombuffer(raw, np.uint8, offset=16).reshape(-1, 784), dtype=torch.float32) / 255.0
G, D = generator(), discriminator(True)
if output == "tanh":
    x = x * 2 - 1
    G[-2] = torch.nn.Tanh()
train(G, D, x, steps, output == "tanh", print_last=True)
