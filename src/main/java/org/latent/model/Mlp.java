package org.latent.model;

import org.latent.backend.Activation;
import org.latent.init.Initializer;
import org.latent.nn.Sequential;
import org.latent.nn.SequentialBuilder;

/** Multilayer perceptrons: Dense layers with one activation for the hidden layers and one for the last. */
final class Mlp {
    private Mlp() {}

    static Sequential of(int in, int[] hidden, int out, Activation hiddenActivation, Activation last, Initializer init) {
        SequentialBuilder net = Sequential.input(in).init(init);
        for (int h : hidden) net.dense(h, hiddenActivation);
        return net.dense(out, last).build();
    }

    static int[] reversed(int[] sizes) {
        int[] r = new int[sizes.length];
        for (int i = 0; i < r.length; i++) r[i] = sizes[r.length - 1 - i];
        return r;
    }
}
