package org.latent.model;

import java.util.ArrayList;
import java.util.List;
import org.latent.backend.Activation;
import org.latent.init.Initializer;
import org.latent.nn.Dense;
import org.latent.nn.Layer;
import org.latent.nn.Sequential;

/** Multilayer perceptrons: Dense layers with one activation for the hidden layers and one for the last. */
final class Mlp {
    private Mlp() {}

    static Sequential of(int in, int[] hidden, int out, Activation hiddenActivation, Activation last, Initializer init) {
        List<Layer> layers = new ArrayList<>();
        int prev = in;
        for (int h : hidden) {
            layers.add(new Dense(prev, h, hiddenActivation, init));
            prev = h;
        }
        layers.add(new Dense(prev, out, last, init));
        return new Sequential(layers);
    }

    static int[] reversed(int[] sizes) {
        int[] r = new int[sizes.length];
        for (int i = 0; i < r.length; i++) r[i] = sizes[r.length - 1 - i];
        return r;
    }
}
