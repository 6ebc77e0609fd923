package org.latent.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.latent.backend.ConvGeometry;
import org.latent.backend.ConvGeometry.Padding;

/**
 * CpuIm2col's unfold and foldAdd (from a flat matrix and from rows) bit for bit against the rule
 * written out here, over tiles that start and end inside an example and at its edges, into a flat
 * matrix whose other columns (those of other threads) and a dx whose other examples and channels
 * must stay untouched: the vector row copies may run past a row only within the caller's own
 * columns, the adds only within the same image plane. Rows are 1 to 70 pixels wide, below, at and
 * above one and two vectors of 8 or 16 lanes; strides of 2 (vector rows reading every other pixel;
 * folds of rows up to two vectors wide as even and odd pixels) and 3 and padding wider than the
 * stride take the strided loops.
 */
class CpuIm2colTest {
    private static final List<ConvGeometry> GEOMETRIES = List.of(
            ConvGeometry.of(5, 3, 13, 13, 4, 3, 3, 1, Padding.VALID),
            ConvGeometry.of(4, 2, 20, 18, 3, 3, 3, 1, Padding.VALID),
            ConvGeometry.of(3, 2, 9, 39, 2, 3, 3, 1, Padding.VALID),
            ConvGeometry.of(3, 2, 7, 7, 2, 3, 3, 1, Padding.SAME),
            ConvGeometry.of(3, 2, 6, 3, 2, 3, 3, 1, Padding.VALID),
            ConvGeometry.of(4, 2, 14, 14, 3, 3, 3, 2, Padding.SAME),
            ConvGeometry.of(3, 2, 28, 28, 3, 4, 4, 2, Padding.SAME),
            ConvGeometry.of(3, 2, 13, 15, 3, 4, 3, 2, Padding.SAME),
            ConvGeometry.of(3, 2, 11, 35, 2, 3, 5, 2, Padding.VALID),
            ConvGeometry.of(2, 2, 9, 70, 2, 3, 3, 2, Padding.SAME),
            ConvGeometry.of(2, 2, 10, 66, 2, 4, 4, 2, Padding.SAME),
            ConvGeometry.of(3, 2, 8, 2, 2, 1, 1, 2, Padding.VALID),
            ConvGeometry.of(2, 3, 17, 19, 2, 5, 5, 3, Padding.SAME),
            new ConvGeometry(3, 2, 12, 13, 2, 5, 5, 2, 3, 2, 4, 6, 6),
            ConvGeometry.of(3, 2, 12, 25, 2, 5, 4, 1, Padding.SAME),
            new ConvGeometry(3, 2, 9, 10, 2, 3, 3, 1, 1, 2, 1, 7, 6));

