package org.latent.nn;

import org.latent.backend.Activation;
import org.latent.backend.ConvGeometry;
import org.latent.init.Initializer;
import org.latent.tensor.Tensor;

/**
 * The transposed convolution: the adjoint of the Conv2d that maps its output back to its input.
 * Output size: SAME gives in * stride, VALID (in - 1) * stride + k (Keras). W [cIn, cOut, k, k], as in
 * PyTorch. Its forward is the adjoint conv's backward-data, and its backward-data that conv's forward.
 */
public final class ConvTranspose2d extends ConvolutionLayer {

    public ConvTranspose2d(int cIn, int cOut, int kernel, int stride, ConvGeometry.Padding padding, Activation act,
                           float alpha, Initializer init) {
        super("ConvTranspose2d", cIn, cOut, kernel, stride, padding, act, alpha, init);
    }

    /** The geometry of the adjoint convolution: from the big output [cOut, H, W] to the input [cIn, h, w]. */
    @Override
    protected ConvGeometry geometry(int[] input, int n) {
        requireInput(input);
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
    protected int[] outputShape(ConvGeometry g) {
        return new int[] {cOut, g.h(), g.w()};
    }

    @Override
    protected void convolve(Tensor x, Tensor z, ConvGeometry g) {
        b.conv2dBackwardData(x, w.value(), z, g);
    }

    @Override
    protected void filterGradient(Tensor x, Tensor dz, ConvGeometry g) {
        b.conv2dBackwardFilter(dz, x, w.grad(), g);
    }

    @Override
    protected void dataGradient(Tensor dz, Tensor dx, ConvGeometry g) {
        b.conv2dForward(dz, w.value(), dx, g);
    }
}
