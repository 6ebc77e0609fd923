package org.latent.nn;

import org.latent.backend.Backend;
import org.latent.backend.PoolGeometry;
import org.latent.tensor.Tensor;

/** Max pooling without padding (Keras "valid"): window k, stride s (default s = k). */
public final class MaxPool2d implements Layer {
    private final int kernel, stride;
    private Backend b;
    private PoolGeometry full, last;
    private BatchBuffer y, dx;
    private Tensor x;

    public MaxPool2d(int kernel, int stride) {
        if (kernel <= 0 || stride <= 0) throw new IllegalArgumentException("MaxPool2d: kernel " + kernel + " and stride " + stride + " must be positive");
        this.kernel = kernel;
        this.stride = stride;
    }

    public MaxPool2d(int kernel) {
        this(kernel, kernel);
    }

    private PoolGeometry geometry(int[] input, int n) {
        Shape.requireRank(describe(), input, 3, "[C, H, W]");
        if (input[1] < kernel || input[2] < kernel) {
            throw new IllegalArgumentException(describe() + ": input of per-example shape " + Shape.str(input)
                    + " is smaller than the window");
        }
        return new PoolGeometry(n, input[0], input[1], input[2], kernel, kernel, stride, stride);
    }

    @Override
    public int[] outputShape(int[] input) {
        PoolGeometry g = geometry(input, 1);
        return new int[] {input[0], g.outH(), g.outW()};
    }

    @Override
    public void build(ParameterSet params, int[] input, int maxBatch) {
        full = last = geometry(input, maxBatch);
        b = params.backend();
        y = new BatchBuffer(b, maxBatch, outputShape(input));
        dx = new BatchBuffer(b, maxBatch, input);
    }

    private PoolGeometry at(int n) {
        if (last.n() != n) last = full.withBatch(n);
        return last;
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        this.x = x;
        Tensor out = y.rows(x.rows());
        b.maxPool2dForward(x, out, at(x.rows()));
        return out;
    }

    @Override
    public Tensor backward(Tensor dy) {
        int n = dy.rows();
        Tensor g = dx.rows(n);
        b.maxPool2dBackward(x, y.rows(n), dy, g, at(n));
        return g;
    }

    @Override
    public String describe() {
        return "MaxPool2d(" + kernel + "x" + kernel + ", stride " + stride + ")";
    }
}
