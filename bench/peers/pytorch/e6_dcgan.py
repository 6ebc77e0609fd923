"""E6 DCGAN in PyTorch, the way Latent trains examples/e6-dcgan-mnist.json.

Generator (1,164,289 parameters): z [100] ~ N(0, I) -> Dense 6272 LeakyReLU 0.2 -> 128x7x7 ->
ConvTranspose2d 128 4x4 stride 2 'same' LeakyReLU 0.2 (x2) -> Conv2d 1 7x7 'same' -> sigmoid.
Discriminator (40,705): Conv2d 64 3x3 stride 2 'same' LeakyReLU 0.2 -> Dropout 0.4 (x2) -> Flatten
-> Dense 1 (the logit; the sigmoid is folded into the BCE, as Latent).

Keras/TF 'same' in PyTorch terms (Latent's ConvGeometry follows TF: total padding
max((out-1)*stride + k - in, 0), the smaller half on top/left):
  - ConvTranspose2d k4 s2, 7->14->28: total padding 2, 1 per side -> padding=1 (exact);
  - Conv2d k7 s1: 3 per side -> padding=3 (exact);
  - Conv2d k3 s2 on 28 (and 14): total padding 1, all of it at the bottom/right -> F.pad(x, (0, 1, 0, 1))
    then padding=0 (exact, the default, --pad tf); --pad torch uses padding=1 instead (same shapes and
    cost, the window shifted by one pixel: the bottom/right padding is then never read).
Glorot-uniform weights, zero biases; Adam lr 2e-4, beta1 0.5, beta2 0.999, eps 1e-7 for each net.

One step on n = 128 real images (Latent's Gan.trainStep): n images generated from fresh z (no
gradient to G), one discriminator forward/backward on the 2n stacked images (labels 1 over 0, BCE
mean over 2n), D's Adam step; then 2n fresh z through G and D in training mode (dropout on) with
label 1, backward through D into G (D's weight gradients are computed, as Latent and the usual
PyTorch DCGAN do, but D is not stepped: it is frozen), G's Adam step. An epoch is one pass over all
60,000 training images: 469 such steps (the last one 96 real), as Latent's epoch; E6's published
epoch is 234 steps.

Usage: python3 e6_dcgan.py DATA [--mode eager|compile|compile-ro|cudagraph] [--epochs N] [--tf32]
       [--pad tf|torch] [--device cpu --max-steps K --limit N]   (see peers_common.py)
"""
import sys

import torch
import torch.nn.functional as F

import peers_common as pc

G_PARAMS, D_PARAMS = 1_164_289, 40_705
nn = torch.nn


def glorot(layer):
    nn.init.xavier_uniform_(layer.weight)
    nn.init.zeros_(layer.bias)
    return layer


class SameStride2(nn.Module):
    """Conv2d k3 stride 2 with TF 'same' padding (pad only bottom/right by 1 on even inputs)."""

    def __init__(self, cin, cout, tf_pad):
        super().__init__()
        self.tf_pad = tf_pad
        self.conv = glorot(nn.Conv2d(cin, cout, 3, stride=2, padding=0 if tf_pad else 1))

    def forward(self, x):
        return self.conv(F.pad(x, (0, 1, 0, 1)) if self.tf_pad else x)


def generator():
    return nn.Sequential(glorot(nn.Linear(100, 128 * 7 * 7)), nn.LeakyReLU(0.2), nn.Unflatten(1, (128, 7, 7)),
                         glorot(nn.ConvTranspose2d(128, 128, 4, stride=2, padding=1)), nn.LeakyReLU(0.2),
                         glorot(nn.ConvTranspose2d(128, 128, 4, stride=2, padding=1)), nn.LeakyReLU(0.2),
                         glorot(nn.Conv2d(128, 1, 7, padding=3)), nn.Sigmoid(), nn.Flatten())


def discriminator(tf_pad):
    return nn.Sequential(nn.Unflatten(1, (1, 28, 28)),
                         SameStride2(1, 64, tf_pad), nn.LeakyReLU(0.2), nn.Dropout(0.4),
                         SameStride2(64, 64, tf_pad), nn.LeakyReLU(0.2), nn.Dropout(0.4),
                         nn.Flatten(), glorot(nn.Linear(64 * 7 * 7, 1)))


def main():
    pad = "tf"
    if "--pad" in sys.argv:
        i = sys.argv.index("--pad")
        pad = sys.argv[i + 1]
        if pad not in ("tf", "torch"):
            sys.exit("--pad: tf or torch")
        del sys.argv[i:i + 2]
    args = pc.parse_args(__doc__, default_epochs=4)
    pc.setup(args)
    data = pc.mnist(args, 60000)
    g, d = generator().to(args.device), discriminator(pad == "tf").to(args.device)
    params = {"generator": pc.check_params("E6 generator", g, G_PARAMS),
              "discriminator": pc.check_params("E6 discriminator", d, D_PARAMS)}
    assert g(torch.zeros(2, 100, device=args.device)).shape == (2, 784)
    opt_g = pc.adam(g.parameters(), args, lr=2e-4, betas=(0.5, 0.999), eps=1e-7)
    opt_d = pc.adam(d.parameters(), args, lr=2e-4, betas=(0.5, 0.999), eps=1e-7)
    labels = {}  # per batch size: (1 over 0 for the 2n stacked images, 1 for the 2n generated)

    def targets(n):
        if n not in labels:
            t = torch.zeros(2 * n, 1, device=args.device)
            t[:n] = 1
            labels[n] = (t, torch.ones(2 * n, 1, device=args.device))
        return labels[n]

    total = data[0].shape[0]
    for n in {min(128, total), total % 128 or 128}:  # the full and the last batch's sizes
        targets(n)

    def step(real):
        n = real.shape[0]
        stacked, ones = labels[n]
        with torch.no_grad():
            fake = g(torch.randn(n, 100, device=real.device))
        opt_d.zero_grad(set_to_none=False)
        d_loss = F.binary_cross_entropy_with_logits(d(torch.cat([real, fake])), stacked)
        d_loss.backward()
        opt_d.step()
        opt_g.zero_grad(set_to_none=False)
        g_loss = F.binary_cross_entropy_with_logits(d(g(torch.randn(2 * n, 100, device=real.device))), ones)
        g_loss.backward()
        opt_g.step()
        return torch.stack([d_loss.detach(), g_loss.detach()])

    pc.run(args, "e6", data, 128, step, ["d_loss", "g_loss"], params,
           f"E6 DCGAN, 128 real + 128 generated per D step, 256 z per G step, 469 steps/epoch (60,000 images), pad {pad}")


if __name__ == "__main__":
    main()
