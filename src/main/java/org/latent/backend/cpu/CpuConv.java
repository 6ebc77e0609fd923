package org.latent.backend.cpu;

import java.util.Arrays;
import org.latent.backend.ConvGeometry;

/**
 * 2-D convolution forward, backward-data and backward-filter on the CPU.
 *
 * <p>When CpuGemm's Vector API kernel is available ({@link CpuGemm#VECTOR}), backward-filter (16
 * or more output channels), forward and backward-data (also 64 or more patch elements; the latter
 * is the forward pass of ConvTranspose2d) run as batched im2col GEMMs: the batch is cut into
 * chunks of examples whose patches (or, for the data gradient, whose dy) are unfolded into one
 * flat matrix with outH * outW * examples columns, that matrix goes through one multithreaded
 * {@link CpuGemm#gemm} call, and the result is scattered or folded back (col2im). Chunks depend only on the geometry, unfolding and folding are data
 * movement split over examples, and the GEMM is bit-identical at any thread count, so these paths
 * are too. The buffers are kept per calling thread and grown on demand, so warm calls allocate
 * nothing large. Convolutions with fewer than {@link #FEW_OUTPUT_CHANNELS} output channels keep
 * the paths below: their GEMMs would be matrix-vector products over very large patch matrices.
 *
 * <p>The other paths (and all of them without the Vector API) unfold tiles of input patches
 * (CpuIm2col) into per-thread buffers, a few input channels at a time, and multiply them with the
 * weights or with dy. Examples are split over threads and tiles never straddle a thread's share,
 * so every output element is summed in an order fixed by the geometry (and, for the filter
 * gradient, by the thread count). The {@code reference*} methods are the plain loops that the fast
 * paths are tested against.
 */
final class CpuConv {
    private CpuConv() {}

    /** Tiles aim at this many output pixels, so that the vectorized inner loops are long. */
    private static final int TARGET_COLUMNS = 256;
    /** Input channels are unfolded a group at a time, about this many patch rows, so that they stay in cache. */
    private static final int GROUP_ROWS = 32;
    /** Below this many output channels the filter gradient is not formed by a multiply along the output channels. */
    private static final int FEW_OUTPUT_CHANNELS = 16;

    /**
     * Whether the Vector API paths run: the batched im2col GEMMs (see the class comment) and
     * CpuConvOneOutput for stride-1 convolutions with one output channel. Not final only so that
     * tests and benchmarks can run the other paths in the same JVM.
     */
    static volatile boolean viaGemm = CpuGemm.VECTOR;
    /**
     * Below this many patch elements (cIn * kh * kw) forward and backward-data keep the tiled path:
     * a GEMM with so few rows or so short a k (E5's and E6's first convolutions, 9 elements, ran
     * 0.7-0.8x as fast via GEMM; those with 576 or 2048 ran 1.4-1.6x faster, ConvBenchmark in
     * bench/results/cpu-conv-one-output/).
     */
    private static final int MIN_GEMM_PATCH = 64;
    /** A chunk of examples aims at this many GEMM columns (output pixels)... */
    private static final int CHUNK_COLUMNS = Integer.getInteger("latent.conv.chunkColumns", 2048);
    /** ...as long as its unfolded matrix stays under this many floats (8 MiB). */
    private static final int CHUNK_FLOATS = Integer.getInteger("latent.conv.chunkFloats", 1 << 21);

