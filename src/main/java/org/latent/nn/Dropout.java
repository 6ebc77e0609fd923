package org.latent.nn;

import org.latent.backend.Backend;
import org.latent.rng.RandomKey;
import org.latent.tensor.Tensor;

/** Inverted dropout: masks drawn from this layer's own Philox stream, advanced every training step. */
public final class Dropout implements Layer {
    private final float rate;
    private Backend b;
    private RandomKey key;
    private BatchBuffer mask, y, dx;
    private boolean masked;

    public Dropout(float rate) {
        if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException("Dropout: rate " + rate + " must be in [0, 1)");
        this.rate = rate;
    }

    @Override
    public int[] outputShape(int[] input) {
        return input.clone();
    }

    @Override
    public void build(ParameterSet params, int[] input, int maxBatch) {
        b = params.backend();
        key = params.randomStream();
        mask = new BatchBuffer(b, maxBatch, input);
        y = new BatchBuffer(b, maxBatch, input);
        dx = new BatchBuffer(b, maxBatch, input);
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        masked = training && rate > 0;
        if (!masked) return x;
        Tensor out = y.rows(x.rows());
        b.dropoutForward(x, rate, key, mask.rows(x.rows()), out);
        key = key.advance(x.size());
        return out;
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (!masked) return dy;
        Tensor g = dx.rows(dy.rows());
        b.dropoutBackward(dy, mask.rows(dy.rows()), g);
        return g;
    }

    /** Where the next mask will be drawn from (saved in checkpoints so a resumed run draws the same masks). */
    public RandomKey randomKey() { return key; }

    public void setRandomKey(RandomKey k) { key = k; }

    @Override
    public String describe() {
        return "Dropout(" + rate + ")";
    }
}
