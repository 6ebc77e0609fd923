package org.latent.backend;

import org.latent.tensor.Shapes;

/** Max pooling over NCHW without padding: window kh x kw moved by the stride; floor output size (Keras "valid"). */
public record PoolGeometry(int n, int c, int h, int w, int kh, int kw, int strideH, int strideW) {
    public PoolGeometry {
        Shapes.require(n > 0 && c > 0 && h > 0 && w > 0 && kh > 0 && kw > 0 && strideH > 0 && strideW > 0,
                "PoolGeometry: sizes must be positive, got n=" + n + " c=" + c + " " + h + "x" + w + " window " + kh + "x" + kw
                        + " stride " + strideH + "x" + strideW);
        Shapes.require(h >= kh && w >= kw, "PoolGeometry: window " + kh + "x" + kw + " larger than input " + h + "x" + w);
    }

    public int outH() { return (h - kh) / strideH + 1; }
    public int outW() { return (w - kw) / strideW + 1; }
    public int[] inputShape() { return new int[] {n, c, h, w}; }
    public int[] outputShape() { return new int[] {n, c, outH(), outW()}; }
    public PoolGeometry withBatch(int batch) { return new PoolGeometry(batch, c, h, w, kh, kw, strideH, strideW); }
}