    /** Per-thread buffers of rows, grown on demand and kept, so that warm calls allocate nothing large. */
    private static final class Scratch {
        float[][] patches = new float[0][], tile = new float[0][], products = new float[0][];
        float[][][] partials = new float[0][][];
        float[] flipped = new float[0];
        /** backwardFilterByGemm's gradient, transposed ([patch element][output channel]). */
        float[] filterT = new float[0];
        /** The GEMM paths' unfolded matrix and their other operand, flat. */
        float[] cols = new float[0], other = new float[0];
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
        if (viaGemm && CpuConvOneOutput.handles(g)) {
            CpuConvOneOutput.forward(x, xOffset, w, wOffset, y, yOffset, g);
            return;
        }
        if (viaGemm && g.cOut() >= FEW_OUTPUT_CHANNELS && g.cIn() * g.kh() * g.kw() >= MIN_GEMM_PATCH) {
            convolveByGemm(x, xOffset, w, wOffset, y, yOffset, g);
            return;
        }
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
        if (viaGemm && g.cOut() >= FEW_OUTPUT_CHANNELS && g.cIn() * g.kh() * g.kw() >= MIN_GEMM_PATCH) {
            backwardDataByGemm(dy, w, dx, g);
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
        int khw = g.kh() * g.kw();
        for (int co = 0; co < g.cOut(); co++)
            for (int ci = 0; ci < g.cIn(); ci++)
                for (int k = 0; k < khw; k++)
                    s.flipped[(ci * g.cOut() + co) * khw + khw - 1 - k] = w.data[w.offset + (co * g.cIn() + ci) * khw + k];
        return s.flipped;
    }

    /**
     * The batch is cut into min(threads, n) fixed parts; each part sums its examples into its own
     * partial gradient, transposed ([patch element][output channel]), and the partials are added
     * in part order, in double.
     */
    static void backwardFilter(CpuTensor x, CpuTensor dy, CpuTensor dw, ConvGeometry g) {
        if (viaGemm && CpuConvOneOutput.handles(g)) {
            CpuConvOneOutput.backwardFilter(x.data, x.offset, dy.data, dy.offset, dw.data, dw.offset, g);
            return;
        }
        if (viaGemm && g.cOut() >= FEW_OUTPUT_CHANNELS) {
            backwardFilterByGemm(x, dy, dw, g);
            return;
        }
        int patch = g.cIn() * g.kh() * g.kw(), cOut = g.cOut(), n = g.n(), parts = Math.min(CpuThreads.threads(), n);
        Scratch caller = SCRATCH.get();
        if (caller.partials.length < parts) caller.partials = Arrays.copyOf(caller.partials, parts);
        float[][][] partials = caller.partials;
        for (int part = 0; part < parts; part++) {
            partials[part] = rows(partials[part] == null ? new float[0][] : partials[part], patch, cOut);
        }
        CpuThreads.parallelFor(parts, costPerExample(g) * n / parts, (p0, p1) -> {
            Scratch s = SCRATCH.get();
            for (int part = p0; part < p1; part++) {
                float[][] sum = partials[part];
                for (int k = 0; k < patch; k++) Arrays.fill(sum[k], 0, cOut, 0f);
                int first = part * n / parts, end = (part + 1) * n / parts;
                if (cOut < FEW_OUTPUT_CHANNELS) addFilterGradientByProducts(s, x, dy, g, first, end, sum);
                else for (int example = first; example < end; example++) addFilterGradientByMultiply(s, x, dy, g, example, sum);
            }
        });
        CpuThreads.parallelFor(cOut, (long) patch * parts, (c0, c1) -> {
            for (int co = c0; co < c1; co++) {
                for (int k = 0; k < patch; k++) {
                    double total = 0;
                    for (int part = 0; part < parts; part++) total += partials[part][k][co];
                    dw.data[dw.offset + co * patch + k] = (float) total;
                }
            }
        });
    }

    /** sum[k][co] += one example's filter gradient: for each tile and input-channel group, the patches times dy transposed. */
    private static void addFilterGradientByMultiply(Scratch s, CpuTensor x, CpuTensor dy, ConvGeometry g, int example,
                                                    float[][] sum) {
        int khw = g.kh() * g.kw(), outH = g.outH(), outW = g.outW(), plane = outH * outW, cOut = g.cOut();
        int rowsPerTile = Math.min(outH, (TARGET_COLUMNS + outW - 1) / outW), group = Math.max(1, GROUP_ROWS / khw);
        for (int oy0 = 0, oy1; oy0 < outH; oy0 = oy1) {
            oy1 = Math.min(outH, oy0 + rowsPerTile);
            int cols = (oy1 - oy0) * outW, dyAt = dy.offset + (example * cOut * outH + oy0) * outW;
            float[][] dyT = s.tile = rows(s.tile, cols, cOut);
            for (int t = 0; t < cols; t++) {
                float[] row = dyT[t];
                for (int co = 0; co < cOut; co++) row[co] = dy.data[dyAt + co * plane + t];
            }
            for (int c0 = 0, c1; c0 < g.cIn(); c0 = c1) {
                c1 = Math.min(g.cIn(), c0 + group);
                int count = (c1 - c0) * khw;
                float[][] patches = s.patches = rows(s.patches, count, cols);
                CpuIm2col.unfold(x.data, x.offset, g, c0, c1, example * outH + oy0, example * outH + oy1, patches);
                multiplyRows(count, cOut, cols, patches, dyT, sum, c0 * khw);
            }
        }
    }

