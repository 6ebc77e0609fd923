package org.latent.model;

import org.latent.backend.Backend;
import org.latent.tensor.Tensor;

/**
 * Sums per-example losses of training steps on the device, so that reading the running loss (which
 * synchronizes a GPU) can happen every few dozen steps instead of every step. Made by
 * {@link ModelContext#runningLoss}, which names it for checkpoints: a run stopped between two reads
 * saves the partial sums and their step count, so the resumed run reads the same sums at the same
 * steps as one that never stopped, and reports the same losses to the last bit.
 */
public final class LossAccumulator {
    private final Backend b;
    private final Tensor sum;
    private int steps;

    LossAccumulator(Backend b, int maxBatch) {
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

    /** Counts the step (host bookkeeping: a replayed step counts too, see {@link Backend#bookkeeping}). */
    public void stepDone() {
        b.bookkeeping(() -> steps++);
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

    /** The partial sums on the device, for checkpoints. */
    public Tensor sums() {
        return sum;
    }

    /** Steps added since the last {@link #takeMean}, for checkpoints. */
    public int steps() {
        return steps;
    }

    /** After a checkpoint's sums were copied into {@link #sums}: the steps they hold. */
    public void restoreSteps(int n) {
        if (n < 0) throw new IllegalArgumentException("a running loss of " + n + " steps");
        steps = n;
    }
}
