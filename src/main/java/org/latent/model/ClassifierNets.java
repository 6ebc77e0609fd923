package org.latent.model;

import java.util.ArrayList;
import java.util.List;
import org.latent.backend.Activation;
import org.latent.backend.ConvGeometry.Padding;
import org.latent.init.Initializer;
import org.latent.nn.Conv2d;
import org.latent.nn.Dense;
import org.latent.nn.Dropout;
import org.latent.nn.Layer;
import org.latent.nn.MaxPool2d;
import org.latent.nn.Reshape;
import org.latent.nn.Sequential;

/** The classifier architectures of the experiments, from flat inputs to logits. */
public final class ClassifierNets {
    /** E5's filters per convolution and the size of its hidden dense layer. */
    private static final int CNN_FILTERS = 64, CNN_DENSE = 64;

    private ClassifierNets() {}

    /** Softmax regression (E3): one Dense layer to the logits. */
    public static Sequential softmax(int in, int classes, Initializer init) {
        return new Sequential(new Dense(in, classes, Activation.IDENTITY, init));
    }

    /** E4: Dense ReLU layers each followed by dropout, then the logits. */
    public static Sequential mlp(int in, int[] hidden, float dropout, int classes, Initializer init) {
        List<Layer> layers = new ArrayList<>();
        int prev = in;
        for (int h : hidden) {
            layers.add(new Dense(prev, h, Activation.RELU, init));
            layers.add(new Dropout(dropout));
            prev = h;
        }
        layers.add(new Dense(prev, classes, Activation.IDENTITY, init));
        return new Sequential(layers);
    }

    /**
     * E5 on side x side one-channel images: Conv 64 3x3 ReLU, MaxPool 2, Conv 64 3x3 ReLU, MaxPool 2,
     * Dropout, Flatten, Dense 64 ReLU, Dense to the logits. Convolutions are VALID (Keras' default).
     */
    public static Sequential cnn(int side, float dropout, int classes, Initializer init) {
        int afterFirst = (side - 2) / 2, afterSecond = (afterFirst - 2) / 2;
        if (afterSecond < 1) {
            throw new IllegalArgumentException("cnn: " + side + "x" + side + " images are too small for two 3x3 convolutions and 2x2 pools");
        }
        return new Sequential(new Reshape(1, side, side),
                new Conv2d(1, CNN_FILTERS, 3, 1, Padding.VALID, Activation.RELU, 0f, init), new MaxPool2d(2),
                new Conv2d(CNN_FILTERS, CNN_FILTERS, 3, 1, Padding.VALID, Activation.RELU, 0f, init), new MaxPool2d(2),
                new Dropout(dropout), Reshape.flatten(),
                new Dense(CNN_FILTERS * afterSecond * afterSecond, CNN_DENSE, Activation.RELU, init),
                new Dense(CNN_DENSE, classes, Activation.IDENTITY, init));
    }
}
