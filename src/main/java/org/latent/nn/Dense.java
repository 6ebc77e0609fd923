package org.latent.nn;

import org.latent.backend.Activation;
import org.latent.backend.Backend;
import org.latent.init.Initializer;
import org.latent.tensor.Tensor;

/** y = act(x W + b) with W [in, out], fused bias + activation. */
public final class Dense implements Layer {
    private final int in, out;
    private final Activation act;
    private final float alpha;
    private final Initializer init;
    private Backend b;
    private Parameter w, bias, slope;
    private BatchBuffer pre, y, dPre, dx;
    private Tensor x;

    public Dense(int in, int out, Activation act, float alpha, Initializer init) {
        if (in <= 0 || out <= 0) throw new IllegalArgumentException("Dense: sizes must be positive, got " + in + " -> " + out);
        this.in = in;
        this.out = out;
        this.act = act;
        this.alpha = alpha;
        this.init = init;
    }

    public Dense(int in, int out, Activation act, Initializer init) {
        this(in, out, act, act == Activation.LEAKY_RELU ? 0.01f : 1f, init);
    }

    @Override
    public int[] outputShape(int[] input) {
        if (Shape.size(input) != in) {
            throw new IllegalArgumentException("Dense(" + in + " -> " + out + "): input of per-example shape "
                    + Shape.str(input) + " has " + Shape.size(input) + " features, expected " + in);
        }
        return new int[] {out};
    }

    @Override
    public void build(ParameterSet params, int[] input, int maxBatch) {
        outputShape(input);
        b = params.backend();
        String p = "dense" + params.parameters().size();
        w = params.trainable(p + ".weight", new int[] {in, out}, init, in, out);
        bias = params.trainable(p + ".bias", new int[] {out}, Initializer.ZEROS, in, out);
        if (act == Activation.PRELU) slope = params.trainableConstant(p + ".slope", new int[] {out}, 0.25f);
        pre = new BatchBuffer(b, maxBatch, new int[] {out});
        y = new BatchBuffer(b, maxBatch, new int[] {out});
        dPre = new BatchBuffer(b, maxBatch, new int[] {out});
        dx = new BatchBuffer(b, maxBatch, input);
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        int n = x.rows();
        this.x = x;
        Tensor z = pre.rows(n), out = y.rows(n);
        b.gemm(false, false, 1f, x, w.value(), 0f, z);
        b.biasActivationForward(z, bias.value(), act, alpha, slope == null ? null : slope.value(), out);
        return out;
    }

    @Override
    public Tensor backward(Tensor dy) {
        Tensor dz = parameterGradients(dy), g = dx.rows(dy.rows());
        b.gemm(false, true, 1f, dz, w.value(), 0f, g);
        return g;
    }

    @Override
    public void backwardParameters(Tensor dy) {
        parameterGradients(dy);
    }

    /** Writes the weight, bias (and slope) gradients; returns dL/dz, the gradient before the activation. */
    private Tensor parameterGradients(Tensor dy) {
        int n = dy.rows();
        Tensor dz = dPre.rows(n);
        b.biasActivationBackward(pre.rows(n), bias.value(), act, alpha, slope == null ? null : slope.value(), y.rows(n),
                dy, dz, bias.grad(), slope == null ? null : slope.grad());
        b.gemm(true, false, 1f, x, dz, 0f, w.grad());
        return dz;
    }

    public Parameter weight() { return w; }
    public Parameter bias() { return bias; }

    @Override
    public String describe() {
        return "Dense(" + in + " -> " + out + ", " + act.name().toLowerCase() + ")";
    }
}
