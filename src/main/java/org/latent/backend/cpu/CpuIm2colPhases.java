package org.latent.backend.cpu;

import java.util.Arrays;
import org.latent.backend.ConvGeometry;

/**
 * {@link CpuIm2col}'s unfold and fold for convolutions with a horizontal stride above 1, over
 * whole examples, through phase planes: phase (py, px) of an image plane holds its pixels
 * (i * strideH + py, j * strideW + px). Patch element (ky, kx) of output pixel (oy, ox) reads input
 * pixel (oy * strideH + ay, ox * strideW + ax), ay = ky - padTop, ax = kx - padLeft, which is
 * pixel (oy + qy, ox + qx) of phase (py, px) with ay = qy * strideH + py, ax = qx * strideW + px:
 * an output row's patch row is a contiguous run of a phase row, copied or added as vectors (see
 * CpuIm2colVector), where a strided gather or scatter per pixel cost more than the product (E6's
 * 4 x 4 stride-2 transposed convolutions). The fold sums each pixel's terms in the same order as
 * CpuIm2col.foldAdd, from +0, so the same bits. Used with the Vector API only.
 */
final class CpuIm2colPhases {
    private CpuIm2colPhases() {}

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[1][0]);

    /** Whether {@link #unfold} and {@link #fold} handle tile [r0, r1): whole examples and a horizontal stride above 1. */
    static boolean handles(ConvGeometry g, int r0, int r1) {
        return g.strideW() > 1 && r0 % g.outH() == 0 && r1 % g.outH() == 0;
    }

    /** CpuIm2col's flat unfold of the whole examples of tile [r0, r1), input channels [c0, c1). */
    static void unfold(float[] x, int xOffset, ConvGeometry g, int c0, int c1, int r0, int r1, float[] dst, int dstOffset,
                       int ld) {
        Layout p = new Layout(g, c1 - c0, r0, r1);
        float[] phases = scratch(p.total);
        for (int e = 0; e < p.examples; e++) {
            for (int c = 0; c < p.channels; c++) split(x, xOffset + ((p.first + e) * g.cIn() + c0 + c) * g.h() * g.w(), g, phases,
                    p.plane(e, c, 0, 0), p);
        }
        int outH = g.outH(), outW = g.outW(), tileWidth = (r1 - r0) * outW;
        for (int ci = 0, k = 0; ci < p.channels; ci++) {
            for (int ky = 0; ky < g.kh(); ky++) {
                int ay = ky - g.padTop(), py = Math.floorMod(ay, g.strideH()), qy = Math.floorDiv(ay, g.strideH());
                for (int kx = 0; kx < g.kw(); kx++, k++) {
                    int ax = kx - g.padLeft(), px = Math.floorMod(ax, g.strideW()), qx = Math.floorDiv(ax, g.strideW());
                    int oxLo = Math.max(0, Math.min(outW, -qx)), oxHi = Math.max(oxLo, Math.min(outW, p.width(px) - qx));
                    for (int r = r0, e = 0, oy = 0; r < r1; r++) {
                        int t0 = dstOffset + k * ld + (r - r0) * outW, iy = oy * g.strideH() + ay;
                        if (iy < 0 || iy >= g.h() || oxLo == oxHi) {
                            Arrays.fill(dst, t0, t0 + outW, 0f);
                        } else {
                            int src = p.plane(e, ci, py, px) + (oy + qy) * p.ws + qx;
                            Arrays.fill(dst, t0, t0 + oxLo, 0f);
                            CpuIm2colVector.copy(phases, src + oxLo, dst, t0 + oxLo, oxHi - oxLo, dstOffset + k * ld + tileWidth);
                            Arrays.fill(dst, t0 + oxHi, t0 + outW, 0f);
                        }
                        if (++oy == outH) {
                            oy = 0;
                            e++;
                        }
                    }
                }
            }
        }
    }

    /**
     * dx = the fold of src (tile [r0, r1) of whole examples, all input channels) into those
     * examples, overwriting them: the value CpuIm2col.foldAdd gives into a dx of zeros.
     */
    static void fold(float[] src, int srcOffset, int ld, ConvGeometry g, int r0, int r1, float[] dx, int dxOffset) {
        Layout p = new Layout(g, g.cIn(), r0, r1);
        float[] phases = scratch(p.total);
        Arrays.fill(phases, 0, p.total, 0f);
        int outH = g.outH(), outW = g.outW();
        for (int ci = 0, k = 0; ci < p.channels; ci++) {
            for (int ky = 0; ky < g.kh(); ky++) {
                int ay = ky - g.padTop(), py = Math.floorMod(ay, g.strideH()), qy = Math.floorDiv(ay, g.strideH());
                for (int kx = 0; kx < g.kw(); kx++, k++) {
                    int ax = kx - g.padLeft(), px = Math.floorMod(ax, g.strideW()), qx = Math.floorDiv(ax, g.strideW());
                    int oxLo = Math.max(0, Math.min(outW, -qx)), oxHi = Math.max(oxLo, Math.min(outW, p.width(px) - qx));
                    if (oxLo == oxHi) continue;
                    for (int r = r0, e = 0, oy = 0; r < r1; r++) {
                        int iy = oy * g.strideH() + ay;
                        if (iy >= 0 && iy < g.h()) {
                            int t0 = srcOffset + k * ld + (r - r0) * outW, at = p.plane(e, ci, py, px) + (oy + qy) * p.ws + qx;
                            CpuIm2colVector.add(src, t0 + oxLo, phases, at + oxLo, oxHi - oxLo, phases.length);
                        }
                        if (++oy == outH) {
                            oy = 0;
                            e++;
                        }
                    }
                }
            }
        }
        for (int e = 0; e < p.examples; e++) {
            for (int c = 0; c < p.channels; c++) merge(phases, p.plane(e, c, 0, 0), g, dx,
                    dxOffset + ((p.first + e) * g.cIn() + c) * g.h() * g.w(), p);
        }
    }

    /** The phase planes of one image plane (at x[at]) into phases from {@code to}. */
    private static void split(float[] x, int at, ConvGeometry g, float[] phases, int to, Layout p) {
        int sh = g.strideH(), sw = g.strideW(), w = g.w();
        for (int iy = 0; iy < g.h(); iy++) {
            int row = to + ((iy % sh) * sw * p.hs + iy / sh) * p.ws;
            for (int px = 0; px < sw; px++) {
                int dst = row + px * p.hs * p.ws, src = at + iy * w + px;
                for (int j = 0, width = p.width(px); j < width; j++) phases[dst + j] = x[src + j * sw];
            }
        }
    }

    /** The inverse of {@link #split}, into dx from {@code at}. */
    private static void merge(float[] phases, int from, ConvGeometry g, float[] dx, int at, Layout p) {
        int sh = g.strideH(), sw = g.strideW(), w = g.w();
        for (int iy = 0; iy < g.h(); iy++) {
            int row = from + ((iy % sh) * sw * p.hs + iy / sh) * p.ws;
            for (int px = 0; px < sw; px++) {
                int src = row + px * p.hs * p.ws, dst = at + iy * w + px;
                for (int j = 0, width = p.width(px); j < width; j++) dx[dst + j * sw] = phases[src + j];
            }
        }
    }

    /** The calling thread's scratch, at least {@code size} floats. */
    private static float[] scratch(int size) {
        float[][] holder = SCRATCH.get();
        if (holder[0].length < size) holder[0] = new float[size];
        return holder[0];
    }

    /**
     * Where the phase planes of examples [first, first + examples) and channels [0, channels) lie:
     * plane (e, c, py, px) at {@link #plane}, hs x ws each (the largest phase's size).
     */
    private record Layout(int first, int examples, int channels, int sh, int sw, int hs, int ws, int w, int total) {
        Layout(ConvGeometry g, int channels, int r0, int r1) {
            this(r0 / g.outH(), (r1 - r0) / g.outH(), channels, g.strideH(), g.strideW(), ceilDiv(g.h(), g.strideH()),
                    ceilDiv(g.w(), g.strideW()), g.w(), Math.multiplyExact((r1 - r0) / g.outH() * channels * g.strideH()
                            * g.strideW(), ceilDiv(g.h(), g.strideH()) * ceilDiv(g.w(), g.strideW())));
        }

        int plane(int e, int c, int py, int px) {
            return (((e * channels + c) * sh + py) * sw + px) * hs * ws;
        }

        /** Columns of phase column px: the j with j * sw + px < w. */
        int width(int px) {
            return ceilDiv(w - px, sw);
        }

        private static int ceilDiv(int a, int b) {
            return (a + b - 1) / b;
        }
    }
}
