package org.latent.nn;

import org.latent.backend.Activation;
import org.latent.backend.ConvGeometry;
import org.latent.init.Initializer;
import org.latent.tensor.Tensor;

/** y = act(conv(x, W) + b) over NCHW; W [cOut, cIn, k, k]; padding as in Keras (SAME: ceil(in / stride)). */
public final class Conv2d extends ConvolutionLayer {

    public Conv2d(int cIn, int cOut, int kernel, int stride, ConvGeometry.Padding padding, Activation act, float alpha,
                  Initializer init) {
        super("Conv2d", cIn, cOut, kernel, stride, padding, act, alpha, init);
    }

    @Override
    protected ConvGeometry geometry(int[] input, int n) {
        requireInput(input);
        return ConvGeometry.of(n, cIn, input[1], input[2], cOut, kernel, kernel, stride, padding);
    }

    @Override
    protected int[] outputShape(ConvGeometry g) {
        return new int[] {cOut, g.outH(), g.outW()};
    }

    @Override
    protected void convolve(Tensor x, Tensor z, ConvGeometry g) {
        b.conv2dForward(x, w.value(), z, g);
    }

    @Override
    protected void filterGradient(Tensor x, Tensor dz, ConvGeometry g) {
        b.conv2dBackwardFilter(x, dz, w.grad(), g);
    }

    @Override
    protected void dataGradient(Tensor dz, Tensor dx, ConvGeometry g) {
        b.conv2dBackwardData(dz, w.value(), dx, g);
    }
}
