package org.latent.nn;

import org.latent.backend.Backend;
import org.latent.backend.StepCounter;
import org.latent.rng.RandomKey;
import org.latent.tensor.Tensor;

/** Inverted dropout: masks drawn from this layer's own Philox stream, advanced every training step. */
public final class Dropout implements Layer {
    private final float rate;
    private Backend b;
    /** The stream's seed and id; its counter (Philox blocks) lives in the step state. */
    private long seed, stream;
    private StepCounter counter;
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
        RandomKey key = params.randomStream();
        seed = key.seed();
        stream = key.stream();
        counter = params.stepState().counter("dropout stream " + Long.toHexString(stream), key.counter());
        mask = new BatchBuffer(b, maxBatch, input);
        y = new BatchBuffer(b, maxBatch, input);
        dx = new BatchBuffer(b, maxBatch, input);
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        masked = training && rate > 0;
        if (!masked) return x;
        Tensor out = y.rows(x.rows());
        b.dropoutForward(x, rate, counter.randomKey(seed, stream, x.size()), mask.rows(x.rows()), out);
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
    public RandomKey randomKey() { return new RandomKey(seed, stream, counter.value()); }

    /** Puts the stream at {@code k} (a host write of its counter: outside steps). */
    public void setRandomKey(RandomKey k) {
        seed = k.seed();
        stream = k.stream();
        counter.set(k.counter());
    }

    @Override
    public String describe() {
        return "Dropout(" + rate + ")";
    }
}
