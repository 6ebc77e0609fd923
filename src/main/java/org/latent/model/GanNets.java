package org.latent.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.latent.backend.Activation;
import org.latent.backend.ConvGeometry.Padding;
import org.latent.init.Initializer;
import org.latent.nn.ActivationLayer;
import org.latent.nn.BatchNorm;
import org.latent.nn.ClassInput;
import org.latent.nn.ClassLabels;
import org.latent.nn.Conv2d;
import org.latent.nn.ConvTranspose2d;
import org.latent.nn.Dense;
import org.latent.nn.Dropout;
import org.latent.nn.Layer;
import org.latent.nn.Reshape;
import org.latent.nn.Sequential;
import org.latent.nn.Upsample2d;

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
     * E6 for side x side one-channel images (side divisible by 4): Dense to (side/4)^2 x 128, LeakyReLU
     * 0.2, two ConvTranspose2d 128 4x4 stride 2 same with LeakyReLU 0.2 (or Upsample 2 + Conv2d 128 3x3
     * same), Conv2d 1 7x7 same, the output activation.
     */
    public static Sequential dcganGenerator(int latent, int side, Initializer init, Options o, ClassLabels labels) {
        int s = quarter(side);
        List<Layer> layers = new ArrayList<>();
        boolean split = o.generatorBatchNorm() || labels != null;
        layers.add(new Dense(latent, G_CHANNELS * s * s, split ? Activation.IDENTITY : Activation.LEAKY_RELU, LEAK, init));
        if (labels != null) layers.add(ClassInput.dense(labels, init));
        layers.add(new Reshape(G_CHANNELS, s, s));
        if (o.generatorBatchNorm()) layers.add(new BatchNorm());
        if (split) layers.add(new ActivationLayer(Activation.LEAKY_RELU, LEAK));
        for (int i = 0; i < 2; i++) {
            if (o.nearestUpsampling()) {
                layers.add(new Upsample2d(2));
                hidden(layers, a -> new Conv2d(G_CHANNELS, G_CHANNELS, 3, 1, Padding.SAME, a, LEAK, init), null, o.generatorBatchNorm());
            } else {
                hidden(layers, a -> new ConvTranspose2d(G_CHANNELS, G_CHANNELS, 4, 2, Padding.SAME, a, LEAK, init), null,
                        o.generatorBatchNorm());
            }
        }
        layers.add(new Conv2d(G_CHANNELS, 1, 7, 1, Padding.SAME, o.output(), 0f, init));
        layers.add(Reshape.flatten());
        return new Sequential(layers);
    }

    /**
     * E6: Conv2d 64 3x3 stride 2 same, LeakyReLU 0.2, Dropout, the same again, Flatten, Dense 1 (the
     * logit).
     */
    public static Sequential dcganDiscriminator(int side, float dropout, Initializer init, Options o, ClassLabels labels) {
        int s = quarter(side);
        List<Layer> layers = new ArrayList<>();
        layers.add(new Reshape(1, side, side));
        hidden(layers, a -> new Conv2d(1, D_FILTERS, 3, 2, Padding.SAME, a, LEAK, init),
                labels == null ? null : ClassInput.planes(labels, side, side, 3, 2, Padding.SAME, init), o.discriminatorBatchNorm());
        layers.add(new Dropout(dropout));
        hidden(layers, a -> new Conv2d(D_FILTERS, D_FILTERS, 3, 2, Padding.SAME, a, LEAK, init), null, o.discriminatorBatchNorm());
        layers.add(new Dropout(dropout));
        layers.add(Reshape.flatten());
        layers.add(new Dense(D_FILTERS * s * s, 1, Activation.IDENTITY, init));
        return new Sequential(layers);
    }

    /** The MLP GAN's generator: Dense LeakyReLU 0.2 hidden layers, then Dense to the pixels, the output activation. */
    public static Sequential mlpGenerator(int latent, int[] hidden, int pixels, Initializer init, Options o, ClassLabels labels) {
        List<Layer> layers = new ArrayList<>();
        int prev = latent;
        for (int h : hidden) {
            int in = prev;
            hidden(layers, a -> new Dense(in, h, a, LEAK, init), labels != null && layers.isEmpty()
                    ? ClassInput.dense(labels, init) : null, o.generatorBatchNorm());
            prev = h;
        }
        layers.add(new Dense(prev, pixels, o.output(), init));
        return new Sequential(layers);
    }

    /**
     * The MLP GAN's discriminator, the generator's mirror: Dense LeakyReLU 0.2 hidden layers of the
     * generator's sizes in reverse order, each followed by dropout, then the logit.
     */
    public static Sequential mlpDiscriminator(int pixels, int[] hidden, float dropout, Initializer init, Options o, ClassLabels labels) {
        List<Layer> layers = new ArrayList<>();
        int prev = pixels;
        for (int i = hidden.length - 1; i >= 0; i--) {
            int h = hidden[i];
            int in = prev;
            hidden(layers, a -> new Dense(in, h, a, LEAK, init), labels != null && layers.isEmpty()
                    ? ClassInput.dense(labels, init) : null, o.discriminatorBatchNorm());
            if (dropout > 0) layers.add(new Dropout(dropout));
            prev = h;
        }
        layers.add(new Dense(prev, 1, Activation.IDENTITY, init));
        return new Sequential(layers);
    }

    /**
     * A hidden layer made by {@code layer} from its activation: fused with its LeakyReLU, or linear, then
     * the class input (if not null), BatchNorm (if asked), LeakyReLU.
     */
    private static void hidden(List<Layer> layers, Function<Activation, Layer> layer, ClassInput classInput, boolean batchNorm) {
        if (!batchNorm && classInput == null) {
            layers.add(layer.apply(Activation.LEAKY_RELU));
            return;
        }
        layers.add(layer.apply(Activation.IDENTITY));
        if (classInput != null) layers.add(classInput);
        if (batchNorm) layers.add(new BatchNorm());
        layers.add(new ActivationLayer(Activation.LEAKY_RELU, LEAK));
    }

    private static int quarter(int side) {
        if (side < 4 || side % 4 != 0) {
            throw new IllegalArgumentException("dcgan: square one-channel images with a side divisible by 4 are needed, not side " + side);
        }
        return side / 4;
    }
}