    /**
     * sum[k][co] += the filter gradient of examples [first, end) with few output channels, where a
     * multiply along the output channels would have short rows: for each input-channel group and
     * tile, the elementwise products patch * dy are accumulated over the examples in vectorized
     * rows, and each row is summed once at the end, in double.
     */
    private static void addFilterGradientByProducts(Scratch s, CpuTensor x, CpuTensor dy, ConvGeometry g, int first, int end,
                                                    float[][] sum) {
        int khw = g.kh() * g.kw(), outH = g.outH(), outW = g.outW(), cOut = g.cOut();
        int rowsPerTile = Math.min(outH, (TARGET_COLUMNS + outW - 1) / outW), group = Math.max(1, GROUP_ROWS / khw);
        for (int c0 = 0, c1; c0 < g.cIn(); c0 = c1) {
            c1 = Math.min(g.cIn(), c0 + group);
            int count = (c1 - c0) * khw;
            for (int oy0 = 0, oy1; oy0 < outH; oy0 = oy1) {
                oy1 = Math.min(outH, oy0 + rowsPerTile);
                int cols = (oy1 - oy0) * outW;
                float[][] products = s.products = rows(s.products, cOut * count, cols);
                for (int i = 0; i < cOut * count; i++) Arrays.fill(products[i], 0, cols, 0f);
                for (int example = first; example < end; example++) {
                    int r0 = example * outH + oy0, r1 = example * outH + oy1;
                    float[][] patches = s.patches = rows(s.patches, count, cols), dyRows = s.tile = rows(s.tile, cOut, cols);
                    CpuIm2col.unfold(x.data, x.offset, g, c0, c1, r0, r1, patches);
                    CpuIm2col.gather(dy.data, dy.offset, cOut, g, r0, r1, dyRows);
                    for (int co = 0; co < cOut; co++) {
                        for (int i = 0; i < count; i++) addProducts(products[co * count + i], cols, patches[i], dyRows[co]);
                    }
                }
                for (int co = 0; co < cOut; co++) {
                    for (int i = 0; i < count; i++) {
                        float[] row = products[co * count + i];
                        double total = 0;
                        for (int j = 0; j < cols; j++) total += row[j];
                        sum[c0 * khw + i][co] += (float) total;
                    }
                }
            }
        }
    }

    private static void addProducts(float[] c, int n, float[] a, float[] b) {
        for (int j = 0; j < n; j++) c[j] += a[j] * b[j];
    }

    /**
     * c[i][j] (+)= sum_l A(i, l) * b[l][j] for i < m, j < n, l < depth, A(i, l) being
     * {@code a[aOffset + i * aRowStride + l * aColStride]}.
     */
    private static void multiply(int m, int n, int depth, float[] a, int aOffset, int aRowStride, int aColStride,
                                 float[][] b, float[][] c, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            float[] ci = c[i];
            if (!accumulate) Arrays.fill(ci, 0, n, 0f);
            int ai = aOffset + i * aRowStride, l = 0;
            for (; l + 4 <= depth; l += 4) {
                int at = ai + l * aColStride;
                addFourRows(ci, n, a[at], b[l], a[at + aColStride], b[l + 1], a[at + 2 * aColStride], b[l + 2],
                        a[at + 3 * aColStride], b[l + 3]);
            }
            for (; l < depth; l++) addRow(ci, n, a[ai + l * aColStride], b[l]);
        }
    }

