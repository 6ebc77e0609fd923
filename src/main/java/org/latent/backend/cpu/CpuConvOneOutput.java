package org.latent.backend.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.latent.backend.ConvGeometry;

/**
 * Stride-1 convolutions with one output channel (E6's last generator layer, 128 -> 1 with 7x7
 * kernels on 28x28), forward and filter gradient, with the Vector API. Unfolding patches would
 * write one float per multiply-add here, since each patch element meets a single kernel, so these
 * run directly on a zero-padded copy of each input plane instead: an output row is {@link #BLOCK}
 * columns held in four 256-bit (or two 512-bit) registers, to which every kernel tap adds the weight times the
 * padded input row at that tap's offset. Columns past the output's width are computed and dropped
 * (forward) or multiplied by zeros (filter gradient).
 *
 * <p>Determinism: the forward pass splits examples over threads and sums each output element over
 * input channels, then kernel rows, then columns, always in that order; the filter gradient splits
 * input channels over threads and sums each weight's products in a fixed order of examples, rows
 * and lanes. So both give the same bits at any thread count.
 *
 * <p>Loaded only when the module jdk.incubator.vector is present (CpuConv checks
 * {@link CpuConv#viaGemm}, which is false without it).
 */
final class CpuConvOneOutput {
    private CpuConvOneOutput() {}

    /** CpuGemmVector's species (one vector width for all Vector API code: see CpuGemmVector.VERSION). */
    private static final VectorSpecies<Float> S = CpuGemmVector.S;
    /** Output columns per register block: four vectors of eight, or two of sixteen (the same columns, the same bits). */
    static final int BLOCK = 32;

    /** Whether these paths compute this convolution. */
    static boolean handles(ConvGeometry g) {
        return g.cOut() == 1 && g.strideH() == 1 && g.strideW() == 1;
    }

    /** The padded layout of one geometry: plane rows of {@code width} floats, {@code height} rows, output rows of {@code blocks} blocks. */
    private record Layout(int blocks, int width, int height) {
        static Layout of(ConvGeometry g) {
            int blocks = (g.outW() + BLOCK - 1) / BLOCK;
            return new Layout(blocks, blocks * BLOCK + g.kw() - 1, g.outH() + g.kh() - 1);
        }

        int rowLength() {
            return blocks * BLOCK;
        }
    }

    private static final class Scratch {
        float[] plane = new float[0], out = new float[0], dy = new float[0];
        /** The lanes of a block's two 16-lane partial sums (addTapProducts with 512-bit vectors). */
        final float[] lanes = new float[BLOCK];
        /** Offsets of the kernel taps in a padded plane; of the output row blocks in a plane and in padded dy. */
        int[] taps = new int[0], planeBlocks = new int[0], dyBlocks = new int[0];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static float[] atLeast(float[] a, int length) {
        return a.length >= length ? a : new float[length];
    }

    private static int[] atLeast(int[] a, int length) {
        return a.length >= length ? a : new int[length];
    }

    /** taps[ky * kw + kx] = ky * width + kx: each kernel loop below is a single loop, which C2 keeps in registers. */
    private static int[] taps(Scratch s, ConvGeometry g, Layout l) {
        int[] taps = s.taps = atLeast(s.taps, g.kh() * g.kw());
        for (int ky = 0, k = 0; ky < g.kh(); ky++) for (int kx = 0; kx < g.kw(); kx++, k++) taps[k] = ky * l.width + kx;
        return taps;
    }

    /** y[n, 0] = sum over input channels of x[n, ci] convolved with w[0, ci] (no bias). */
    static void forward(float[] x, int xOffset, float[] w, int wOffset, float[] y, int yOffset, ConvGeometry g) {
        Layout l = Layout.of(g);
        int khw = g.kh() * g.kw(), outH = g.outH(), outW = g.outW(), rowLength = l.rowLength();
        long cost = (long) g.cIn() * khw * outH * outW;
        CpuThreads.parallelFor(g.n(), cost, (n0, n1) -> {
            Scratch s = SCRATCH.get();
            float[] plane = s.plane = atLeast(s.plane, l.width * l.height), out = s.out = atLeast(s.out, outH * rowLength);
            int[] taps = taps(s, g, l);
            for (int n = n0; n < n1; n++) {
                Arrays.fill(out, 0, outH * rowLength, 0f);
                for (int ci = 0; ci < g.cIn(); ci++) {
                    pad(x, xOffset + (n * g.cIn() + ci) * g.h() * g.w(), g, l, plane);
                    int oy = 0;
                    if (S.length() == 16) {
                        for (; oy + 4 <= outH; oy += 4) {
                            for (int b = 0; b < l.blocks; b++) {
                                addTaps16FourRows(plane, oy * l.width + b * BLOCK, l.width, taps, khw, w, wOffset + ci * khw,
                                        out, oy * rowLength + b * BLOCK, rowLength);
                            }
                        }
                    }
                    for (; oy < outH; oy++) {
                        for (int b = 0; b < l.blocks; b++) {
                            addTaps(plane, oy * l.width + b * BLOCK, taps, khw, w, wOffset + ci * khw, out,
                                    oy * rowLength + b * BLOCK);
                        }
                    }
                }
                for (int oy = 0; oy < outH; oy++) System.arraycopy(out, oy * rowLength, y, yOffset + (n * outH + oy) * outW, outW);
            }
        });
    }

