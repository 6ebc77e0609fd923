package org.latent.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.latent.backend.PoolGeometry;
import org.latent.tensor.Tensor;

/**
 * The 2 x 2 stride-2 max pool (its own loop-free path) against the general rule, written out in
 * CpuPoolVectorTest.expected:
 * the first largest element of each window in row-major order, a NaN larger than any number, ties
 * and signed zeros to the first; backward: dx = 0 + dy at the window's maximum (so a -0 gradient
 * becomes +0, as the general loop's sum onto zero), 0 elsewhere and in the uncovered last row and
 * column of odd sizes, whatever dx held before.
 */
class CpuPool2x2Test {
    @Test
    void twoByTwoMatchesTheFirstMaximumRuleBitForBit() {
        CpuBackend b = new CpuBackend();
        Random r = new Random(3);
        for (int[] size : new int[][] {{4, 4}, {5, 7}, {26, 26}, {11, 11}, {2, 3}}) {
            int n = 3, c = 2, h = size[0], w = size[1];
            PoolGeometry g = new PoolGeometry(n, c, h, w, 2, 2, 2, 2);
            float[] x = new float[n * c * h * w];
            for (int i = 0; i < x.length; i++) {
                x[i] = switch (r.nextInt(8)) {
                    case 0 -> Float.NaN;
                    case 1 -> 0f;
                    case 2 -> -0f;
                    case 3 -> 1f;  // ties
                    default -> (float) r.nextGaussian();
                };
            }
            int oh = g.outH(), ow = g.outW();
            float[] dy = new float[n * c * oh * ow];
            for (int i = 0; i < dy.length; i++) dy[i] = i % 5 == 0 ? -0f : (float) r.nextGaussian();
            Tensor xt = b.upload(x, n, c, h, w), y = b.allocate(n, c, oh, ow), dyt = b.upload(dy, n, c, oh, ow);
            float[] garbage = new float[x.length];
            Arrays.fill(garbage, 42f);
            Tensor dx = b.upload(garbage, n, c, h, w);
            b.maxPool2dForward(xt, y, g);
            b.maxPool2dBackward(xt, y, dyt, dx, g);
            float[] yv = y.toArray(), dxv = dx.toArray(), wantY = new float[yv.length], want = new float[x.length];
            CpuPoolVectorTest.expected(x, dy, n * c, h, w, wantY, want);
            for (int o = 0; o < yv.length; o++) {
                assertEquals(Float.floatToRawIntBits(wantY[o]), Float.floatToRawIntBits(yv[o]), "y at " + o + " size " + h + "x" + w);
            }
            for (int i = 0; i < x.length; i++) {
                assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(dxv[i]), "dx at " + i + " size " + h + "x" + w);
            }
        }
    }
}
