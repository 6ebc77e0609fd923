package org.latent.model;

import org.latent.backend.Activation;
import org.latent.backend.ConvGeometry.Padding;
import org.latent.init.Initializer;
import org.latent.nn.Conv2d;
import org.latent.nn.ConvTranspose2d;
import org.latent.nn.Dense;
import org.latent.nn.Reshape;
import org.latent.nn.Sequential;

/**
 * E8's convolutional autoencoder on side x side one-channel images (side divisible by 4), flat in
 * and flat out like the MLP nets. Encoder: Conv 16 3x3 stride 2, Conv 32 3x3 stride 2 (SAME, so
 * side/4 squares remain), Dense to the code. Decoder: Dense back to 32 x side/4 x side/4, then
 * ConvTranspose 16 and 1 channels, 4x4 stride 2 SAME, each doubling the side.
 */
public final class ConvAutoencoderNets {
    private static final int FIRST = 16, SECOND = 32;

    private ConvAutoencoderNets() {}

    public static Sequential encoder(int side, int latent, Activation conv, Activation code, Initializer init) {
        int q = quarter(side);
        return new Sequential(new Reshape(1, side, side),
                new Conv2d(1, FIRST, 3, 2, Padding.SAME, conv, alpha(conv), init),
                new Conv2d(FIRST, SECOND, 3, 2, Padding.SAME, conv, alpha(conv), init),
                Reshape.flatten(), new Dense(SECOND * q * q, latent, code, init));
    }

    public static Sequential decoder(int side, int latent, Activation hidden, Activation output, Initializer init) {
        int q = quarter(side);
        return new Sequential(new Dense(latent, SECOND * q * q, hidden, init), new Reshape(SECOND, q, q),
                new ConvTranspose2d(SECOND, FIRST, 4, 2, Padding.SAME, hidden, alpha(hidden), init),
                new ConvTranspose2d(FIRST, 1, 4, 2, Padding.SAME, output, alpha(output), init),
                Reshape.flatten());
    }

    private static int quarter(int side) {
        if (side < 4 || side % 4 != 0) throw new IllegalArgumentException("conv autoencoder: image side " + side + " is not a multiple of 4");
        return side / 4;
    }

    /** The same default slope as {@link Dense}'s: leaky ReLU 0.01, ELU scale 1. */
    private static float alpha(Activation a) {
        return a == Activation.LEAKY_RELU ? 0.01f : 1f;
    }
}