    /**
     * out[at + j] += sum over taps k of w[wAt + k] * plane[p + taps[k] + j] for j < BLOCK, in four
     * registers, taps in order.
     */
    private static void addTaps(float[] plane, int p, int[] taps, int khw, float[] w, int wAt, float[] out, int at) {
        if (S.length() == 16) {
            addTaps16(plane, p, taps, khw, w, wAt, out, at);
            return;
        }
        FloatVector a0 = FloatVector.fromArray(S, out, at), a1 = FloatVector.fromArray(S, out, at + 8);
        FloatVector a2 = FloatVector.fromArray(S, out, at + 16), a3 = FloatVector.fromArray(S, out, at + 24);
        for (int k = 0; k < khw; k++) {
            int q = p + taps[k];
            FloatVector t = FloatVector.broadcast(S, w[wAt + k]);
            a0 = t.fma(FloatVector.fromArray(S, plane, q), a0);
            a1 = t.fma(FloatVector.fromArray(S, plane, q + 8), a1);
            a2 = t.fma(FloatVector.fromArray(S, plane, q + 16), a2);
            a3 = t.fma(FloatVector.fromArray(S, plane, q + 24), a3);
        }
        a0.intoArray(out, at);
        a1.intoArray(out, at + 8);
        a2.intoArray(out, at + 16);
        a3.intoArray(out, at + 24);
    }

    /** {@link #addTaps} in two 16-lane registers: each lane the same column, the same chain. */
    private static void addTaps16(float[] plane, int p, int[] taps, int khw, float[] w, int wAt, float[] out, int at) {
        FloatVector a0 = FloatVector.fromArray(S, out, at), a1 = FloatVector.fromArray(S, out, at + 16);
        for (int k = 0; k < khw; k++) {
            int q = p + taps[k];
            FloatVector t = FloatVector.broadcast(S, w[wAt + k]);
            a0 = t.fma(FloatVector.fromArray(S, plane, q), a0);
            a1 = t.fma(FloatVector.fromArray(S, plane, q + 16), a1);
        }
        a0.intoArray(out, at);
        a1.intoArray(out, at + 16);
    }

    /**
     * {@link #addTaps16} for four output rows at once (row r's plane at p + r * width, its output at
     * at + r * rowLength): eight chains, so that the fma latency is hidden, and one weight broadcast
     * for all four rows. Each chain is the one addTaps16 runs for its row, so the bits are the same.
     */
    private static void addTaps16FourRows(float[] plane, int p, int width, int[] taps, int khw, float[] w, int wAt, float[] out,
                                          int at, int rowLength) {
        int at1 = at + rowLength, at2 = at1 + rowLength, at3 = at2 + rowLength;
        FloatVector a0 = FloatVector.fromArray(S, out, at), a1 = FloatVector.fromArray(S, out, at + 16);
        FloatVector b0 = FloatVector.fromArray(S, out, at1), b1 = FloatVector.fromArray(S, out, at1 + 16);
        FloatVector c0 = FloatVector.fromArray(S, out, at2), c1 = FloatVector.fromArray(S, out, at2 + 16);
        FloatVector d0 = FloatVector.fromArray(S, out, at3), d1 = FloatVector.fromArray(S, out, at3 + 16);
        for (int k = 0; k < khw; k++) {
            int q = p + taps[k], q1 = q + width, q2 = q1 + width, q3 = q2 + width;
            FloatVector t = FloatVector.broadcast(S, w[wAt + k]);
            a0 = t.fma(FloatVector.fromArray(S, plane, q), a0);
            a1 = t.fma(FloatVector.fromArray(S, plane, q + 16), a1);
            b0 = t.fma(FloatVector.fromArray(S, plane, q1), b0);
            b1 = t.fma(FloatVector.fromArray(S, plane, q1 + 16), b1);
            c0 = t.fma(FloatVector.fromArray(S, plane, q2), c0);
            c1 = t.fma(FloatVector.fromArray(S, plane, q2 + 16), c1);
            d0 = t.fma(FloatVector.fromArray(S, plane, q3), d0);
            d1 = t.fma(FloatVector.fromArray(S, plane, q3 + 16), d1);
        }
        a0.intoArray(out, at);
        a1.intoArray(out, at + 16);
        b0.intoArray(out, at1);
        b1.intoArray(out, at1 + 16);
        c0.intoArray(out, at2);
        c1.intoArray(out, at2 + 16);
        d0.intoArray(out, at3);
        d1.intoArray(out, at3 + 16);
    }

