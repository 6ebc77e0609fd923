"""E4 MLP classifier in PyTorch, the way Latent trains examples/e4-mlp-mnist.json.

784 -> 128 ReLU -> Dropout 0.2 -> 128 ReLU -> Dropout 0.2 -> 10 (logits; softmax folded into the
cross-entropy, mean per example), 118,282 parameters; Glorot-uniform weights, zero biases; Adam 1e-3
(0.9, 0.999, 1e-8); batch 512; the first 55,000 MNIST training images (108 steps per epoch, the last
one 216 images, as Latent).

Usage: python3 e4_mlp.py DATA [--mode eager|compile|compile-ro|cudagraph] [--epochs N] [--tf32]
       [--device cpu --max-steps K --limit N]   (see peers_common.py)
"""
import torch

import peers_common as pc

PARAMS = 118_282


def dense(i, o):
    layer = torch.nn.Linear(i, o)
    torch.nn.init.xavier_uniform_(layer.weight)
    torch.nn.init.zeros_(layer.bias)
    return layer


def main():
    args = pc.parse_args(__doc__, default_epochs=10)
    pc.setup(args)
    data = pc.mnist(args, 55000, labels=True)
    model = torch.nn.Sequential(dense(784, 128), torch.nn.ReLU(), torch.nn.Dropout(0.2),
                                dense(128, 128), torch.nn.ReLU(), torch.nn.Dropout(0.2),
                                dense(128, 10)).to(args.device)
    params = pc.check_params("E4 MLP", model, PARAMS)
    opt = pc.adam(model.parameters(), args, lr=1e-3, betas=(0.9, 0.999), eps=1e-8)

    def step(x, y):
        opt.zero_grad(set_to_none=False)
        loss = torch.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        return loss.detach().reshape(1)

    pc.run(args, "e4", data, 512, step, ["loss"], {"mlp": params},
           "E4 MLP, batch 512, 108 steps/epoch (55,000 images)")


if __name__ == "__main__":
    main()