    @Test
    void unfoldWritesEachPatchElementAndNothingOutsideItsColumns() {
        Random random = new Random(5);
        for (ConvGeometry g : GEOMETRIES) {
            float[] x = values(random, g.n() * g.cIn() * g.h() * g.w());
            int outH = g.outH(), outW = g.outW(), patch = g.cIn() * g.kh() * g.kw(), rows = g.n() * outH;
            for (int[] tile : tiles(rows, outH)) {
                int r0 = tile[0], r1 = tile[1], before = 3, width = (r1 - r0) * outW, ld = before + width + 5;
                float[] flat = new float[patch * ld];
                Arrays.fill(flat, 42f);
                CpuIm2col.unfold(x, 0, g, 0, g.cIn(), r0, r1, flat, before, ld);
                float[][] patchRows = new float[patch][width + 3];   // the tiled paths' form: rows of their own
                CpuIm2col.unfold(x, 0, g, 0, g.cIn(), r0, r1, patchRows);
                for (int k = 0; k < patch; k++) {
                    for (int t = -before; t < ld - before; t++) {
                        float want = t < 0 || t >= width ? 42f : patchValue(x, g, k, r0 * outW + t);
                        assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(flat[k * ld + before + t]),
                                g + " tile " + r0 + ".." + r1 + " k " + k + " t " + t);
                        if (t >= 0 && t < width) {
                            assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(patchRows[k][t]),
                                    g + " tile " + r0 + ".." + r1 + " k " + k + " t " + t + ", patches as rows");
                        }
                    }
                }
            }
        }
    }

    @Test
    void foldAddAddsEachColumnIntoItsPixelAndLeavesOtherPlanesAlone() {
        Random random = new Random(6);
        for (ConvGeometry g : GEOMETRIES) {
            int outH = g.outH(), outW = g.outW(), khw = g.kh() * g.kw(), plane = g.h() * g.w(), image = g.cIn() * plane;
            for (int[] tile : tiles(g.n() * outH, outH)) {
                // all channels, and the channels after the first (as a thread holding a group of them)
                for (int c0 : new int[] {0, 1}) {
                    int r0 = tile[0], r1 = tile[1], width = (r1 - r0) * outW, first = r0 / outH, end = (r1 - 1) / outH + 1;
                    int rows = (g.cIn() - c0) * khw;
                    float[] cols = values(random, rows * width);
                    float[] dx = new float[g.n() * image], want = new float[dx.length];
                    Arrays.fill(dx, -0f);   // outside the tile's planes: a stray +0 added would make it +0
                    for (int e = first; e < end; e++) Arrays.fill(dx, e * image + c0 * plane, (e + 1) * image, 0f);
                    System.arraycopy(dx, 0, want, 0, dx.length);
                    for (int k = 0; k < rows; k++) {
                        for (int t = 0; t < width; t++) {
                            int at = pixel(g, c0 * khw + k, r0 * outW + t);
                            if (at >= 0) want[at] += cols[k * width + t];
                        }
                    }
                    float[] byRows = dx.clone();
                    CpuIm2col.foldAdd(cols, 0, width, g, c0, g.cIn(), r0, r1, dx, 0);
                    float[][] patchRows = new float[rows][];   // the same patches as rows of their own arrays
                    for (int k = 0; k < rows; k++) patchRows[k] = Arrays.copyOfRange(cols, k * width, (k + 1) * width);
                    CpuIm2col.foldAdd(patchRows, g, c0, g.cIn(), r0, r1, byRows, 0);
                    for (int i = 0; i < dx.length; i++) {
                        assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(dx[i]),
                                g + " tile " + r0 + ".." + r1 + " channels from " + c0 + " dx " + i);
                        assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(byRows[i]),
                                g + " tile " + r0 + ".." + r1 + " channels from " + c0 + " dx " + i + ", patches as rows");
                    }
                }
            }
        }
    }

    /** Whole batch, one example, rows inside one example, rows across two examples, one row. */
    private static List<int[]> tiles(int rows, int outH) {
        return List.of(new int[] {0, rows}, new int[] {outH, 2 * outH}, new int[] {1, outH},
                new int[] {outH - 1, Math.min(rows, outH + 2)}, new int[] {rows - 1, rows});
    }

    /** Patch element k of global column c (row c / outW of the batch's output rows), 0 outside the image. */
    private static float patchValue(float[] x, ConvGeometry g, int k, int c) {
        int at = pixel(g, k, c);
        return at < 0 ? 0f : x[at];
    }

    private static int pixel(ConvGeometry g, int k, int c) {
        int khw = g.kh() * g.kw(), ci = k / khw, ky = k % khw / g.kw(), kx = k % g.kw();
        int r = c / g.outW(), ox = c % g.outW(), n = r / g.outH(), oy = r % g.outH();
        int iy = oy * g.strideH() - g.padTop() + ky, ix = ox * g.strideW() - g.padLeft() + kx;
        if (iy < 0 || iy >= g.h() || ix < 0 || ix >= g.w()) return -1;
        return ((n * g.cIn() + ci) * g.h() + iy) * g.w() + ix;
    }

    /** Gaussians with some -0 and +0, so that a +0 added where nothing belongs would show. */
    private static float[] values(Random random, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) v[i] = i % 7 == 0 ? -0f : i % 11 == 0 ? 0f : (float) random.nextGaussian();
        return v;
    }
}
