"""E1 VAE (latent 20) in PyTorch, the way Latent trains examples/e1-vae-mnist.json.

784-500-500-(20+20) encoder, 20-500-500-784 decoder, ReLU, Bernoulli likelihood from logits (BCE
summed over pixels) + KL, mean per example; LeCun-normal weights (N(0, 1/fan_in), plain normal as
Latent's), zero biases; Adam 1e-3 (0.9, 0.999, 1e-8); batch 100; the first 55,000 MNIST training
images (550 steps per epoch). 1,316,824 parameters (encoder 663,040 + decoder 653,784).

Usage: python3 e1_vae.py DATA [--mode eager|compile|compile-ro|cudagraph] [--epochs N] [--tf32]
       [--device cpu --max-steps K --limit N]   (see peers_common.py)
"""
import torch

import peers_common as pc

PARAMS = 1_316_824


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
    args = pc.parse_args(__doc__, default_epochs=6)
    pc.setup(args)
    data = pc.mnist(args, 55000)
    model = Vae().to(args.device)
    params = pc.check_params("E1 VAE", model, PARAMS)
    opt = pc.adam(model.parameters(), args, lr=1e-3, betas=(0.9, 0.999), eps=1e-8)

    def step(x):
        opt.zero_grad(set_to_none=False)
        loss = model(x)
        loss.backward()
        opt.step()
        return loss.detach().reshape(1)

    pc.run(args, "e1", data, 100, step, ["loss"], {"vae": params},
           "E1 VAE J=20, batch 100, 550 steps/epoch (55,000 images)")


if __name__ == "__main__":
    main()