    /**
     * dw[0, ci, ky, kx] = sum over examples and output pixels of dy * the input pixel under that
     * tap. Input channels are split over threads; dy is first copied into rows padded with zeros
     * to whole blocks, shared by all threads.
     */
    static void backwardFilter(float[] x, int xOffset, float[] dy, int dyOffset, float[] dw, int dwOffset, ConvGeometry g) {
        Layout l = Layout.of(g);
        int khw = g.kh() * g.kw(), outH = g.outH(), outW = g.outW(), rowLength = l.rowLength(), image = outH * rowLength;
        Scratch caller = SCRATCH.get();
        float[] paddedDy = caller.dy = atLeast(caller.dy, g.n() * image);
        CpuThreads.parallelFor(g.n(), image, (n0, n1) -> {
            Arrays.fill(paddedDy, n0 * image, n1 * image, 0f);
            for (int n = n0; n < n1; n++) {
                for (int oy = 0; oy < outH; oy++) {
                    System.arraycopy(dy, dyOffset + (n * outH + oy) * outW, paddedDy, n * image + oy * rowLength, outW);
                }
            }
        });
        long cost = (long) g.n() * khw * outH * outW;
        CpuThreads.parallelFor(g.cIn(), cost, (c0, c1) -> {
            Scratch s = SCRATCH.get();
            float[] plane = s.plane = atLeast(s.plane, l.width * l.height), sums = s.out = atLeast(s.out, khw * 8);
            int[] taps = taps(s, g, l), planeBlocks = s.planeBlocks = atLeast(s.planeBlocks, outH * l.blocks);
            int[] dyBlocks = s.dyBlocks = atLeast(s.dyBlocks, outH * l.blocks);
            for (int oy = 0, r = 0; oy < outH; oy++) {
                for (int b = 0; b < l.blocks; b++, r++) {
                    planeBlocks[r] = oy * l.width + b * BLOCK;
                    dyBlocks[r] = oy * rowLength + b * BLOCK;
                }
            }
            for (int ci = c0; ci < c1; ci++) {
                Arrays.fill(sums, 0, khw * 8, 0f);
                for (int n = 0; n < g.n(); n++) {
                    pad(x, xOffset + (n * g.cIn() + ci) * g.h() * g.w(), g, l, plane);
                    int k = 0;
                    if (S.length() == 16) {
                        for (; k + 4 <= khw; k += 4) {
                            addFourTapProducts16(plane, taps, k, planeBlocks, paddedDy, n * image, dyBlocks, outH * l.blocks,
                                    sums, s.lanes);
                        }
                    }
                    for (; k < khw; k++) {
                        addTapProducts(plane, taps[k], planeBlocks, paddedDy, n * image, dyBlocks, outH * l.blocks, sums, k * 8,
                                s.lanes);
                    }
                }
                for (int k = 0; k < khw; k++) {
                    float sum = 0f;
                    for (int lane = 0; lane < 8; lane++) sum += sums[k * 8 + lane];
                    dw[dwOffset + ci * khw + k] = sum;
                }
            }
        });
    }

    /**
     * sums[at + lane] += the products of one tap over an example's output rows and blocks, eight
     * lanes, four partial sums per lane (the columns j, j + 8, j + 16, j + 24 of each block) added
     * at the end.
     */
    private static void addTapProducts(float[] plane, int p, int[] planeBlocks, float[] dy, int dyAt, int[] dyBlocks,
                                       int blocks, float[] sums, int at, float[] lanes) {
        if (S.length() == 16) {
            addTapProducts16(plane, p, planeBlocks, dy, dyAt, dyBlocks, blocks, sums, at, lanes);
            return;
        }
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        for (int r = 0; r < blocks; r++) {
            int q = p + planeBlocks[r], d = dyAt + dyBlocks[r];
            a0 = FloatVector.fromArray(S, dy, d).fma(FloatVector.fromArray(S, plane, q), a0);
            a1 = FloatVector.fromArray(S, dy, d + 8).fma(FloatVector.fromArray(S, plane, q + 8), a1);
            a2 = FloatVector.fromArray(S, dy, d + 16).fma(FloatVector.fromArray(S, plane, q + 16), a2);
            a3 = FloatVector.fromArray(S, dy, d + 24).fma(FloatVector.fromArray(S, plane, q + 24), a3);
        }
        a0.add(a1).add(a2.add(a3)).add(FloatVector.fromArray(S, sums, at)).intoArray(sums, at);
    }

