package org.latent.model;

import org.latent.backend.Backend;
import org.latent.tensor.Tensor;

/**
 * Sums per-example losses of training steps on the device, so that reading the running loss (which
 * synchronizes a GPU) can happen every few dozen steps instead of every step.
 */
public final class LossAccumulator {
    private final Backend b;
    private final Tensor sum;
    private int steps;

    public LossAccumulator(Backend b, int maxBatch) {
        this.b = b;
        this.sum = b.allocate(maxBatch);
    }

    /** Adds a step's per-example losses, each already divided by the batch size. */
    public void add(Tensor perExample) {
        add(perExample, 1f);
    }

    /** Adds weight times per-example losses (a step made of parts: each part's mean with its share). */
    public void add(Tensor perExample, float weight) {
        b.axpy(weight, perExample, sum.rows(0, perExample.rows()));
    }

    public void stepDone() {
        steps++;
    }

    /** Mean per-example loss over the steps since the last call; NaN when there were none. */
    public double takeMean() {
        if (steps == 0) return Double.NaN;
        double total = b.sum(sum);
        b.fill(sum, 0f);
        int n = steps;
        steps = 0;
        return total / n;
    }
}
