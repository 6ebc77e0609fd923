package org.latent.backend.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.latent.backend.ConvGeometry;

/**
 * The forward pass of stride-1 convolutions with one input channel (E5's first layer, 1 -> 64 with
 * 3x3 kernels on 28x28), with the Vector API, straight from a zero-padded copy of the image instead
 * of through unfolded patches: a vector of output columns takes, for each kernel tap, the weight
 * times the padded image row at that tap's offset. The sums are CpuConv's tiled path's, lane for
 * lane: from +0, each group of four taps summed as ((p0 + p1) + p2) + p3 and added, then the taps
 * left over added one by one, so the same bits (CpuConvOneInputTest). Examples are split over
 * threads. Loaded only when the module jdk.incubator.vector is present ({@link CpuConv#viaGemm}).
 */
final class CpuConvOneInput {
    private CpuConvOneInput() {}

    private static final VectorSpecies<Float> S = CpuGemmVector.S;
    private static final int L = S.length();

    /** Whether {@link #forward} computes this convolution. */
    static boolean handles(ConvGeometry g) {
        return g.cIn() == 1 && g.strideH() == 1 && g.strideW() == 1;
    }

    private static final class Scratch {
        float[] plane = new float[0], row = new float[0];
        int[] taps = new int[0];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    static void forward(float[] x, int xOffset, float[] w, int wOffset, float[] y, int yOffset, ConvGeometry g) {
        int outH = g.outH(), outW = g.outW(), khw = g.kh() * g.kw(), blocks = (outW + L - 1) / L;
        int width = blocks * L + g.kw() - 1, height = outH + g.kh() - 1, plane = g.h() * g.w();
        CpuThreads.parallelFor(g.n(), (long) g.cOut() * outH * outW * khw, (n0, n1) -> {
            Scratch s = SCRATCH.get();
            if (s.plane.length < width * height) s.plane = new float[width * height];
            if (s.row.length < blocks * L) s.row = new float[blocks * L];
            if (s.taps.length < khw) s.taps = new int[khw];
            float[] padded = s.plane, row = s.row;
            int[] taps = s.taps;
            for (int ky = 0, k = 0; ky < g.kh(); ky++) for (int kx = 0; kx < g.kw(); kx++, k++) taps[k] = ky * width + kx;
            for (int n = n0; n < n1; n++) {
                pad(x, xOffset + n * plane, g, padded, width, height);
                for (int co = 0; co < g.cOut(); co++) {
                    int wAt = wOffset + co * khw, out = yOffset + (n * g.cOut() + co) * outH * outW;
                    for (int oy = 0; oy < outH; oy++) {
                        int b = 0;
                        for (; (b + 1) * L <= outW; b++) block(padded, oy * width + b * L, taps, khw, w, wAt, y, out + oy * outW + b * L);
                        if (b * L < outW) {
                            block(padded, oy * width + b * L, taps, khw, w, wAt, row, 0);
                            System.arraycopy(row, 0, y, out + oy * outW + b * L, outW - b * L);
                        }
                    }
                }
            }
        });
    }

    /** dst[at + j] for j < L: the sum over taps of w[wAt + k] * padded[p + taps[k] + j], grouped as the tiled path. */
    private static void block(float[] padded, int p, int[] taps, int khw, float[] w, int wAt, float[] dst, int at) {
        FloatVector c = FloatVector.zero(S);
        int k = 0;
        for (; k + 4 <= khw; k += 4) {
            FloatVector t = FloatVector.fromArray(S, padded, p + taps[k]).mul(w[wAt + k])
                    .add(FloatVector.fromArray(S, padded, p + taps[k + 1]).mul(w[wAt + k + 1]))
                    .add(FloatVector.fromArray(S, padded, p + taps[k + 2]).mul(w[wAt + k + 2]))
                    .add(FloatVector.fromArray(S, padded, p + taps[k + 3]).mul(w[wAt + k + 3]));
            c = c.add(t);
        }
        for (; k < khw; k++) c = c.add(FloatVector.fromArray(S, padded, p + taps[k]).mul(w[wAt + k]));
        c.intoArray(dst, at);
    }

    /** padded = the image at x[at] shifted by the padding, zeros around it, width x height. */
    private static void pad(float[] x, int at, ConvGeometry g, float[] padded, int width, int height) {
        Arrays.fill(padded, 0, width * height, 0f);
        for (int iy = 0; iy < g.h(); iy++) {
            int py = iy + g.padTop();
            if (py >= height) break;
            int length = Math.min(g.w(), width - g.padLeft());
            System.arraycopy(x, at + iy * g.w(), padded, py * width + g.padLeft(), length);
        }
    }
}