    /** c[cRow + i][j] += sum_l a[i][l] * b[l][j] for i < m, j < n, l < depth. */
    private static void multiplyRows(int m, int n, int depth, float[][] a, float[][] b, float[][] c, int cRow) {
        for (int i = 0; i < m; i++) {
            float[] ai = a[i], ci = c[cRow + i];
            int l = 0;
            for (; l + 4 <= depth; l += 4) {
                addFourRows(ci, n, ai[l], b[l], ai[l + 1], b[l + 1], ai[l + 2], b[l + 2], ai[l + 3], b[l + 3]);
            }
            for (; l < depth; l++) addRow(ci, n, ai[l], b[l]);
        }
    }

    /**
     * c[j] += a0 * b0[j] + ... + a3 * b3[j]: every array is read at the same index, the form the
     * JIT vectorizes, and four rows per pass save loads and stores of c.
     */
    private static void addFourRows(float[] c, int n, float a0, float[] b0, float a1, float[] b1, float a2, float[] b2,
                                    float a3, float[] b3) {
        for (int j = 0; j < n; j++) c[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
    }

    private static void addRow(float[] c, int n, float a, float[] b) {
        for (int j = 0; j < n; j++) c[j] += a * b[j];
    }

    /** The end of the tile that starts at global output row r: whole examples if a tile holds several, else rows of one. */
    private static int tileEnd(int r, int rowsPerTile, int outH, int chunkEnd) {
        if (rowsPerTile >= outH) return Math.min(chunkEnd, r + rowsPerTile / outH * outH);
        return Math.min(r + rowsPerTile, (r / outH + 1) * outH);
    }

    private static long costPerExample(ConvGeometry g) {
        return g.flops() / g.n();
    }

    // ---- batched im2col GEMM paths ----------------------------------------------------------

    /** Examples per chunk: enough for CHUNK_COLUMNS columns, within CHUNK_FLOATS for the unfolded matrix. */
    static int examplesPerChunk(ConvGeometry g, int rows) {
        int ohw = g.outH() * g.outW();
        int wanted = (CHUNK_COLUMNS + ohw - 1) / ohw, fits = (int) Math.max(1, CHUNK_FLOATS / ((long) rows * ohw));
        return Math.max(1, Math.min(g.n(), Math.min(wanted, fits)));
    }

    /** The calling thread's scratch with cols and other of at least the given sizes. */
    private static Scratch gemmScratch(long colsSize, long otherSize) {
        Scratch s = SCRATCH.get();
        if (s.cols.length < colsSize) s.cols = new float[Math.toIntExact(colsSize)];
        if (s.other.length < otherSize) s.other = new float[Math.toIntExact(otherSize)];
        return s;
    }

    /** Per chunk: cols = im2col(x), out = W * cols (one GEMM), y = out scattered to [n, cOut, outH, outW]. */
    private static void convolveByGemm(float[] x, int xOffset, float[] w, int wOffset, float[] y, int yOffset, ConvGeometry g) {
        int patch = g.cIn() * g.kh() * g.kw(), ohw = g.outH() * g.outW(), outH = g.outH(), cOut = g.cOut();
        int chunk = examplesPerChunk(g, patch);
        Scratch s = gemmScratch((long) patch * chunk * ohw, (long) cOut * chunk * ohw);
        float[] cols = s.cols, out = s.other;
        for (int n0 = 0; n0 < g.n(); n0 += chunk) {
            int first = n0, count = Math.min(chunk, g.n() - n0), width = count * ohw;
            CpuThreads.parallelFor(count, (long) patch * ohw, (e0, e1) -> CpuIm2col.unfold(x, xOffset, g, 0, g.cIn(),
                    (first + e0) * outH, (first + e1) * outH, cols, e0 * ohw, width));
            CpuGemm.gemm(false, false, cOut, width, patch, 1f, w, wOffset, patch, cols, 0, width, 0f, out, 0, width);
            CpuThreads.parallelFor(count, (long) cOut * ohw, (e0, e1) -> CpuIm2col.scatter(out, e0 * ohw, width, y, yOffset,
                    cOut, g, (first + e0) * outH, (first + e1) * outH));
        }
    }

    /** Per chunk: dyCols = dy as [cOut, columns], cols = W^T * dyCols (one GEMM), dx = col2im(cols). */
    private static void backwardDataByGemm(CpuTensor dy, CpuTensor w, CpuTensor dx, ConvGeometry g) {
        int patch = g.cIn() * g.kh() * g.kw(), ohw = g.outH() * g.outW(), outH = g.outH(), cOut = g.cOut();
        int imageSize = g.cIn() * g.h() * g.w(), chunk = examplesPerChunk(g, patch);
        Scratch s = gemmScratch((long) patch * chunk * ohw, (long) cOut * chunk * ohw);
        float[] cols = s.cols, dyCols = s.other;
        for (int n0 = 0; n0 < g.n(); n0 += chunk) {
            int first = n0, count = Math.min(chunk, g.n() - n0), width = count * ohw;
            CpuThreads.parallelFor(count, (long) cOut * ohw, (e0, e1) -> CpuIm2col.gather(dy.data, dy.offset, cOut, g,
                    (first + e0) * outH, (first + e1) * outH, dyCols, e0 * ohw, width));
            CpuGemm.gemm(true, false, patch, width, cOut, 1f, w.data, w.offset, patch, dyCols, 0, width, 0f, cols, 0, width);
            CpuThreads.parallelFor(count, (long) patch * ohw, (e0, e1) -> {
                Arrays.fill(dx.data, dx.offset + (first + e0) * imageSize, dx.offset + (first + e1) * imageSize, 0f);
                CpuIm2col.foldAdd(cols, e0 * ohw, width, g, 0, g.cIn(), (first + e0) * outH, (first + e1) * outH, dx.data,
                        dx.offset);
            });
        }
    }

    /**
     * Per chunk: cols = im2col(x), dyCols = dy as [cOut, columns], dw (+)= dyCols * cols^T (one
     * GEMM; the first chunk overwrites dw, later ones add to it). Where the GEMM would compute that
     * product as its transpose, with scalar stores across dw's rows, it computes dw^T = cols *
     * dyCols^T instead, which it then stores along rows, and dw is transposed from it at the end:
     * the same operations for each element (CpuGemmVector computes a product and its transpose
     * alike). E5's second layer (576 x 64 x 2057) ran 1.4x faster so.
     */
    private static void backwardFilterByGemm(CpuTensor x, CpuTensor dy, CpuTensor dw, ConvGeometry g) {
        int patch = g.cIn() * g.kh() * g.kw(), ohw = g.outH() * g.outW(), outH = g.outH(), cOut = g.cOut();
        int chunk = examplesPerChunk(g, patch);
        Scratch s = gemmScratch((long) patch * chunk * ohw, (long) cOut * chunk * ohw);
        boolean transposed = CpuGemm.computesTransposed(false, true, cOut, patch, chunk * ohw, chunk * ohw, chunk * ohw, patch);
        if (transposed && s.filterT.length < patch * cOut) s.filterT = new float[patch * cOut];
        float[] cols = s.cols, dyCols = s.other, dwT = s.filterT;
        for (int n0 = 0; n0 < g.n(); n0 += chunk) {
            int first = n0, count = Math.min(chunk, g.n() - n0), width = count * ohw;
            CpuThreads.parallelFor(count, (long) (patch + cOut) * ohw, (e0, e1) -> {
                CpuIm2col.unfold(x.data, x.offset, g, 0, g.cIn(), (first + e0) * outH, (first + e1) * outH, cols, e0 * ohw,
                        width);
                CpuIm2col.gather(dy.data, dy.offset, cOut, g, (first + e0) * outH, (first + e1) * outH, dyCols, e0 * ohw,
                        width);
            });
            float beta = n0 == 0 ? 0f : 1f;
            if (transposed) CpuGemm.gemm(false, true, patch, cOut, width, 1f, cols, 0, width, dyCols, 0, width, beta, dwT, 0, cOut);
            else CpuGemm.gemm(false, true, cOut, patch, width, 1f, dyCols, 0, width, cols, 0, width, beta, dw.data, dw.offset, patch);
        }
        if (!transposed) return;
        for (int co = 0; co < cOut; co++) {
            for (int k = 0; k < patch; k++) dw.data[dw.offset + co * patch + k] = dwT[k * cOut + co];
        }
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
