package org.latent.model;

import org.latent.backend.Activation;
import org.latent.backend.ConvGeometry.Padding;
import org.latent.init.Initializer;
import org.latent.nn.Sequential;

/**
 * E8's convolutional autoencoder on side x side images of 1 (E8) or more channels (side divisible
 * by 4), flat in and flat out like the MLP nets. Encoder: Conv 16 3x3 stride 2, Conv 32 3x3 stride 2
 * (SAME, so side/4 squares remain), Dense to the code. Decoder: Dense back to 32 x side/4 x side/4,
 * then ConvTranspose 16 and {@code channels} channels, 4x4 stride 2 SAME, each doubling the side.
 */
public final class ConvAutoencoderNets {
    private static final int FIRST = 16, SECOND = 32;

    private ConvAutoencoderNets() {}

    /** The one-channel encoder (E8). */
    public static Sequential encoder(int side, int latent, Activation conv, Activation code, Initializer init) {
        return encoder(1, side, latent, conv, code, init);
    }

    /** The encoder of {@code channels} x side x side images. */
    public static Sequential encoder(int channels, int side, int latent, Activation conv, Activation code, Initializer init) {
        quarter(side);
        return Sequential.input(channels, side, side).init(init)
                .conv2d(FIRST, 3, 2, Padding.SAME, conv)
                .conv2d(SECOND, 3, 2, Padding.SAME, conv)
                .flatten()
                .dense(latent, code)
                .build();
    }

    /** The one-channel decoder (E8). */
    public static Sequential decoder(int side, int latent, Activation hidden, Activation output, Initializer init) {
        return decoder(1, side, latent, hidden, output, init);
    }

    /** The decoder to {@code channels} x side x side images. */
    public static Sequential decoder(int channels, int side, int latent, Activation hidden, Activation output, Initializer init) {
        int q = quarter(side);
        return Sequential.input(latent).init(init)
                .dense(SECOND * q * q, hidden)
                .reshape(SECOND, q, q)
                .convTranspose2d(FIRST, 4, 2, Padding.SAME, hidden)
                .convTranspose2d(channels, 4, 2, Padding.SAME, output)
                .flatten()
                .build();
    }

    private static int quarter(int side) {
        if (side < 4 || side % 4 != 0) throw new IllegalArgumentException("conv autoencoder: image side " + side + " is not a multiple of 4");
        return side / 4;
    }
}
