package org.latent.model;

import java.util.ArrayList;
import java.util.List;
import org.latent.backend.Activation;
import org.latent.backend.ConvGeometry.Padding;
import org.latent.init.Initializer;
import org.latent.nn.Conv2d;
import org.latent.nn.ConvTranspose2d;
import org.latent.nn.Dense;
import org.latent.nn.Dropout;
import org.latent.nn.Layer;
import org.latent.nn.Reshape;
import org.latent.nn.Sequential;

/**
 * The GAN networks of the experiments. Generators map z [latent] to images in [0, 1] through a
 * sigmoid; discriminators map flat images to one logit (E6's "Dense 1 sigmoid" is that logit with
 * the sigmoid folded into the binary cross-entropy).
 */
public final class GanNets {
    /** E6's channels: 128 in the generator, 64 in the discriminator. */
    private static final int G_CHANNELS = 128, D_FILTERS = 64;
    private static final float LEAK = 0.2f;

    private GanNets() {}

    /**
     * E6 for side x side one-channel images (side divisible by 4): Dense to (side/4)^2 x 128, LeakyReLU
     * 0.2, two ConvTranspose2d 128 4x4 stride 2 same with LeakyReLU 0.2, Conv2d 1 7x7 same, sigmoid.
     */
    public static Sequential dcganGenerator(int latent, int side, Initializer init) {
        int s = quarter(side);
        return new Sequential(new Dense(latent, G_CHANNELS * s * s, Activation.LEAKY_RELU, LEAK, init),
                new Reshape(G_CHANNELS, s, s),
                new ConvTranspose2d(G_CHANNELS, G_CHANNELS, 4, 2, Padding.SAME, Activation.LEAKY_RELU, LEAK, init),
                new ConvTranspose2d(G_CHANNELS, G_CHANNELS, 4, 2, Padding.SAME, Activation.LEAKY_RELU, LEAK, init),
                new Conv2d(G_CHANNELS, 1, 7, 1, Padding.SAME, Activation.SIGMOID, 0f, init), Reshape.flatten());
    }

    /**
     * E6 (dropout 0.4): Conv2d 64 3x3 stride 2 same, LeakyReLU 0.2, Dropout, the same again, Flatten, Dense 1
     * (the logit).
     */
    public static Sequential dcganDiscriminator(int side, float dropout, Initializer init) {
        int s = quarter(side);
        return new Sequential(new Reshape(1, side, side),
                new Conv2d(1, D_FILTERS, 3, 2, Padding.SAME, Activation.LEAKY_RELU, LEAK, init), new Dropout(dropout),
                new Conv2d(D_FILTERS, D_FILTERS, 3, 2, Padding.SAME, Activation.LEAKY_RELU, LEAK, init), new Dropout(dropout),
                Reshape.flatten(), new Dense(D_FILTERS * s * s, 1, Activation.IDENTITY, init));
    }

    /** The MLP GAN's generator: Dense LeakyReLU 0.2 hidden layers, then Dense to the pixels, sigmoid. */
    public static Sequential mlpGenerator(int latent, int[] hidden, int pixels, Initializer init) {
        List<Layer> layers = new ArrayList<>();
        int prev = latent;
        for (int h : hidden) {
            layers.add(new Dense(prev, h, Activation.LEAKY_RELU, LEAK, init));
            prev = h;
        }
        layers.add(new Dense(prev, pixels, Activation.SIGMOID, init));
        return new Sequential(layers);
    }

    /** The MLP GAN's discriminator: Dense LeakyReLU 0.2 hidden layers, each followed by dropout, then the logit. */
    public static Sequential mlpDiscriminator(int pixels, int[] hidden, float dropout, Initializer init) {
        List<Layer> layers = new ArrayList<>();
        int prev = pixels;
        for (int h : hidden) {
            layers.add(new Dense(prev, h, Activation.LEAKY_RELU, LEAK, init));
            if (dropout > 0) layers.add(new Dropout(dropout));
            prev = h;
        }
        layers.add(new Dense(prev, 1, Activation.IDENTITY, init));
        return new Sequential(layers);
    }

    private static int quarter(int side) {
        if (side < 4 || side % 4 != 0) {
            throw new IllegalArgumentException("dcgan: square one-channel images with a side divisible by 4 are needed, not side " + side);
        }
        return side / 4;
    }
}
