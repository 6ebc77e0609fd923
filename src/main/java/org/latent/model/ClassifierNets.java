package org.latent.model;

import org.latent.backend.Activation;
import org.latent.backend.ConvGeometry.Padding;
import org.latent.init.Initializer;
import org.latent.nn.Sequential;
import org.latent.nn.SequentialBuilder;

/** The classifier architectures of the experiments, from flat inputs to logits. */
public final class ClassifierNets {
    /** E5's filters per convolution and the size of its hidden dense layer. */
    private static final int CNN_FILTERS = 64, CNN_DENSE = 64;

    private ClassifierNets() {}

    /** Softmax regression (E3): one Dense layer to the logits. */
    public static Sequential softmax(int in, int classes, Initializer init) {
        return Sequential.input(in).init(init).dense(classes).build();
    }

    /** E4: Dense ReLU layers each followed by dropout, then the logits. */
    public static Sequential mlp(int in, int[] hidden, float dropout, int classes, Initializer init) {
        SequentialBuilder net = Sequential.input(in).init(init);
        for (int h : hidden) net.dense(h, Activation.RELU).dropout(dropout);
        return net.dense(classes).build();
    }

    /**
     * E5 on side x side one-channel images: Conv 64 3x3 ReLU, MaxPool 2, Conv 64 3x3 ReLU, MaxPool 2,
     * Dropout, Flatten, Dense 64 ReLU, Dense to the logits. Convolutions are VALID (Keras' default).
     */
    public static Sequential cnn(int side, float dropout, int classes, Initializer init) {
        return cnn(1, side, dropout, classes, init);
    }

    /** E5's network on {@code channels} x side x side images (3 for RGB). */
    public static Sequential cnn(int channels, int side, float dropout, int classes, Initializer init) {
        int afterFirst = (side - 2) / 2, afterSecond = (afterFirst - 2) / 2;
        if (afterSecond < 1) {
            throw new IllegalArgumentException("cnn: " + side + "x" + side + " images are too small for two 3x3 convolutions and 2x2 pools");
        }
        return Sequential.input(channels, side, side).init(init)
                .conv2d(CNN_FILTERS, 3, 1, Padding.VALID, Activation.RELU).maxPool2d(2)
                .conv2d(CNN_FILTERS, 3, 1, Padding.VALID, Activation.RELU).maxPool2d(2)
                .dropout(dropout)
                .flatten()
                .dense(CNN_DENSE, Activation.RELU)
                .dense(classes)
                .build();
    }
}
