package org.latent.backend.cpu;

import java.util.Arrays;
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

    /**
     * The patches of tile [r0, r1) restricted to input channels [c0, c1): patches[i][t] = patch
     * element c0 * kh * kw + i of column t.
     */
    static void unfold(float[] x, int xOffset, ConvGeometry g, int c0, int c1, int r0, int r1, float[][] patches) {
        unfold(x, xOffset, g, c0, c1, r0, r1, patches, null, 0, 0);
    }

    /**
     * {@link #unfold} into one flat matrix: patch row i, tile column t at {@code dst[dstOffset + i * ld + t]}.
     */
    static void unfold(float[] x, int xOffset, ConvGeometry g, int c0, int c1, int r0, int r1, float[] dst, int dstOffset,
                       int ld) {
        unfold(x, xOffset, g, c0, c1, r0, r1, null, dst, dstOffset, ld);
    }

    /** Patch row i goes to rows[i] from index 0 when rows is given, else to flat from flatOffset + i * ld. */
    private static void unfold(float[] x, int xOffset, ConvGeometry g, int c0, int c1, int r0, int r1, float[][] rows,
                               float[] flat, int flatOffset, int ld) {
        if (CpuGemm.VECTOR && CpuIm2colVector.unfoldsByRows(g)) {
            CpuIm2colVector.unfoldByRows(x, xOffset, g, c0, c1, r0, r1, rows, flat, flatOffset, ld);
            return;
        }
        int outH = g.outH(), outW = g.outW(), imageSize = g.cIn() * g.h() * g.w(), sw = g.strideW();
        boolean rowsContiguous = g.strideH() == 1 && sw == 1 && outW == g.w();
        for (int ci = c0, k = 0; ci < c1; ci++) {
            for (int ky = 0; ky < g.kh(); ky++) {
                for (int kx = 0; kx < g.kw(); kx++, k++) {
                    float[] row = rows != null ? rows[k] : flat;
                    int base = rows != null ? 0 : flatOffset + k * ld;
                    int oxLo = firstInside(kx, g.padLeft(), sw, outW), oxHi = endInside(kx, g.padLeft(), sw, g.w(), outW);
                    if (rowsContiguous) {
                        unfoldContiguous(x, xOffset, g, ci, ky, kx - g.padLeft(), oxLo, oxHi, r0, r1, row, base);
                        continue;
                    }
                    int limit = rows != null ? row.length : base + (r1 - r0) * outW;
                    for (int r = r0, n = r0 / outH, oy = r0 % outH; r < r1; r++) {
                        int iy = oy * g.strideH() - g.padTop() + ky, t0 = base + (r - r0) * outW;
                        if (iy < 0 || iy >= g.h() || oxLo >= oxHi) {
                            Arrays.fill(row, t0, t0 + outW, 0f);
                        } else {
                            int src = xOffset + n * imageSize + (ci * g.h() + iy) * g.w() - g.padLeft() + kx;
                            clear(row, t0, t0 + oxLo);
                            copyRow(x, src + oxLo * sw, sw, row, t0 + oxLo, oxHi - oxLo, limit);
                            clear(row, t0 + oxHi, t0 + outW);
                        }
                        if (++oy == outH) {
                            oy = 0;
                            n++;
                        }
                    }
                }
            }
        }
    }

    /** dst[d + i] = x[s + i * stride] for i < len, with vectors where they are available; dst may be written up to limit. */
    private static void copyRow(float[] x, int s, int stride, float[] dst, int d, int len, int limit) {
        if (stride == 1 && CpuGemm.VECTOR) CpuIm2colVector.copy(x, s, dst, d, len, limit);
        else if (stride == 2 && CpuGemm.VECTOR) CpuIm2colVector.copyStride2(x, s, dst, d, len, limit);
        else for (int i = 0; i < len; i++) dst[d + i] = x[s + i * stride];
    }

    /**
     * One patch row when the stride is 1 and the output is as wide as the input: then the tile's
     * columns of one example read consecutive input pixels, so they are one copy, after which the
     * columns that wrapped around the left or right edge of the image are cleared. shift = kx - padLeft.
     */
    private static void unfoldContiguous(float[] x, int xOffset, ConvGeometry g, int ci, int ky, int shift, int oxLo, int oxHi,
                                         int r0, int r1, float[] row, int base) {
        int outH = g.outH(), w = g.w(), plane = g.h() * w;
        for (int r = r0, end; r < r1; r = end) {
            int n = r / outH, oy = r % outH;
            end = Math.min(r1, (n + 1) * outH);
            int oyEnd = oy + end - r, origin = base + (r - r0 - oy) * w;   // origin: the tile column of (oy = 0, ox = 0)
            int first = Math.max(oy, g.padTop() - ky), last = Math.min(oyEnd, g.h() + g.padTop() - ky);
            if (first >= last || oxLo >= oxHi) {
                Arrays.fill(row, origin + oy * w, origin + oyEnd * w, 0f);
                continue;
            }
            int src = xOffset + (n * g.cIn() + ci) * plane + (first - g.padTop() + ky) * w + oxLo + shift;
            Arrays.fill(row, origin + oy * w, origin + first * w + oxLo, 0f);
            System.arraycopy(x, src, row, origin + first * w + oxLo, (last - 1 - first) * w + oxHi - oxLo);
            for (int q = first; q < last - 1; q++) clear(row, origin + q * w + oxHi, origin + (q + 1) * w + oxLo);
            Arrays.fill(row, origin + (last - 1) * w + oxHi, origin + oyEnd * w, 0f);
        }
    }

    /**
     * The adjoint of {@link #unfold}: adds patches[i][t] into the input pixel that {@code unfold}
     * read it from. Channels [c0, c1) of the tile's examples must hold sums begun from a zero fill:
     * the vector adds may add +0 to other pixels of the same plane (see CpuIm2colVector).
     */
    static void foldAdd(float[][] patches, ConvGeometry g, int c0, int c1, int r0, int r1, float[] dx, int dxOffset) {
        foldAdd(patches, null, 0, 0, g, c0, c1, r0, r1, dx, dxOffset);
    }

    /** {@link #foldAdd} from one flat matrix: patch row i, tile column t at {@code src[srcOffset + i * ld + t]}. */
    static void foldAdd(float[] src, int srcOffset, int ld, ConvGeometry g, int c0, int c1, int r0, int r1, float[] dx,
                        int dxOffset) {
        foldAdd(null, src, srcOffset, ld, g, c0, c1, r0, r1, dx, dxOffset);
    }

    private static void foldAdd(float[][] rows, float[] flat, int flatOffset, int ld, ConvGeometry g, int c0, int c1,
                                int r0, int r1, float[] dx, int dxOffset) {
        if (CpuGemm.VECTOR && CpuIm2colVector.foldsByRows(g)) {
            CpuIm2colVector.foldAddByRows(rows, flat, flatOffset, ld, g, c0, c1, r0, r1, dx, dxOffset);
            return;
        }
        int outH = g.outH(), outW = g.outW(), imageSize = g.cIn() * g.h() * g.w(), sw = g.strideW();
        for (int ci = c0, k = 0; ci < c1; ci++) {
            for (int ky = 0; ky < g.kh(); ky++) {
                for (int kx = 0; kx < g.kw(); kx++, k++) {
                    float[] row = rows != null ? rows[k] : flat;
                    int base = rows != null ? 0 : flatOffset + k * ld;
                    int oxLo = firstInside(kx, g.padLeft(), sw, outW), oxHi = endInside(kx, g.padLeft(), sw, g.w(), outW);
                    for (int r = r0, n = r0 / outH, oy = r0 % outH; r < r1; r++) {
                        int iy = oy * g.strideH() - g.padTop() + ky, t0 = base + (r - r0) * outW;
                        if (iy >= 0 && iy < g.h()) {
                            int dst = dxOffset + n * imageSize + (ci * g.h() + iy) * g.w() - g.padLeft() + kx;
                            int limit = dxOffset + n * imageSize + (ci + 1) * g.h() * g.w();   // this plane's end
                            if (sw != 1) for (int ox = oxLo; ox < oxHi; ox++) dx[dst + ox * sw] += row[t0 + ox];
                            else if (CpuGemm.VECTOR) CpuIm2colVector.add(row, t0 + oxLo, dx, dst + oxLo, oxHi - oxLo, limit);
                            else for (int ox = oxLo; ox < oxHi; ox++) dx[dst + ox] += row[t0 + ox];
                        }
                        if (++oy == outH) {
                            oy = 0;
                            n++;
                        }
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

    /** {@link #gather} into one flat matrix: channel c, tile column t at {@code dst[dstOffset + c * ld + t]}. */
    static void gather(float[] data, int offset, int channels, ConvGeometry g, int r0, int r1, float[] dst, int dstOffset,
                       int ld) {
        for (int c = 0; c < channels; c++) copyRows(data, offset, channels, c, g, r0, r1, dst, dstOffset + c * ld, true);
    }

    /** The inverse of the flat {@link #gather}. */
    static void scatter(float[] src, int srcOffset, int ld, float[] data, int offset, int channels, ConvGeometry g, int r0,
                        int r1) {
        for (int c = 0; c < channels; c++) copyRows(data, offset, channels, c, g, r0, r1, src, srcOffset + c * ld, false);
    }

    /** Channel c of tile [r0, r1) between the [n, channels, outH, outW] tensor and row[base + t]. */
    private static void copyRows(float[] data, int offset, int channels, int c, ConvGeometry g, int r0, int r1, float[] row,
                                 int base, boolean toRow) {
        int outH = g.outH(), outW = g.outW(), plane = outH * outW;
        for (int r = r0; r < r1; ) {
            int n = r / outH, oy = r % outH, rows = Math.min(r1 - r, outH - oy), t0 = base + (r - r0) * outW;
            int at = offset + (n * channels + c) * plane + oy * outW;
            if (toRow) System.arraycopy(data, at, row, t0, rows * outW);
            else System.arraycopy(row, t0, data, at, rows * outW);
            r += rows;
        }
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

    /** Zeroes a[from, to): a few elements at image edges, for which a loop is cheaper than a call to Arrays.fill. */
    private static void clear(float[] a, int from, int to) {
        for (int i = from; i < to; i++) a[i] = 0f;
    }

    /** The first ox whose input column ox * stride - pad + kx is not left of the image (at most outW). */
    static int firstInside(int kx, int pad, int stride, int outW) {
        return pad - kx <= 0 ? 0 : Math.min(outW, (pad - kx + stride - 1) / stride);
    }

    /** One past the last ox whose input column is inside an image of width w. */
    static int endInside(int kx, int pad, int stride, int w, int outW) {
        int last = w - 1 + pad - kx;
        return last < 0 ? 0 : Math.min(outW, last / stride + 1);
    }
}
