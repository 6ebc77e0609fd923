package org.latent.model;

import java.util.Map;
import org.latent.backend.Backend;
import org.latent.nn.ParameterSet;
import org.latent.optim.Optimizer;
import org.latent.rng.RandomKey;

/**
 * What the models trained by one optimizer over one ParameterSet share (Vae, Autoencoder,
 * Classifier): the parameter set, the batch limit, the optimizer and the dropout streams.
 */
abstract class OneOptimizerModel implements Model {
    private final String name;
    protected final Backend b;
    protected final ParameterSet params;
    protected final int maxBatch;
    private Optimizer optimizer;

    OneOptimizerModel(String name, Backend backend, int maxBatch, long seed) {
        this.name = name;
        this.b = backend;
        this.maxBatch = maxBatch;
        this.params = new ParameterSet(backend, seed);
    }

    @Override public ParameterSet parameters() { return params; }
    @Override public int maxBatch() { return maxBatch; }
    @Override public Optimizer optimizer() { return optimizer; }

    @Override
    public void optimizer(Optimizer o) {
        if (o.parameters() != params) throw new IllegalArgumentException(name + ": optimizer is for another ParameterSet");
        optimizer = o;
    }

    @Override
    public Map<String, RandomKey> randomKeys() {
        return RandomStreams.dropoutKeys(networks());
    }

    @Override
    public void restoreRandomKeys(Map<String, RandomKey> keys) {
        RandomStreams.restoreDropoutKeys(networks(), keys);
    }

    protected final void requireBatch(int n) {
        if (n > maxBatch) throw new IllegalArgumentException(name + ": batch of " + n + " exceeds the built maximum " + maxBatch);
    }

    /** The optimizer, which training needs. */
    protected final Optimizer stepper() {
        if (optimizer == null) throw new IllegalStateException(name + ": set an optimizer before training");
        return optimizer;
    }
}
