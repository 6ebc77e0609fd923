package org.latent.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.latent.backend.ConvGeometry;
import org.latent.backend.ConvGeometry.Padding;

/**
 * CpuConvOneOutput's bits do not depend on the vector width (CpuGemmVector.S: 8 lanes with the v1
 * GEMM, 16 with v2): its forward pass and filter gradient against scalar loops that perform the
 * eight-lane form's operations in its order on the same zero-padded planes (forward: per output
 * element an fma chain over input channels and taps; filter gradient: per tap, eight lanes of four
 * column partial sums, each an fma chain over rows and blocks, added ((a0 + a1) + (a2 + a3)) + sum
 * per example, and the eight lanes summed in order at the end).
 */
class CpuConvOneOutputBitsTest {
    private static final int BLOCK = CpuConvOneOutput.BLOCK;
    private static final List<ConvGeometry> GEOMETRIES = List.of(
            ConvGeometry.of(3, 5, 28, 28, 1, 7, 7, 1, Padding.SAME),
            ConvGeometry.of(2, 2, 6, 45, 1, 3, 3, 1, Padding.SAME),
            ConvGeometry.of(4, 3, 9, 40, 1, 4, 2, 1, Padding.VALID),
            new ConvGeometry(2, 3, 9, 10, 1, 3, 3, 1, 1, 2, 1, 7, 6),
            ConvGeometry.of(2, 2, 11, 70, 1, 5, 5, 1, Padding.SAME));

    @Test
    void sameBitsAsTheEightLaneFormAtEitherWidth() {
        assumeTrue(CpuGemm.VECTOR, "jdk.incubator.vector is not in the boot layer");
        Random random = new Random(7);
        for (ConvGeometry g : GEOMETRIES) {
            float[] x = random(random, g.n() * g.cIn() * g.h() * g.w()), w = random(random, g.cIn() * g.kh() * g.kw());
            float[] dy = random(random, g.n() * g.outH() * g.outW());
            float[] y = new float[g.n() * g.outH() * g.outW()], dw = new float[w.length];
            CpuConvOneOutput.forward(x, 0, w, 0, y, 0, g);
            CpuConvOneOutput.backwardFilter(x, 0, dy, 0, dw, 0, g);
            assertArrayEquals(forward(x, w, g), y, "forward " + g + " at " + CpuGemmVector.L + " lanes");
            assertArrayEquals(backwardFilter(x, dy, g), dw, "filter gradient " + g + " at " + CpuGemmVector.L + " lanes");
        }
    }

    private static float[] random(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = random.nextFloat() * 2f - 1f;
        return v;
    }

    private static int blocks(ConvGeometry g) {
        return (g.outW() + BLOCK - 1) / BLOCK;
    }

    private static int width(ConvGeometry g) {
        return blocks(g) * BLOCK + g.kw() - 1;
    }

    /** CpuConvOneOutput.pad's plane: the used part of the input at (padTop, padLeft) in zeros. */
    private static float[] plane(float[] x, int from, ConvGeometry g) {
        int width = width(g), height = g.outH() + g.kh() - 1;
        float[] plane = new float[width * height];
        int usedWidth = g.outW() + g.kw() - 1;
        int ix0 = Math.max(0, -g.padLeft()), ix1 = Math.min(g.w(), usedWidth - g.padLeft());
        int iy0 = Math.max(0, -g.padTop()), iy1 = Math.min(g.h(), height - g.padTop());
        for (int iy = iy0; iy < iy1 && ix0 < ix1; iy++) {
            System.arraycopy(x, from + iy * g.w() + ix0, plane, (iy + g.padTop()) * width + ix0 + g.padLeft(), ix1 - ix0);
        }
        return plane;
    }

    private static float[] forward(float[] x, float[] w, ConvGeometry g) {
        int khw = g.kh() * g.kw(), width = width(g), image = g.h() * g.w();
        float[] y = new float[g.n() * g.outH() * g.outW()];
        for (int n = 0; n < g.n(); n++) {
            float[] acc = new float[g.outH() * g.outW()];
            for (int ci = 0; ci < g.cIn(); ci++) {
                float[] plane = plane(x, (n * g.cIn() + ci) * image, g);
                for (int oy = 0; oy < g.outH(); oy++) {
                    for (int ox = 0; ox < g.outW(); ox++) {
                        float a = acc[oy * g.outW() + ox];
                        for (int k = 0; k < khw; k++) {
                            a = Math.fma(w[ci * khw + k], plane[(oy + k / g.kw()) * width + ox + k % g.kw()], a);
                        }
                        acc[oy * g.outW() + ox] = a;
                    }
                }
            }
            System.arraycopy(acc, 0, y, n * acc.length, acc.length);
        }
        return y;
    }

    private static float[] backwardFilter(float[] x, float[] dy, ConvGeometry g) {
        int khw = g.kh() * g.kw(), width = width(g), image = g.h() * g.w(), blocks = blocks(g), outW = g.outW();
        float[] dw = new float[g.cIn() * khw];
        for (int ci = 0; ci < g.cIn(); ci++) {
            float[] sums = new float[khw * 8];
            for (int n = 0; n < g.n(); n++) {
                float[] plane = plane(x, (n * g.cIn() + ci) * image, g);
                for (int k = 0; k < khw; k++) {
                    int tap = (k / g.kw()) * width + k % g.kw();
                    for (int lane = 0; lane < 8; lane++) {
                        float[] part = new float[4];
                        for (int oy = 0; oy < g.outH(); oy++) {
                            for (int b = 0; b < blocks; b++) {
                                for (int q = 0; q < 4; q++) {
                                    int col = b * BLOCK + 8 * q + lane;
                                    float d = col < outW ? dy[(n * g.outH() + oy) * outW + col] : 0f;
                                    part[q] = Math.fma(d, plane[oy * width + col + tap], part[q]);
                                }
                            }
                        }
                        sums[k * 8 + lane] = ((part[0] + part[1]) + (part[2] + part[3])) + sums[k * 8 + lane];
                    }
                }
            }
            for (int k = 0; k < khw; k++) {
                float sum = 0f;
                for (int lane = 0; lane < 8; lane++) sum += sums[k * 8 + lane];
                dw[ci * khw + k] = sum;
            }
        }
        return dw;
    }
}
