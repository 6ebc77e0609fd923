package org.latent.nn;

import org.latent.backend.Activation;
import org.latent.backend.Backend;
import org.latent.tensor.Tensor;

/** A standalone activation (after a reshape, or PReLU with a learned slope per channel). */
public final class ActivationLayer implements Layer {
    private final Activation act;
    private final float alpha;
    private Backend b;
    private Parameter slope;
    private BatchBuffer y, dx;
    private Tensor x;

    public ActivationLayer(Activation act, float alpha) {
        this.act = act;
        this.alpha = alpha;
    }

    public ActivationLayer(Activation act) {
        this(act, act == Activation.LEAKY_RELU ? 0.01f : 1f);
    }

    @Override
    public int[] outputShape(int[] input) {
        if (input.length < 1) throw new IllegalArgumentException(describe() + ": needs a channel axis, got " + Shape.str(input));
        return input.clone();
    }

    @Override
    public void build(ParameterSet params, int[] input, int maxBatch) {
        outputShape(input);
        b = params.backend();
        if (act == Activation.PRELU) {
            slope = params.trainableConstant("prelu" + params.parameters().size() + ".slope", new int[] {input[0]}, 0.25f);
        }
        y = new BatchBuffer(b, maxBatch, input);
        dx = new BatchBuffer(b, maxBatch, input);
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        this.x = x;
        Tensor out = y.rows(x.rows());
        b.biasActivationForward(x, null, act, alpha, slope == null ? null : slope.value(), out);
        return out;
    }

    @Override
    public Tensor backward(Tensor dy) {
        int n = dy.rows();
        Tensor g = dx.rows(n);
        b.biasActivationBackward(x, null, act, alpha, slope == null ? null : slope.value(), y.rows(n), dy, g, null,
                slope == null ? null : slope.grad());
        return g;
    }

    @Override
    public String describe() {
        return "Activation(" + act.name().toLowerCase() + ")";
    }
}
