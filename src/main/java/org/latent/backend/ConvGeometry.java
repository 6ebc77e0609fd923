package org.latent.backend;

import org.latent.tensor.Shapes;

/**
 * The geometry of one 2-D convolution over NCHW tensors: input [n, cIn, h, w], weights
 * [cOut, cIn, kh, kw], output [n, cOut, outH, outW]. Output pixel (oy, ox) reads input rows
 * {@code oy*strideH - padTop + ky}; positions outside the input read zero. Padding may be
 * asymmetric (TensorFlow's "same" puts the odd pixel at the bottom/right), which is why the output
 * size is stored rather than derived from a symmetric pad.
 *
 * <p>A ConvTranspose2d is the adjoint of the convolution with this geometry read backwards: its
 * input is the [n, cOut, outH, outW] side and its output the [n, cIn, h, w] side.
 */
public record ConvGeometry(int n, int cIn, int h, int w, int cOut, int kh, int kw,
                           int strideH, int strideW, int padTop, int padLeft, int outH, int outW) {

    public ConvGeometry {
        Shapes.require(n > 0 && cIn > 0 && h > 0 && w > 0 && cOut > 0 && kh > 0 && kw > 0,
                "ConvGeometry: sizes must be positive, got n=" + n + " cIn=" + cIn + " h=" + h + " w=" + w
                        + " cOut=" + cOut + " kernel=" + kh + "x" + kw);
        Shapes.require(strideH > 0 && strideW > 0, "ConvGeometry: stride must be positive, got " + strideH + "x" + strideW);
        Shapes.require(padTop >= 0 && padLeft >= 0 && padTop < kh && padLeft < kw,
                "ConvGeometry: padding " + padTop + "," + padLeft + " must be in [0, kernel) for kernel " + kh + "x" + kw);
        Shapes.require(outH > 0 && outW > 0, "ConvGeometry: output " + outH + "x" + outW + " is empty for input "
                + h + "x" + w + ", kernel " + kh + "x" + kw + ", stride " + strideH + "x" + strideW);
    }

    public enum Padding { VALID, SAME }

    /** Keras/TensorFlow padding rules: VALID has none; SAME gives ceil(in/stride) outputs. */
    public static ConvGeometry of(int n, int cIn, int h, int w, int cOut, int kh, int kw, int stride, Padding padding) {
        if (padding == Padding.VALID) {
            return explicit(n, cIn, h, w, cOut, kh, kw, stride, 0);
        }
        int outH = (h + stride - 1) / stride, outW = (w + stride - 1) / stride;
        int padH = Math.max((outH - 1) * stride + kh - h, 0), padW = Math.max((outW - 1) * stride + kw - w, 0);
        return new ConvGeometry(n, cIn, h, w, cOut, kh, kw, stride, stride, padH / 2, padW / 2, outH, outW);
    }

    /** PyTorch rules: symmetric zero padding {@code pad} on every side. */
    public static ConvGeometry explicit(int n, int cIn, int h, int w, int cOut, int kh, int kw, int stride, int pad) {
        int outH = (h + 2 * pad - kh) / stride + 1, outW = (w + 2 * pad - kw) / stride + 1;
        return new ConvGeometry(n, cIn, h, w, cOut, kh, kw, stride, stride, pad, pad, outH, outW);
    }

    /** The same geometry for another batch size. */
    public ConvGeometry withBatch(int batch) {
        return new ConvGeometry(batch, cIn, h, w, cOut, kh, kw, strideH, strideW, padTop, padLeft, outH, outW);
    }

    public int[] inputShape() { return new int[] {n, cIn, h, w}; }
    public int[] outputShape() { return new int[] {n, cOut, outH, outW}; }
    public int[] weightShape() { return new int[] {cOut, cIn, kh, kw}; }

    /** Multiply-adds of the forward pass, times two. */
    public long flops() {
        return 2L * n * cOut * outH * outW * cIn * kh * kw;
    }

    public boolean symmetricPadding() {
        return (outH - 1) * strideH + kh - h - padTop == padTop && (outW - 1) * strideW + kw - w - padLeft == padLeft;
    }
}
