package org.latent.model;

import java.util.function.Consumer;
import org.latent.backend.Activation;
import org.latent.backend.ConvGeometry.Padding;
import org.latent.init.Initializer;
import org.latent.nn.ClassLabels;
import org.latent.nn.Sequential;
import org.latent.nn.SequentialBuilder;

/**
 * The GAN networks of the experiments. Generators map z [latent] to images through the
 * {@link Options#output} activation (E6: sigmoid, pixels in [0, 1]); discriminators map flat images
 * to one logit (E6's "Dense 1 sigmoid" is that logit with the sigmoid folded into the binary
 * cross-entropy). Hidden layers use LeakyReLU 0.2; with batch normalization a hidden layer is
 * linear, then BatchNorm over its channels (features), then the LeakyReLU.
 *
 * <p>Given {@link ClassLabels} (a conditional GAN), both networks get the one-hot label concatenated
 * to their input: the first linear layer becomes linear, then {@link ClassInput} (what the label
 * inputs add: a dense layer's extra weight rows, or a convolution's extra constant input planes),
 * then its BatchNorm and LeakyReLU. Null labels build E6's unconditional networks.
 */
public final class GanNets {
    /** E6's channels: 128 in the generator, 64 in the discriminator. */
    private static final int G_CHANNELS = 128, D_FILTERS = 64;
    private static final float LEAK = 0.2f;

    /**
     * The variants of E6: the generator's output activation, batch normalization in either network,
     * and nearest-neighbour upsampling followed by a 3x3 convolution instead of each transposed one.
     */
    public record Options(Activation output, boolean generatorBatchNorm, boolean discriminatorBatchNorm, boolean nearestUpsampling) {
        /** E6 as published. */
        public static final Options E6 = new Options(Activation.SIGMOID, false, false, false);
    }

    private GanNets() {}

    /**
     * E6 for side x side images (side divisible by 4; one channel unless given): Dense to (side/4)^2 x 128, LeakyReLU
     * 0.2, two ConvTranspose2d 128 4x4 stride 2 same with LeakyReLU 0.2 (or Upsample 2 + Conv2d 128 3x3
     * same), Conv2d 1 7x7 same, the output activation.
     */
    public static Sequential dcganGenerator(int latent, int side, Initializer init, Options o, ClassLabels labels) {
        return dcganGenerator(latent, 1, side, init, o, labels);
    }

    /** The same generator for {@code channels} x side x side images: its last convolution has {@code channels} filters. */
    public static Sequential dcganGenerator(int latent, int channels, int side, Initializer init, Options o, ClassLabels labels) {
        int s = quarter(side);
        SequentialBuilder g = Sequential.input(latent).init(init);
        boolean split = o.generatorBatchNorm() || labels != null;
        g.dense(G_CHANNELS * s * s, split ? Activation.IDENTITY : Activation.LEAKY_RELU, LEAK);
        if (labels != null) g.classInput(labels);
        g.reshape(G_CHANNELS, s, s);
        if (o.generatorBatchNorm()) g.batchNorm();
        if (split) g.activation(Activation.LEAKY_RELU, LEAK);
        for (int i = 0; i < 2; i++) {
            if (o.nearestUpsampling()) {
                g.upsample2d(2);
                hidden(g, a -> g.conv2d(G_CHANNELS, 3, 1, Padding.SAME, a, LEAK), null, o.generatorBatchNorm());
            } else {
                hidden(g, a -> g.convTranspose2d(G_CHANNELS, 4, 2, Padding.SAME, a, LEAK), null, o.generatorBatchNorm());
            }
        }
        return g.conv2d(channels, 7, 1, Padding.SAME, o.output(), 0f).flatten().build();
    }

    /**
     * E6: Conv2d 64 3x3 stride 2 same, LeakyReLU 0.2, Dropout, the same again, Flatten, Dense 1 (the
     * logit).
     */
    public static Sequential dcganDiscriminator(int side, float dropout, Initializer init, Options o, ClassLabels labels) {
        return dcganDiscriminator(1, side, dropout, init, o, labels);
    }

    /** The same discriminator for {@code channels} x side x side images. */
    public static Sequential dcganDiscriminator(int channels, int side, float dropout, Initializer init, Options o, ClassLabels labels) {
        quarter(side);
        SequentialBuilder d = Sequential.input(channels, side, side).init(init);
        hidden(d, a -> d.conv2d(D_FILTERS, 3, 2, Padding.SAME, a, LEAK), labels, o.discriminatorBatchNorm());
        d.dropout(dropout);
        hidden(d, a -> d.conv2d(D_FILTERS, 3, 2, Padding.SAME, a, LEAK), null, o.discriminatorBatchNorm());
        return d.dropout(dropout).flatten().dense(1).build();
    }

    /** The MLP GAN's generator: Dense LeakyReLU 0.2 hidden layers, then Dense to the pixels, the output activation. */
    public static Sequential mlpGenerator(int latent, int[] hidden, int pixels, Initializer init, Options o, ClassLabels labels) {
        SequentialBuilder g = Sequential.input(latent).init(init);
        for (int i = 0; i < hidden.length; i++) {
            int h = hidden[i];
            hidden(g, a -> g.dense(h, a, LEAK), i == 0 ? labels : null, o.generatorBatchNorm());
        }
        return g.dense(pixels, o.output()).build();
    }

    /**
     * The MLP GAN's discriminator, the generator's mirror: Dense LeakyReLU 0.2 hidden layers of the
     * generator's sizes in reverse order, each followed by dropout, then the logit.
     */
    public static Sequential mlpDiscriminator(int pixels, int[] hidden, float dropout, Initializer init, Options o, ClassLabels labels) {
        SequentialBuilder d = Sequential.input(pixels).init(init);
        for (int i = hidden.length - 1; i >= 0; i--) {
            int h = hidden[i];
            hidden(d, a -> d.dense(h, a, LEAK), i == hidden.length - 1 ? labels : null, o.discriminatorBatchNorm());
            if (dropout > 0) d.dropout(dropout);
        }
        return d.dense(1).build();
    }

    /**
     * A hidden layer added by {@code layer} with its activation: fused with its LeakyReLU, or linear,
     * then the class input (when {@code labels} is not null), BatchNorm (if asked), LeakyReLU.
     */
    private static void hidden(SequentialBuilder net, Consumer<Activation> layer, ClassLabels labels, boolean batchNorm) {
        if (!batchNorm && labels == null) {
            layer.accept(Activation.LEAKY_RELU);
            return;
        }
        layer.accept(Activation.IDENTITY);
        if (labels != null) net.classInput(labels);
        if (batchNorm) net.batchNorm();
        net.activation(Activation.LEAKY_RELU, LEAK);
    }

    private static int quarter(int side) {
        if (side < 4 || side % 4 != 0) {
            throw new IllegalArgumentException("dcgan: square images with a side divisible by 4 are needed, not side " + side);
        }
        return side / 4;
    }
}
