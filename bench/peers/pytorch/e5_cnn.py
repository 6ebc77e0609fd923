"""E5 CNN classifier in PyTorch, the way Latent trains examples/e5-cnn-mnist.json.

Conv 64 3x3 VALID ReLU -> MaxPool 2 -> Conv 64 3x3 VALID ReLU -> MaxPool 2 -> Dropout 0.25 ->
Flatten (64x5x5, channels first as Latent) -> Dense 64 ReLU -> Dense 10 (logits; softmax folded into
the cross-entropy, mean per example), 140,682 parameters; Glorot-uniform weights (fans as Keras and
Latent: cIn*k*k, cOut*k*k), zero biases; Adam 1e-3 (0.9, 0.999, 1e-8); batch 128; the first 55,000
MNIST training images (430 steps per epoch, the last one 88 images, as Latent). cuDNN picks its
algorithms with benchmark=False (PyTorch's default).

Usage: python3 e5_cnn.py DATA [--mode eager|compile|compile-ro|cudagraph] [--epochs N] [--tf32]
       [--device cpu --max-steps K --limit N]   (see peers_common.py)
"""
import torch

import peers_common as pc

PARAMS = 140_682


def glorot(layer):
    torch.nn.init.xavier_uniform_(layer.weight)
    torch.nn.init.zeros_(layer.bias)
    return layer


def main():
    args = pc.parse_args(__doc__, default_epochs=6)
    pc.setup(args)
    data = pc.mnist(args, 55000, labels=True)
    nn = torch.nn
    model = nn.Sequential(nn.Unflatten(1, (1, 28, 28)),
                          glorot(nn.Conv2d(1, 64, 3)), nn.ReLU(), nn.MaxPool2d(2),
                          glorot(nn.Conv2d(64, 64, 3)), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Dropout(0.25), nn.Flatten(),
                          glorot(nn.Linear(64 * 5 * 5, 64)), nn.ReLU(),
                          glorot(nn.Linear(64, 10))).to(args.device)
    params = pc.check_params("E5 CNN", model, PARAMS)
    opt = pc.adam(model.parameters(), args, lr=1e-3, betas=(0.9, 0.999), eps=1e-8)

    def step(x, y):
        opt.zero_grad(set_to_none=False)
        loss = torch.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        return loss.detach().reshape(1)

    pc.run(args, "e5", data, 128, step, ["loss"], {"cnn": params},
           "E5 CNN, batch 128, 430 steps/epoch (55,000 images)")


if __name__ == "__main__":
    main()
