package org.latent.model;

import java.util.Map;
import java.util.function.BiFunction;
import org.latent.backend.Backend;
import org.latent.nn.ParameterSet;
import org.latent.optim.Optimizer;
import org.latent.rng.RandomKey;
import org.latent.tensor.Tensor;

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

    /**
     * Mean per-example loss over a whole set in batches of at most maxBatch: {@code lossesOf} runs
     * the inference forward of one batch and returns its per-example losses (already divided by n).
     */
    protected final double meanLoss(Tensor input, Tensor target, BiFunction<Tensor, Tensor, Tensor> lossesOf) {
        double total = 0;
        for (int from = 0; from < input.rows(); from += maxBatch) {
            int n = Math.min(maxBatch, input.rows() - from);
            total += b.sum(lossesOf.apply(input.rows(from, n), target.rows(from, n))) * n;
        }
        return total / input.rows();
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
