package org.latent.nn;

import org.latent.backend.Backend;
import org.latent.tensor.Tensor;

/** Nearest-neighbour upsampling by an integer factor. */
public final class Upsample2d implements Layer {
    private final int scale;
    private Backend b;
    private BatchBuffer y, dx;

    public Upsample2d(int scale) {
        if (scale <= 0) throw new IllegalArgumentException("Upsample2d: scale " + scale + " must be positive");
        this.scale = scale;
    }

    @Override
    public int[] outputShape(int[] input) {
        Shape.requireRank(describe(), input, 3, "[C, H, W]");
        return new int[] {input[0], input[1] * scale, input[2] * scale};
    }

    @Override
    public void build(ParameterSet params, int[] input, int maxBatch) {
        b = params.backend();
        y = new BatchBuffer(b, maxBatch, outputShape(input));
        dx = new BatchBuffer(b, maxBatch, input);
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        Tensor out = y.rows(x.rows());
        b.upsample2dForward(x, out, scale, scale);
        return out;
    }

    @Override
    public Tensor backward(Tensor dy) {
        Tensor g = dx.rows(dy.rows());
        b.upsample2dBackward(dy, g, scale, scale);
        return g;
    }

    @Override
    public String describe() {
        return "Upsample2d(x" + scale + ")";
    }
}
