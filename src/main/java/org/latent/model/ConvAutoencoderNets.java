package org.latent.model;

import org.latent.backend.Activation;
import org.latent.backend.ConvGeometry.Padding;
import org.latent.init.Initializer;
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
        quarter(side);
        return Sequential.input(1, side, side).init(init)
                .conv2d(FIRST, 3, 2, Padding.SAME, conv)
                .conv2d(SECOND, 3, 2, Padding.SAME, conv)
                .flatten()
                .dense(latent, code)
                .build();
    }

    public static Sequential decoder(int side, int latent, Activation hidden, Activation output, Initializer init) {
        int q = quarter(side);
        return Sequential.input(latent).init(init)
                .dense(SECOND * q * q, hidden)
                .reshape(SECOND, q, q)
                .convTranspose2d(FIRST, 4, 2, Padding.SAME, hidden)
                .convTranspose2d(1, 4, 2, Padding.SAME, output)
                .flatten()
                .build();
    }

    private static int quarter(int side) {
        if (side < 4 || side % 4 != 0) throw new IllegalArgumentException("conv autoencoder: image side " + side + " is not a multiple of 4");
        return side / 4;
    }
}