    /**
     * {@link #addTapProducts} with 16-lane vectors: a0 holds the eight-lane form's a0 and a1 side by
     * side, a1 its a2 and a3 (the same per-column chains), and the eight sums are added as that
     * form adds them, ((a0 + a1) + (a2 + a3)) + sums, lane by lane, so the bits are the same.
     */
    private static void addTapProducts16(float[] plane, int p, int[] planeBlocks, float[] dy, int dyAt, int[] dyBlocks,
                                         int blocks, float[] sums, int at, float[] lanes) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0;
        for (int r = 0; r < blocks; r++) {
            int q = p + planeBlocks[r], d = dyAt + dyBlocks[r];
            a0 = FloatVector.fromArray(S, dy, d).fma(FloatVector.fromArray(S, plane, q), a0);
            a1 = FloatVector.fromArray(S, dy, d + 16).fma(FloatVector.fromArray(S, plane, q + 16), a1);
        }
        addLanes(a0, a1, sums, at, lanes);
    }

    /**
     * {@link #addTapProducts16} for taps k..k+3 at once: each dy block is loaded once for the four
     * taps, and eight chains hide the fma latency. Each tap's two chains and their sum into
     * sums[tap * 8..] are addTapProducts16's, so the bits are the same.
     */
    private static void addFourTapProducts16(float[] plane, int[] taps, int k, int[] planeBlocks, float[] dy, int dyAt,
                                             int[] dyBlocks, int blocks, float[] sums, float[] lanes) {
        int p0 = taps[k], p1 = taps[k + 1], p2 = taps[k + 2], p3 = taps[k + 3];
        FloatVector a0 = FloatVector.zero(S), a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, e0 = a0, e1 = a0;
        for (int r = 0; r < blocks; r++) {
            int q = planeBlocks[r], d = dyAt + dyBlocks[r];
            FloatVector y0 = FloatVector.fromArray(S, dy, d), y1 = FloatVector.fromArray(S, dy, d + 16);
            a0 = y0.fma(FloatVector.fromArray(S, plane, p0 + q), a0);
            a1 = y1.fma(FloatVector.fromArray(S, plane, p0 + q + 16), a1);
            b0 = y0.fma(FloatVector.fromArray(S, plane, p1 + q), b0);
            b1 = y1.fma(FloatVector.fromArray(S, plane, p1 + q + 16), b1);
            c0 = y0.fma(FloatVector.fromArray(S, plane, p2 + q), c0);
            c1 = y1.fma(FloatVector.fromArray(S, plane, p2 + q + 16), c1);
            e0 = y0.fma(FloatVector.fromArray(S, plane, p3 + q), e0);
            e1 = y1.fma(FloatVector.fromArray(S, plane, p3 + q + 16), e1);
        }
        addLanes(a0, a1, sums, k * 8, lanes);
        addLanes(b0, b1, sums, (k + 1) * 8, lanes);
        addLanes(c0, c1, sums, (k + 2) * 8, lanes);
        addLanes(e0, e1, sums, (k + 3) * 8, lanes);
    }

    /** sums[at + lane] = ((a0[lane] + a0[lane + 8]) + (a1[lane] + a1[lane + 8])) + sums[at + lane], as addTapProducts16 ends. */
    private static void addLanes(FloatVector a0, FloatVector a1, float[] sums, int at, float[] lanes) {
        a0.intoArray(lanes, 0);
        a1.intoArray(lanes, 16);
        for (int lane = 0; lane < 8; lane++) {
            sums[at + lane] = ((lanes[lane] + lanes[lane + 8]) + (lanes[lane + 16] + lanes[lane + 24])) + sums[at + lane];
        }
    }

    /**
     * plane = the input plane at x[from..] placed at (padTop, padLeft) in a zero field of the
     * layout's size; only the part that some valid output reads is copied, so the columns past it,
     * which the last block's dropped lanes read, stay zero.
     */
    private static void pad(float[] x, int from, ConvGeometry g, Layout l, float[] plane) {
        Arrays.fill(plane, 0, l.width * l.height, 0f);
        int usedWidth = g.outW() + g.kw() - 1;
        int ix0 = Math.max(0, -g.padLeft()), ix1 = Math.min(g.w(), usedWidth - g.padLeft());
        int iy0 = Math.max(0, -g.padTop()), iy1 = Math.min(g.h(), l.height - g.padTop());
        if (ix0 >= ix1) return;
        for (int iy = iy0; iy < iy1; iy++) {
            System.arraycopy(x, from + iy * g.w() + ix0, plane, (iy + g.padTop()) * l.width + ix0 + g.padLeft(), ix1 - ix0);
        }
    }
}
