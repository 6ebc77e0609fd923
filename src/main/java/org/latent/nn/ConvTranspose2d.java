package org.latent.nn;

import org.latent.backend.Activation;
import org.latent.backend.Backend;
import org.latent.backend.ConvGeometry;
import org.latent.init.Initializer;
import org.latent.tensor.Tensor;

/**
 * The transposed convolution: the adjoint of the Conv2d that maps its output back to its input.
 * Output size: SAME gives in * stride, VALID (in - 1) * stride + k (Keras). W [cIn, cOut, k, k], as in
 * PyTorch. Its forward is the adjoint conv's backward-data, and its backward-data that conv's forward.
 */
public final class ConvTranspose2d implements Layer {
    private final int cIn, cOut, kernel, stride;
    private final ConvGeometry.Padding padding;
    private final Activation act;
    private final float alpha;
    private final Initializer init;
    private Backend b;
    private Parameter w, bias;
    private ConvGeometry full, last;
    private BatchBuffer pre, y, dPre, dx;
    private Tensor x;

    public ConvTranspose2d(int cIn, int cOut, int kernel, int stride, ConvGeometry.Padding padding, Activation act,
                           float alpha, Initializer init) {
        if (cIn <= 0 || cOut <= 0 || kernel <= 0 || stride <= 0) {
            throw new IllegalArgumentException("ConvTranspose2d: channels, kernel and stride must be positive, got " + cIn
                    + " -> " + cOut + ", kernel " + kernel + ", stride " + stride);
        }
        if (act == Activation.PRELU) throw new IllegalArgumentException("ConvTranspose2d: use a separate PReLU activation layer");
        this.cIn = cIn;
        this.cOut = cOut;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.act = act;
        this.alpha = alpha;
        this.init = init;
    }

    /** The geometry of the adjoint convolution: from the big output [cOut, H, W] to the input [cIn, h, w]. */
    private ConvGeometry geometry(int[] input, int n) {
        Shape.requireRank(describe(), input, 3, "[" + cIn + ", H, W]");
        if (input[0] != cIn) {
            throw new IllegalArgumentException(describe() + ": input of per-example shape " + Shape.str(input)
                    + " has " + input[0] + " channels, expected " + cIn);
        }
        int h = input[1], w = input[2];
        if (padding == ConvGeometry.Padding.VALID) {
            int bigH = (h - 1) * stride + kernel, bigW = (w - 1) * stride + kernel;
            return new ConvGeometry(n, cOut, bigH, bigW, cIn, kernel, kernel, stride, stride, 0, 0, h, w);
        }
        int bigH = h * stride, bigW = w * stride;
        int padH = Math.max((h - 1) * stride + kernel - bigH, 0), padW = Math.max((w - 1) * stride + kernel - bigW, 0);
        return new ConvGeometry(n, cOut, bigH, bigW, cIn, kernel, kernel, stride, stride, padH / 2, padW / 2, h, w);
    }

    @Override
    public int[] outputShape(int[] input) {
        ConvGeometry g = geometry(input, 1);
        return new int[] {cOut, g.h(), g.w()};
    }

    @Override
    public void build(ParameterSet params, int[] input, int maxBatch) {
        full = last = geometry(input, maxBatch);
        b = params.backend();
        String p = "convT" + params.parameters().size();
        int fanIn = cIn * kernel * kernel, fanOut = cOut * kernel * kernel;
        w = params.trainable(p + ".weight", full.weightShape(), init, fanIn, fanOut);
        bias = params.trainable(p + ".bias", new int[] {cOut}, Initializer.ZEROS, fanIn, fanOut);
        int[] out = outputShape(input);
        pre = new BatchBuffer(b, maxBatch, out);
        y = new BatchBuffer(b, maxBatch, out);
        dPre = new BatchBuffer(b, maxBatch, out);
        dx = new BatchBuffer(b, maxBatch, input);
    }

    private ConvGeometry at(int n) {
        if (last.n() != n) last = full.withBatch(n);
        return last;
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        int n = x.rows();
        this.x = x;
        Tensor z = pre.rows(n), out = y.rows(n);
        b.conv2dBackwardData(x, w.value(), z, at(n));
        b.biasActivationForward(z, bias.value(), act, alpha, null, out);
        return out;
    }

    @Override
    public Tensor backward(Tensor dy) {
        int n = dy.rows();
        Tensor dz = dPre.rows(n), g = dx.rows(n);
        b.biasActivationBackward(pre.rows(n), bias.value(), act, alpha, null, y.rows(n), dy, dz, bias.grad(), null);
        b.conv2dBackwardFilter(dz, x, w.grad(), at(n));
        b.conv2dForward(dz, w.value(), g, at(n));
        return g;
    }

    @Override
    public String describe() {
        return "ConvTranspose2d(" + cIn + " -> " + cOut + ", " + kernel + "x" + kernel + ", stride " + stride + ", "
                + padding.name().toLowerCase() + ", " + act.name().toLowerCase() + ")";
    }
}
