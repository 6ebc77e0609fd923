package org.latent.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.latent.backend.cpu.CpuBackend;
import org.latent.rng.RandomKey;
import org.latent.tensor.Shapes;
import org.latent.tensor.Tensor;
import org.latent.testing.GradCheck;

class DropoutTest {
    private final Backend b = new CpuBackend();
    private final RandomKey key = new RandomKey(77, 12, 5);

    @Test
    void maskDropsAboutRateAndScalesTheRest() {
        int n = 400_000;
        float rate = 0.3f, keep = 1f / (1f - rate);
        Tensor x = b.upload(GradCheck.random(1, n, -3, 3), 800, 500);
        Tensor mask = b.allocate(800, 500), y = b.allocate(800, 500);
        b.dropoutForward(x, rate, key, mask, y);
        float[] xs = x.toArray(), m = mask.toArray(), ys = y.toArray();
        int dropped = 0;
        for (int i = 0; i < n; i++) {
            assertTrue(m[i] == 0f || m[i] == keep, "mask value " + m[i]);
            if (m[i] == 0f) dropped++;
            assertEquals(xs[i] * m[i], ys[i], "y = x * mask at " + i);
        }
        // SE of the dropped fraction: sqrt(0.3 * 0.7 / n) = 7.2e-4; allow five
        assertEquals(0.3, dropped / (double) n, 5 * 7.2e-4);
    }

    @Test
    void maskKeepsExactlyTheElementsWhoseUniformIsAtLeastRate() {
        float rate = 0.45f, keep = 1f / (1f - rate);
        Tensor u = b.allocate(3, 37), mask = b.allocate(3, 37), y = b.allocate(3, 37);
        Tensor x = b.upload(GradCheck.random(2, 111, -1, 1), 3, 37);
        b.randomUniform(u, 0f, 1f, key);
        b.dropoutForward(x, rate, key, mask, y);
        float[] us = u.toArray(), m = mask.toArray();
        for (int i = 0; i < us.length; i++) assertEquals(us[i] >= rate ? keep : 0f, m[i], "element " + i);
    }

    @Test
    void rateZeroKeepsEverything() {
        float[] xs = GradCheck.random(3, 5 * 13, -2, 2);
        Tensor x = b.upload(xs, 5, 13), mask = b.allocate(5, 13), y = b.allocate(5, 13);
        b.dropoutForward(x, 0f, key, mask, y);
        for (float v : mask.toArray()) assertEquals(1f, v);
        assertArrayEquals(xs, y.toArray());
    }

    @Test
    void inPlaceForwardAndBackwardOnViews() {
        int rows = 7, cols = 19;
        float rate = 0.5f;
        float[] xs = GradCheck.random(4, rows * cols, -1, 1), dys = GradCheck.random(5, rows * cols, -1, 1);
        // reference on plain tensors
        Tensor x = b.upload(xs, rows, cols), mask = b.allocate(rows, cols), y = b.allocate(rows, cols);
        b.dropoutForward(x, rate, key, mask, y);
        Tensor dy = b.upload(dys, rows, cols), dx = b.allocate(rows, cols);
        b.dropoutBackward(dy, mask, dx);
        float[] m = mask.toArray(), dxs = dx.toArray();
        for (int i = 0; i < dxs.length; i++) assertEquals(dys[i] * m[i], dxs[i], "dx at " + i);

        // the same in place on row views of bigger buffers (nonzero offsets)
        Tensor bigX = b.allocate(rows + 2, cols), bigMask = b.allocate(rows + 3, cols);
        Tensor xv = bigX.rows(2, rows), mv = bigMask.rows(1, rows);
        b.copy(x, xv);
        b.dropoutForward(xv, rate, key, mv, xv);
        assertArrayEquals(y.toArray(), xv.toArray());
        assertArrayEquals(m, mv.toArray());
        b.copy(dy, xv);
        b.dropoutBackward(xv, mv, xv);
        assertArrayEquals(dxs, xv.toArray());
        float[] bm = bigMask.toArray();
        for (int i = 0; i < cols; i++) assertEquals(0f, bm[i], "mask row before the view untouched");
    }

    /**
     * With the key fixed the mask is fixed, so y is linear in x and the central difference is exact
     * up to float rounding of y (~1e-7 relative) divided by h = 1e-2: 1e-4 is a safe bound.
     */
    @Test
    void gradientMatchesFiniteDifferences() {
        for (int[] shape : new int[][] {{3, 7}, {2, 5, 3, 3}, {11, 13}}) {
            int n = Shapes.size(shape);
            float rate = 0.25f;
            Tensor x = b.upload(GradCheck.random(6, n, -1, 1), shape);
            Tensor mask = b.allocate(shape), y = b.allocate(shape);
            float[] r = GradCheck.random(7, n, -1, 1);
            double[] numeric = GradCheck.numeric(x, () -> {
                b.dropoutForward(x, rate, key, mask, y);
                return GradCheck.dot(y, r);
            }, 1e-2);
            b.dropoutForward(x, rate, key, mask, y);
            Tensor dx = b.allocate(shape);
            b.dropoutBackward(b.upload(r, shape), mask, dx);
            GradCheck.assertClose("dropout dx " + java.util.Arrays.toString(shape), numeric, dx.toArray(), 1e-4);
        }
    }

    @Test
    void badArgumentsThrowNamingTheOp() {
        Tensor x = b.allocate(4, 5), mask = b.allocate(4, 5), y = b.allocate(4, 5), other = b.allocate(5, 4);
        var e1 = assertThrows(IllegalArgumentException.class, () -> b.dropoutForward(x, 1f, key, mask, y));
        assertTrue(e1.getMessage().contains("dropoutForward") && e1.getMessage().contains("rate"), e1.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> b.dropoutForward(x, -0.1f, key, mask, y));
        assertTrue(e2.getMessage().contains("dropoutForward"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class, () -> b.dropoutForward(x, 0.5f, key, other, y));
        assertTrue(e3.getMessage().contains("dropoutForward"), e3.getMessage());
        var e4 = assertThrows(IllegalArgumentException.class, () -> b.dropoutBackward(x, mask, other));
        assertTrue(e4.getMessage().contains("dropoutBackward"), e4.getMessage());
    }
}
