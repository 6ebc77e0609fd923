package org.latent.backend.cpu;

import java.util.Arrays;
import org.latent.backend.ConvGeometry;

/**
 * 2-D convolution forward, backward-data and backward-filter on the CPU.
 *
 * <p>The public paths unfold tiles of input patches (CpuIm2col) into per-thread buffers, a few
 * input channels at a time, and multiply them with the weights. Examples are split over threads
 * and tiles never straddle a thread's share, so each output element is summed in an order fixed by
 * the geometry (and, for the filter gradient, by the thread count). The {@code reference*} methods are the plain loops
 * that the fast paths are tested against.
 */
final class CpuConv {
    private CpuConv() {}

    /** Forward and backward-data tiles aim at this many columns, so that the vectorized inner loops are long. */
    private static final int TARGET_COLUMNS = 256;
    /** Input channels are unfolded a group at a time, about this many patch rows, so that they stay in cache. */
    private static final int GROUP_ROWS = 32;
    /** Backward-filter tiles hold about this many floats (256 KiB) of transposed patches, so that they stay in the L2 cache. */
    private static final int FILTER_TILE_FLOATS = 1 << 16;

    /** Below this many output channels the filter gradient is formed by dot products. */
    private static final int FEW_OUTPUT_CHANNELS = 4;

    /** Per-thread buffers of rows, grown on demand and kept, so that warm calls allocate nothing large. */
    private static final class Scratch {
        float[][] patches = new float[0][], tile = new float[0][];
        float[][][] partials = new float[0][][];
        float[] flipped = new float[0];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** rows with at least {@code count} rows of at least {@code length} floats, reusing those it has. */
    private static float[][] rows(float[][] rows, int count, int length) {
        if (rows.length < count) rows = Arrays.copyOf(rows, count);
        for (int i = 0; i < count; i++) if (rows[i] == null || rows[i].length < length) rows[i] = new float[length];
        return rows;
    }

    static void forward(CpuTensor x, CpuTensor w, CpuTensor y, ConvGeometry g) {
        convolve(x.data, x.offset, w.data, w.offset, y.data, y.offset, g);
    }

    private static void convolve(float[] x, int xOffset, float[] w, int wOffset, float[] y, int yOffset, ConvGeometry g) {
        int khw = g.kh() * g.kw(), patch = g.cIn() * khw, outH = g.outH(), outW = g.outW(), cOut = g.cOut();
        int rowsPerTile = (TARGET_COLUMNS + outW - 1) / outW, group = Math.max(1, GROUP_ROWS / khw);
        CpuThreads.parallelFor(g.n(), costPerExample(g), (n0, n1) -> {
            Scratch s = SCRATCH.get();
            for (int r0 = n0 * outH, r1; r0 < n1 * outH; r0 = r1) {
                r1 = tileEnd(r0, rowsPerTile, outH, n1 * outH);
                int cols = (r1 - r0) * outW;
                float[][] out = s.tile = rows(s.tile, cOut, cols);
                for (int c0 = 0, c1; c0 < g.cIn(); c0 = c1) {
                    c1 = Math.min(g.cIn(), c0 + group);
                    float[][] patches = s.patches = rows(s.patches, (c1 - c0) * khw, cols);
                    CpuIm2col.unfold(x, xOffset, g, c0, c1, r0, r1, patches);
                    multiply(cOut, cols, (c1 - c0) * khw, w, wOffset + c0 * khw, patch, 1, patches, out, c0 > 0);
                }
                CpuIm2col.scatter(out, y, yOffset, cOut, g, r0, r1);
            }
        });
    }

