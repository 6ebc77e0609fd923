package org.latent.testing;

import java.util.function.Function;
import org.latent.backend.Backend;
import org.latent.model.Model;
import org.latent.model.ModelContext;
import org.latent.nn.ParameterSet;
import org.latent.optim.Adam;
import org.latent.optim.Optimizer;

/** Builds models for tests: flat examples of {@code inputSize} features. */
public final class Built {
    private Built() {}

    /** With Adam(1e-3) for every parameter set. */
    public static ModelContext of(Model m, Backend b, int inputSize, int maxBatch, long seed) {
        return of(m, b, inputSize, maxBatch, seed, p -> new Adam(p, 1e-3f));
    }

    public static ModelContext of(Model m, Backend b, int inputSize, int maxBatch, long seed, Function<ParameterSet, Optimizer> optimizers) {
        return ModelContext.build(m, b, new int[] {inputSize}, maxBatch, seed, optimizers);
    }

    /** Trainable values of the network named {@code name}. */
    public static long parameters(ModelContext c, String name) {
        return c.networks().get(name).parameterCount();
    }
}
