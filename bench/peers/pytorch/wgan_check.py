"""Does E6 trained as a Wasserstein GAN (Latent's examples/e6-wgan.json) collapse in PyTorch too?
(A check, not a timing; the counterpart of dcgan_output_check.py.)

E6's networks of e6_dcgan.py (sigmoid output on [0, 1] pixels, Glorot uniform, zero biases), the
discriminator's Dense 1 score used directly as the critic; per critic step 64 real + 64 generated
images stacked in one batch, critic loss mean score(generated) - mean score(real), then every
critic weight clipped to [-0.01, 0.01]; after every 5 critic steps one generator step on 128 z
with loss -mean score(G(z)); RMSprop lr 5e-5 with Keras' rho 0.9 and eps 1e-7 (Latent's RMSprop
defaults); 468 critic steps per epoch of a fresh random order. Prints the critic and generator
losses and the samples' per-pixel standard deviation every 100 critic steps.

Usage: python3 wgan_check.py DATA [CRITIC_STEPS]   (default 1404: Latent's 3 epochs)
"""
import gzip
import os
import sys

import numpy as np
import torch

from e6_dcgan import discriminator, generator

data = sys.argv[1]
steps = int(sys.argv[2]) if len(sys.argv) > 2 else 1404
torch.manual_seed(1)
raw = gzip.open(os.path.join(data, "mnist", "train-images-idx3-ubyte.gz")).read()
x = torch.tensor(np.frombuffer(raw, np.uint8, offset=16).reshape(-1, 784), dtype=torch.float32) / 255.0
G, D = generator(), discriminator(True)
og = torch.optim.RMSprop(G.parameters(), 5e-5, alpha=0.9, eps=1e-7)
od = torch.optim.RMSprop(D.parameters(), 5e-5, alpha=0.9, eps=1e-7)
n, critic_sum, generator_sum, generator_steps = 64, 0.0, 0.0, 0
for s in range(steps):
    if s % 468 == 0:
        perm = torch.randperm(60000)
    real = x[perm[(s % 468) * n:(s % 468 + 1) * n]]
    with torch.no_grad():
        fake = G(torch.randn(n, 100))
    score = D(torch.cat([real, fake]))
    loss = score[n:].mean() - score[:n].mean()
    od.zero_grad()
    loss.backward()
    od.step()
    with torch.no_grad():
        for p in D.parameters():
            p.clamp_(-0.01, 0.01)
    critic_sum += loss.item()
    if (s + 1) % 5 == 0:
        g_loss = -D(G(torch.randn(2 * n, 100))).mean()
        og.zero_grad()
        g_loss.backward()
        og.step()
        generator_sum, generator_steps = generator_sum + g_loss.item(), generator_steps + 1
    if (s + 1) % 100 == 0 or s + 1 == steps:
        with torch.no_grad():
            std = G(torch.randn(100, 100)).std(0).mean().item()
        k = (s % 100) + 1
        print(f"critic step {s + 1} critic {critic_sum / k:.4f} G {generator_sum / max(1, generator_steps):.4f}"
              f" sample pixel std (on [0, 1]) {std:.4f}", flush=True)
        critic_sum, generator_sum, generator_steps = 0.0, 0.0, 0