    /**
     * Folding patches back is a scalar scatter, cheap only next to a multiply with many output
     * channels; so when the stride is 1 and there are fewer output than input channels, the
     * adjoint runs as what it then equals, a forward convolution of dy with the kernels flipped.
     */
    static void backwardData(CpuTensor dy, CpuTensor w, CpuTensor dx, ConvGeometry g) {
        if (g.strideH() == 1 && g.strideW() == 1 && g.cOut() < g.cIn()) {
            convolve(dy.data, dy.offset, flippedKernels(w, g), 0, dx.data, dx.offset, new ConvGeometry(g.n(), g.cOut(),
                    g.outH(), g.outW(), g.cIn(), g.kh(), g.kw(), 1, 1, g.kh() - 1 - g.padTop(), g.kw() - 1 - g.padLeft(),
                    g.h(), g.w()));
            return;
        }
        int khw = g.kh() * g.kw(), patch = g.cIn() * khw, outH = g.outH(), outW = g.outW(), cOut = g.cOut();
        int rowsPerTile = (TARGET_COLUMNS + outW - 1) / outW, group = Math.max(1, GROUP_ROWS / khw);
        int imageSize = g.cIn() * g.h() * g.w();
        CpuThreads.parallelFor(g.n(), costPerExample(g), (n0, n1) -> {
            Scratch s = SCRATCH.get();
            Arrays.fill(dx.data, dx.offset + n0 * imageSize, dx.offset + n1 * imageSize, 0f);
            for (int r0 = n0 * outH, r1; r0 < n1 * outH; r0 = r1) {
                r1 = tileEnd(r0, rowsPerTile, outH, n1 * outH);
                int cols = (r1 - r0) * outW;
                float[][] in = s.tile = rows(s.tile, cOut, cols);
                CpuIm2col.gather(dy.data, dy.offset, cOut, g, r0, r1, in);
                for (int c0 = 0, c1; c0 < g.cIn(); c0 = c1) {
                    c1 = Math.min(g.cIn(), c0 + group);
                    float[][] patches = s.patches = rows(s.patches, (c1 - c0) * khw, cols);
                    multiply((c1 - c0) * khw, cols, cOut, w.data, w.offset + c0 * khw, 1, patch, in, patches, false);
                    CpuIm2col.foldAdd(patches, g, c0, c1, r0, r1, dx.data, dx.offset);
                }
            }
        });
    }

    /** flipped[ci, co, ky, kx] = w[co, ci, kh - 1 - ky, kw - 1 - kx], in the calling thread's scratch. */
    private static float[] flippedKernels(CpuTensor w, ConvGeometry g) {
        Scratch s = SCRATCH.get();
        if (s.flipped.length < w.size()) s.flipped = new float[w.size()];
        int kh = g.kh(), kw = g.kw(), khw = kh * kw;
        for (int co = 0; co < g.cOut(); co++)
            for (int ci = 0; ci < g.cIn(); ci++)
                for (int k = 0; k < khw; k++)
                    s.flipped[(ci * g.cOut() + co) * khw + khw - 1 - k] = w.data[w.offset + (co * g.cIn() + ci) * khw + k];
        return s.flipped;
    }

    /**
     * The batch is cut into min(threads, n) fixed parts; each part sums its examples into its own
     * partial gradient, and the partials are added in part order, in double.
     */
    static void backwardFilter(CpuTensor x, CpuTensor dy, CpuTensor dw, ConvGeometry g) {
        int patch = g.cIn() * g.kh() * g.kw(), cOut = g.cOut(), n = g.n(), parts = Math.min(CpuThreads.threads(), n);
        Scratch caller = SCRATCH.get();
        if (caller.partials.length < parts) caller.partials = Arrays.copyOf(caller.partials, parts);
        float[][][] partials = caller.partials;
        for (int part = 0; part < parts; part++) {
            partials[part] = rows(partials[part] == null ? new float[0][] : partials[part], cOut, patch);
        }
        CpuThreads.parallelFor(parts, costPerExample(g) * n / parts, (p0, p1) -> {
            Scratch s = SCRATCH.get();
            for (int part = p0; part < p1; part++) {
                float[][] sum = partials[part];
                for (int co = 0; co < cOut; co++) Arrays.fill(sum[co], 0, patch, 0f);
                for (int example = part * n / parts; example < (part + 1) * n / parts; example++) {
                    if (cOut >= FEW_OUTPUT_CHANNELS) addFilterGradientByMultiply(s, x, dy, g, example, sum);
                    else addFilterGradientByDots(s, x, dy, g, example, sum);
                }
            }
        });
        CpuThreads.parallelFor(cOut, (long) patch * parts, (c0, c1) -> {
            for (int co = c0; co < c1; co++) {
                for (int k = 0; k < patch; k++) {
                    double total = 0;
                    for (int part = 0; part < parts; part++) total += partials[part][co][k];
                    dw.data[dw.offset + co * patch + k] = (float) total;
                }
            }
        });
    }

