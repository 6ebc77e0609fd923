"""The training loop shared by mlp_gan_check.py and dcgan_output_check.py: Latent's GAN step (128 real
+ 128 generated per discriminator step on the stacked batch, 256 z per generator step, 234 steps per
epoch of a fresh random order, Adam 2e-4 beta1 0.5 eps 1e-7), printing D and G losses and the samples'
per-pixel standard deviation (on [0, 1]) every 50 steps and, with print_last, after the last one."""
import torch
import torch.nn.functional as F


def train(G, D, x, steps, tanh, print_last=False):
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
        if (s + 1) % 50 == 0 or (print_last and s + 1 == steps):
            k = (s % 50) + 1
            with torch.no_grad():
                std = G(torch.randn(100, 100)).std(0).mean().item() / (2 if tanh else 1)
            print(f"step {s + 1} D {dl / k:.4f} G {gl / k:.4f} sample pixel std (on [0, 1]) {std:.4f}", flush=True)
            dl = gl = 0.0
