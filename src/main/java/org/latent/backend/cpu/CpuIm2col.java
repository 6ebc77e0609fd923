package org.latent.backend.cpu;

import org.latent.backend.ConvGeometry;

/**
 * The data movement that turns a convolution into matrix products. A tile is a range
 * {@code [r0, r1)} of output rows over the whole batch, row {@code r} being output row
 * {@code r % outH} of example {@code r / outH}; its columns are {@code t = (r - r0) * outW + ox}.
 * Patch element {@code k = (ci * kh + ky) * kw + kx} of column t is input pixel
 * {@code (ci, oy * strideH - padTop + ky, ox * strideW - padLeft + kx)}, zero outside the image.
 *
 * <p>Matrices are arrays of rows that all start at index 0, so that the multiply loops read and
 * write every row at the same index, the form the JIT vectorizes.
 */
final class CpuIm2col {
    private CpuIm2col() {}

    /** patches[k - k0][t] = patch element k of column t, for the elements k0 <= k < k1 of input channels [c0, c1). */
    static void unfold(float[] x, int xOffset, ConvGeometry g, int c0, int c1, int r0, int r1, float[][] patches) {
        int outH = g.outH(), outW = g.outW(), imageSize = g.cIn() * g.h() * g.w(), sw = g.strideW();
        for (int ci = c0, k = 0; ci < c1; ci++) {
            for (int ky = 0; ky < g.kh(); ky++) {
                for (int kx = 0; kx < g.kw(); kx++, k++) {
                    float[] row = patches[k];
                    int oxLo = firstInside(kx, g.padLeft(), sw, outW), oxHi = endInside(kx, g.padLeft(), sw, g.w(), outW);
                    for (int r = r0; r < r1; r++) {
                        int iy = (r % outH) * g.strideH() - g.padTop() + ky, t0 = (r - r0) * outW;
                        if (iy < 0 || iy >= g.h() || oxLo >= oxHi) {
                            for (int ox = 0; ox < outW; ox++) row[t0 + ox] = 0f;
                            continue;
                        }
                        int src = xOffset + (r / outH) * imageSize + (ci * g.h() + iy) * g.w() - g.padLeft() + kx;
                        for (int ox = 0; ox < oxLo; ox++) row[t0 + ox] = 0f;
                        if (sw == 1) System.arraycopy(x, src + oxLo, row, t0 + oxLo, oxHi - oxLo);
                        else for (int ox = oxLo; ox < oxHi; ox++) row[t0 + ox] = x[src + ox * sw];
                        for (int ox = oxHi; ox < outW; ox++) row[t0 + ox] = 0f;
                    }
                }
            }
        }
    }

    /** patches[t][k] = patch element k of column t, for all input channels (the transpose of {@link #unfold}). */
    static void unfoldTransposed(float[] x, int xOffset, ConvGeometry g, int r0, int r1, float[][] patches) {
        int outH = g.outH(), outW = g.outW(), h = g.h(), w = g.w(), kw = g.kw(), imageSize = g.cIn() * h * w;
        for (int r = r0; r < r1; r++) {
            int image = xOffset + (r / outH) * imageSize, iy0 = (r % outH) * g.strideH() - g.padTop();
            for (int ox = 0; ox < outW; ox++) {
                float[] row = patches[(r - r0) * outW + ox];
                int ix0 = ox * g.strideW() - g.padLeft(), kxLo = Math.max(0, -ix0), kxHi = Math.min(kw, w - ix0);
                for (int ci = 0, k = 0; ci < g.cIn(); ci++) {
                    for (int ky = 0; ky < g.kh(); ky++, k += kw) {
                        int iy = iy0 + ky;
                        if (iy < 0 || iy >= h || kxLo >= kxHi) {
                            for (int kx = 0; kx < kw; kx++) row[k + kx] = 0f;
                            continue;
                        }
                        int src = image + (ci * h + iy) * w + ix0;
                        for (int kx = 0; kx < kxLo; kx++) row[k + kx] = 0f;
                        for (int kx = kxLo; kx < kxHi; kx++) row[k + kx] = x[src + kx];
                        for (int kx = kxHi; kx < kw; kx++) row[k + kx] = 0f;
                    }
                }
            }
        }
    }

    /** The adjoint of {@link #unfold}: adds patches[k - k0][t] into the pixel that patch element came from. */
    static void foldAdd(float[][] patches, ConvGeometry g, int c0, int c1, int r0, int r1, float[] dx, int dxOffset) {
        int outH = g.outH(), outW = g.outW(), imageSize = g.cIn() * g.h() * g.w(), sw = g.strideW();
        for (int ci = c0, k = 0; ci < c1; ci++) {
            for (int ky = 0; ky < g.kh(); ky++) {
                for (int kx = 0; kx < g.kw(); kx++, k++) {
                    float[] row = patches[k];
                    int oxLo = firstInside(kx, g.padLeft(), sw, outW), oxHi = endInside(kx, g.padLeft(), sw, g.w(), outW);
                    for (int r = r0; r < r1; r++) {
                        int iy = (r % outH) * g.strideH() - g.padTop() + ky, t0 = (r - r0) * outW;
                        if (iy < 0 || iy >= g.h()) continue;
                        int dst = dxOffset + (r / outH) * imageSize + (ci * g.h() + iy) * g.w() - g.padLeft() + kx;
                        for (int ox = oxLo; ox < oxHi; ox++) dx[dst + ox * sw] += row[t0 + ox];
                    }
                }
            }
        }
    }

    /** tile[c][t] = the pixel of column t, channel c, of the [n, channels, outH, outW] tensor at data[offset]. */
    static void gather(float[] data, int offset, int channels, ConvGeometry g, int r0, int r1, float[][] tile) {
        copyTile(data, offset, channels, g, r0, r1, tile, true);
    }

    /** The inverse of {@link #gather}: writes tile[c][t] into the [n, channels, outH, outW] tensor. */
    static void scatter(float[][] tile, float[] data, int offset, int channels, ConvGeometry g, int r0, int r1) {
        copyTile(data, offset, channels, g, r0, r1, tile, false);
    }

    private static void copyTile(float[] data, int offset, int channels, ConvGeometry g, int r0, int r1, float[][] tile,
                                 boolean toTile) {
        int outH = g.outH(), outW = g.outW(), plane = outH * outW;
        for (int r = r0; r < r1; ) {
            int n = r / outH, oy = r % outH, rows = Math.min(r1 - r, outH - oy), t0 = (r - r0) * outW;
            for (int c = 0; c < channels; c++) {
                int at = offset + (n * channels + c) * plane + oy * outW;
                if (toTile) System.arraycopy(data, at, tile[c], t0, rows * outW);
                else System.arraycopy(tile[c], t0, data, at, rows * outW);
            }
            r += rows;
        }
    }

    /** The first ox whose input column ox * stride - pad + kx is not left of the image (at most outW). */
    private static int firstInside(int kx, int pad, int stride, int outW) {
        return pad - kx <= 0 ? 0 : Math.min(outW, (pad - kx + stride - 1) / stride);
    }

    /** One past the last ox whose input column is inside an image of width w. */
    private static int endInside(int kx, int pad, int stride, int w, int outW) {
        int last = w - 1 + pad - kx;
        return last < 0 ? 0 : Math.min(outW, last / stride + 1);
    }
}
