package org.latent.nn;

import org.latent.backend.Activation;
import org.latent.backend.Backend;
import org.latent.backend.ConvGeometry;
import org.latent.init.Initializer;
import org.latent.tensor.Tensor;

/**
 * What Conv2d and ConvTranspose2d share: weights and a per-channel bias, a fused bias + activation
 * after the convolution, buffers for up to maxBatch examples, and the geometry of the convolution
 * (for the transposed layer, of the convolution it is the adjoint of) cached per batch size.
 */
abstract class ConvolutionLayer implements Layer {
    protected final int cIn, cOut, kernel, stride;
    protected final ConvGeometry.Padding padding;
    private final Activation act;
    private final float alpha;
    private final Initializer init;
    protected Backend b;
    protected Parameter w, bias;
    private ConvGeometry full, last;
    private BatchBuffer pre, y, dPre, dx;
    private Tensor x;

    ConvolutionLayer(String layer, int cIn, int cOut, int kernel, int stride, ConvGeometry.Padding padding, Activation act,
                     float alpha, Initializer init) {
        if (cIn <= 0 || cOut <= 0 || kernel <= 0 || stride <= 0) {
            throw new IllegalArgumentException(layer + ": channels, kernel and stride must be positive, got " + cIn + " -> "
                    + cOut + ", kernel " + kernel + ", stride " + stride);
        }
        if (act == Activation.PRELU) throw new IllegalArgumentException(layer + ": use a separate PReLU activation layer");
        this.cIn = cIn;
        this.cOut = cOut;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.act = act;
        this.alpha = alpha;
        this.init = init;
    }

    /** The geometry for n examples of the given per-example input shape (checked here). */
    protected abstract ConvGeometry geometry(int[] input, int n);

    /** Per-example output shape under a geometry from {@link #geometry}. */
    protected abstract int[] outputShape(ConvGeometry g);

    /** z = the layer's linear map of x (no bias). */
    protected abstract void convolve(Tensor x, Tensor z, ConvGeometry g);

    /** Writes dL/dw into {@code w.grad()}, given dL/dz. */
    protected abstract void filterGradient(Tensor x, Tensor dz, ConvGeometry g);

    /** Writes dL/dx into dx, given dL/dz. */
    protected abstract void dataGradient(Tensor dz, Tensor dx, ConvGeometry g);

    /** Checks the per-example input: [cIn, H, W]. */
    protected final void requireInput(int[] input) {
        Shape.requireRank(describe(), input, 3, "[" + cIn + ", H, W]");
        if (input[0] != cIn) {
            throw new IllegalArgumentException(describe() + ": input of per-example shape " + Shape.str(input)
                    + " has " + input[0] + " channels, expected " + cIn);
        }
    }

    @Override
    public final int[] outputShape(int[] input) {
        return outputShape(geometry(input, 1));
    }

    @Override
    public final void build(ParameterSet params, int[] input, int maxBatch) {
        full = last = geometry(input, maxBatch);
        b = params.backend();
        String p = getClass().getSimpleName().toLowerCase() + params.parameters().size();
        int fanIn = cIn * kernel * kernel, fanOut = cOut * kernel * kernel;
        w = params.trainable(p + ".weight", full.weightShape(), init, fanIn, fanOut);
        bias = params.trainable(p + ".bias", new int[] {cOut}, Initializer.ZEROS, fanIn, fanOut);
        int[] out = outputShape(full);
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
    public final Tensor forward(Tensor x, boolean training) {
        int n = x.rows();
        this.x = x;
        Tensor z = pre.rows(n), out = y.rows(n);
        convolve(x, z, at(n));
        b.biasActivationForward(z, bias.value(), act, alpha, null, out);
        return out;
    }

    @Override
    public final Tensor backward(Tensor dy) {
        int n = dy.rows();
        Tensor g = dx.rows(n);
        dataGradient(parameterGradients(dy), g, at(n));
        return g;
    }

    @Override
    public final void backwardParameters(Tensor dy) {
        parameterGradients(dy);
    }

    /** Writes the filter and bias gradients; returns dL/dz, the gradient before the activation. */
    private Tensor parameterGradients(Tensor dy) {
        int n = dy.rows();
        Tensor dz = dPre.rows(n);
        b.biasActivationBackward(pre.rows(n), bias.value(), act, alpha, null, y.rows(n), dy, dz, bias.grad(), null);
        filterGradient(x, dz, at(n));
        return dz;
    }

    @Override
    public String describe() {
        return getClass().getSimpleName() + "(" + cIn + " -> " + cOut + ", " + kernel + "x" + kernel + ", stride " + stride
                + ", " + padding.name().toLowerCase() + ", " + act.name().toLowerCase() + ")";
    }
}