    /** sum[co][k] += one example's filter gradient: dy times the transposed patches, a vectorized multiply. */
    private static void addFilterGradientByMultiply(Scratch s, CpuTensor x, CpuTensor dy, ConvGeometry g, int example,
                                                    float[][] sum) {
        int patch = g.cIn() * g.kh() * g.kw(), outH = g.outH(), outW = g.outW(), plane = outH * outW;
        int rowsPerTile = Math.max(1, Math.min(outH, FILTER_TILE_FLOATS / (patch * outW)));
        for (int oy0 = 0, oy1; oy0 < outH; oy0 = oy1) {
            oy1 = Math.min(outH, oy0 + rowsPerTile);
            int cols = (oy1 - oy0) * outW;
            float[][] patches = s.patches = rows(s.patches, cols, patch);
            CpuIm2col.unfoldTransposed(x.data, x.offset, g, example * outH + oy0, example * outH + oy1, patches);
            int dyAt = dy.offset + (example * g.cOut() * outH + oy0) * outW;
            multiply(g.cOut(), patch, cols, dy.data, dyAt, plane, 1, patches, sum, true);
        }
    }

    /**
     * The same through dot products of dy rows with untransposed patch rows: with few output
     * channels the transposed unfold, a scalar gather, would cost more than the products themselves.
     */
    private static void addFilterGradientByDots(Scratch s, CpuTensor x, CpuTensor dy, ConvGeometry g, int example,
                                                float[][] sum) {
        int khw = g.kh() * g.kw(), outH = g.outH(), outW = g.outW(), plane = outH * outW;
        int rowsPerTile = Math.min(outH, (TARGET_COLUMNS + outW - 1) / outW), group = Math.max(1, GROUP_ROWS / khw);
        float[] d = dy.data;
        for (int oy0 = 0, oy1; oy0 < outH; oy0 = oy1) {
            oy1 = Math.min(outH, oy0 + rowsPerTile);
            int cols = (oy1 - oy0) * outW;
            for (int c0 = 0, c1; c0 < g.cIn(); c0 = c1) {
                c1 = Math.min(g.cIn(), c0 + group);
                int count = (c1 - c0) * khw;
                float[][] patches = s.patches = rows(s.patches, count, cols);
                CpuIm2col.unfold(x.data, x.offset, g, c0, c1, example * outH + oy0, example * outH + oy1, patches);
                for (int co = 0; co < g.cOut(); co++) {
                    int a = dy.offset + ((example * g.cOut() + co) * outH + oy0) * outW, k = 0;
                    float[] out = sum[co];
                    for (; k + 4 <= count; k += 4) {
                        float[] q0 = patches[k], q1 = patches[k + 1], q2 = patches[k + 2], q3 = patches[k + 3];
                        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                        for (int j = 0; j < cols; j++) {
                            float dj = d[a + j];
                            s0 += dj * q0[j];
                            s1 += dj * q1[j];
                            s2 += dj * q2[j];
                            s3 += dj * q3[j];
                        }
                        int at = c0 * khw + k;
                        out[at] += s0;
                        out[at + 1] += s1;
                        out[at + 2] += s2;
                        out[at + 3] += s3;
                    }
                    for (; k < count; k++) {
                        float[] q = patches[k];
                        float s0 = 0;
                        for (int j = 0; j < cols; j++) s0 += d[a + j] * q[j];
                        out[c0 * khw + k] += s0;
                    }
                }
            }
        }
    }

    /**
     * c[i][j] (+)= sum_l A(i, l) * b[l][j] for i < m, j < n, l < depth, A(i, l) being
     * {@code a[aOffset + i * aRowStride + l * aColStride]}. The inner loop reads b and c rows at the
     * same index (which the JIT vectorizes) and takes four l at a time to save loads and stores of c.
     */
    private static void multiply(int m, int n, int depth, float[] a, int aOffset, int aRowStride, int aColStride,
                                 float[][] b, float[][] c, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            float[] ci = c[i];
            if (!accumulate) Arrays.fill(ci, 0, n, 0f);
            int ai = aOffset + i * aRowStride, l = 0;
            for (; l + 4 <= depth; l += 4) {
                int at = ai + l * aColStride;
                float a0 = a[at], a1 = a[at + aColStride], a2 = a[at + 2 * aColStride], a3 = a[at + 3 * aColStride];
                float[] b0 = b[l], b1 = b[l + 1], b2 = b[l + 2], b3 = b[l + 3];
                for (int j = 0; j < n; j++) ci[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
            }
            for (; l < depth; l++) {
                float al = a[ai + l * aColStride];
                float[] bl = b[l];
                for (int j = 0; j < n; j++) ci[j] += al * bl[j];
            }
        }
    }

    /** The end of the tile that starts at global output row r: whole examples if a tile holds several, else rows of one. */
    private static int tileEnd(int r, int rowsPerTile, int outH, int chunkEnd) {
        if (rowsPerTile >= outH) return Math.min(chunkEnd, r + rowsPerTile / outH * outH);
        return Math.min(r + rowsPerTile, (r / outH + 1) * outH);
    }

    private static long costPerExample(ConvGeometry g) {
        return g.flops() / g.n();
    }

    // ---- plain reference loops ------------------------------------------------------------

    /** The input pixel (iy, ix) that output (oy, ox) reads through kernel tap (ky, kx), or -1 outside the image. */
    private static int inputIndex(ConvGeometry g, int oy, int ox, int ky, int kx) {
        int iy = oy * g.strideH() - g.padTop() + ky, ix = ox * g.strideW() - g.padLeft() + kx;
        return iy < 0 || iy >= g.h() || ix < 0 || ix >= g.w() ? -1 : iy * g.w() + ix;
    }

    static void referenceForward(CpuTensor x, CpuTensor w, CpuTensor y, ConvGeometry g) {
        int hw = g.h() * g.w(), khw = g.kh() * g.kw(), ohw = g.outH() * g.outW();
        for (int n = 0; n < g.n(); n++)
            for (int co = 0; co < g.cOut(); co++)
                for (int oy = 0; oy < g.outH(); oy++)
                    for (int ox = 0; ox < g.outW(); ox++) {
                        double sum = 0;
                        for (int ci = 0; ci < g.cIn(); ci++)
                            for (int ky = 0; ky < g.kh(); ky++)
                                for (int kx = 0; kx < g.kw(); kx++) {
                                    int pixel = inputIndex(g, oy, ox, ky, kx);
                                    if (pixel < 0) continue;
                                    sum += (double) x.data[x.offset + (n * g.cIn() + ci) * hw + pixel]
                                            * w.data[w.offset + (co * g.cIn() + ci) * khw + ky * g.kw() + kx];
                                }
                        y.data[y.offset + (n * g.cOut() + co) * ohw + oy * g.outW() + ox] = (float) sum;
                    }
    }

    static void referenceBackwardData(CpuTensor dy, CpuTensor w, CpuTensor dx, ConvGeometry g) {
        int hw = g.h() * g.w(), khw = g.kh() * g.kw(), ohw = g.outH() * g.outW();
        double[] sum = new double[dx.size()];
        for (int n = 0; n < g.n(); n++)
            for (int co = 0; co < g.cOut(); co++)
                for (int oy = 0; oy < g.outH(); oy++)
                    for (int ox = 0; ox < g.outW(); ox++) {
                        double d = dy.data[dy.offset + (n * g.cOut() + co) * ohw + oy * g.outW() + ox];
                        for (int ci = 0; ci < g.cIn(); ci++)
                            for (int ky = 0; ky < g.kh(); ky++)
                                for (int kx = 0; kx < g.kw(); kx++) {
                                    int pixel = inputIndex(g, oy, ox, ky, kx);
                                    if (pixel < 0) continue;
                                    sum[(n * g.cIn() + ci) * hw + pixel] +=
                                            d * w.data[w.offset + (co * g.cIn() + ci) * khw + ky * g.kw() + kx];
                                }
                    }
        for (int i = 0; i < sum.length; i++) dx.data[dx.offset + i] = (float) sum[i];
    }

    static void referenceBackwardFilter(CpuTensor x, CpuTensor dy, CpuTensor dw, ConvGeometry g) {
        int hw = g.h() * g.w(), khw = g.kh() * g.kw(), ohw = g.outH() * g.outW();
        for (int co = 0; co < g.cOut(); co++)
            for (int ci = 0; ci < g.cIn(); ci++)
                for (int ky = 0; ky < g.kh(); ky++)
                    for (int kx = 0; kx < g.kw(); kx++) {
                        double sum = 0;
                        for (int n = 0; n < g.n(); n++)
                            for (int oy = 0; oy < g.outH(); oy++)
                                for (int ox = 0; ox < g.outW(); ox++) {
                                    int pixel = inputIndex(g, oy, ox, ky, kx);
                                    if (pixel < 0) continue;
                                    sum += (double) dy.data[dy.offset + (n * g.cOut() + co) * ohw + oy * g.outW() + ox]
                                            * x.data[x.offset + (n * g.cIn() + ci) * hw + pixel];
                                }
                        dw.data[dw.offset + (co * g.cIn() + ci) * khw + ky * g.kw() + kx] = (float) sum;
                    }
    }
}
