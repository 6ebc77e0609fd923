package org.latent.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.latent.backend.cpu.CpuBackend;
import org.latent.tensor.Tensor;
import org.latent.testing.GradCheck;

/** Max pooling and nearest-neighbour upsampling: values by hand, finite-difference gradients, shape errors. */
class PoolTest {
    private final Backend backend = new CpuBackend();

    // Both ops copy input values to outputs, so away from ties they are linear and central
    // differences are exact up to float rounding of the objective (observed below 1e-7); 1e-6 leaves
    // margin, while a gradient sent to the wrong element or lost is off by order 1.
    private static final double H = 1e-2, TOLERANCE = 1e-6;

    /** A copy of t that is a view one row into a larger tensor, so that its offset is nonzero. */
    private Tensor offsetView(Tensor t) {
        int[] shape = t.shape();
        shape[0] += 1;
        Tensor view = backend.allocate(shape).rows(1, t.rows());
        backend.copy(t, view);
        return view;
    }

    @Test
    void maxPoolByHandWithTiesGoingToTheFirstMaximum() {
        Tensor x = backend.upload(new float[] {
                1, 5, 2, 2,
                3, 0, 2, 1,
                7, 7, 4, 9,
                7, 6, 8, 0}, 1, 1, 4, 4);
        PoolGeometry g = new PoolGeometry(1, 1, 4, 4, 2, 2, 2, 2);
        Tensor y = backend.allocate(1, 1, 2, 2), dx = backend.allocate(1, 1, 4, 4);
        backend.maxPool2dForward(x, y, g);
        assertArrayEquals(new float[] {5, 2, 7, 9}, y.toArray());
        backend.maxPool2dBackward(x, y, backend.upload(new float[] {10, 20, 30, 40}, 1, 1, 2, 2), dx, g);
        assertArrayEquals(new float[] {
                0, 10, 20, 0,
                0, 0, 0, 0,
                30, 0, 0, 40,
                0, 0, 0, 0}, dx.toArray());
    }

    /** Overlapping windows send gradient to the same maximum twice; the contributions add. */
    @Test
    void overlappingWindowsAddTheirGradients() {
        Tensor x = backend.upload(new float[] {0, 1, 9, 1, 0}, 1, 1, 1, 5);
        PoolGeometry g = new PoolGeometry(1, 1, 1, 5, 1, 3, 1, 1);
        Tensor y = backend.allocate(1, 1, 1, 3), dx = backend.allocate(1, 1, 1, 5);
        backend.maxPool2dForward(x, y, g);
        assertArrayEquals(new float[] {9, 9, 9}, y.toArray());
        backend.maxPool2dBackward(x, y, backend.upload(new float[] {1, 2, 4}, 1, 1, 1, 3), dx, g);
        assertArrayEquals(new float[] {0, 0, 7, 0, 0}, dx.toArray());
    }

    @Test
    void maxPoolPropagatesNaN() {
        Tensor x = backend.upload(new float[] {1, Float.NaN, 3, 2}, 1, 1, 2, 2);
        Tensor y = backend.allocate(1, 1, 1, 1);
        backend.maxPool2dForward(x, y, new PoolGeometry(1, 1, 2, 2, 2, 2, 2, 2));
        assertTrue(Float.isNaN(y.toArray()[0]));
    }

    /** Distinct values spaced 0.05 apart, in random order: a perturbation of h = 0.01 never changes a window's maximum. */
    private Tensor distinctValues(long seed, int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = 0.05f * i - 0.025f * n;
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            float t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return backend.upload(v, shape);
    }

    @Test
    void maxPoolGradient() {
        List<PoolGeometry> geometries = List.of(
                new PoolGeometry(2, 3, 6, 5, 2, 2, 2, 2),     // odd width: the last column is dropped
                new PoolGeometry(1, 2, 7, 7, 3, 3, 2, 2),     // overlapping windows
                new PoolGeometry(2, 1, 5, 8, 2, 3, 1, 2));    // non-square window and stride
        long seed = 1;
        for (PoolGeometry g : geometries) {
            Tensor x = offsetView(distinctValues(seed++, g.inputShape())), y = backend.allocate(g.outputShape());
            float[] r = GradCheck.random(seed++, y.size(), -1, 1);
            DoubleSupplier objective = () -> {
                backend.maxPool2dForward(x, y, g);
                return GradCheck.dot(y, r);
            };
            backend.maxPool2dForward(x, y, g);
            Tensor dx = offsetView(backend.upload(GradCheck.random(seed++, x.size(), 3, 4), g.inputShape()));
            backend.maxPool2dBackward(x, y, backend.upload(r, g.outputShape()), dx, g);
            GradCheck.assertClose("maxPool dx " + g, GradCheck.numeric(x, objective, H), dx.toArray(), TOLERANCE);
        }
    }

    @Test
    void upsampleByHand() {
        Tensor x = backend.upload(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
        Tensor y = backend.allocate(1, 1, 4, 6);
        backend.upsample2dForward(x, y, 2, 3);
        assertArrayEquals(new float[] {
                1, 1, 1, 2, 2, 2,
                1, 1, 1, 2, 2, 2,
                3, 3, 3, 4, 4, 4,
                3, 3, 3, 4, 4, 4}, y.toArray());
        float[] dyValues = new float[24];
        for (int i = 0; i < 24; i++) dyValues[i] = i;
        Tensor dx = backend.allocate(1, 1, 2, 2);
        backend.upsample2dBackward(backend.upload(dyValues, 1, 1, 4, 6), dx, 2, 3);
        assertArrayEquals(new float[] {
                0 + 1 + 2 + 6 + 7 + 8, 3 + 4 + 5 + 9 + 10 + 11,
                12 + 13 + 14 + 18 + 19 + 20, 15 + 16 + 17 + 21 + 22 + 23}, dx.toArray());
    }

    @Test
    void upsampleGradient() {
        int[][] cases = {{2, 3, 3, 5, 2, 2}, {1, 2, 4, 3, 3, 1}, {3, 1, 2, 2, 1, 4}};   // n, c, h, w, sh, sw
        long seed = 10;
        for (int[] k : cases) {
            int sh = k[4], sw = k[5];
            Tensor x = offsetView(backend.upload(GradCheck.random(seed++, k[0] * k[1] * k[2] * k[3], -1, 1), k[0], k[1], k[2], k[3]));
            Tensor y = backend.allocate(k[0], k[1], k[2] * sh, k[3] * sw);
            float[] r = GradCheck.random(seed++, y.size(), -1, 1);
            DoubleSupplier objective = () -> {
                backend.upsample2dForward(x, y, sh, sw);
                return GradCheck.dot(y, r);
            };
            Tensor dx = offsetView(backend.allocate(x.shape()));
            backend.upsample2dBackward(backend.upload(r, y.shape()), dx, sh, sw);
            GradCheck.assertClose("upsample dx " + sh + "x" + sw, GradCheck.numeric(x, objective, H), dx.toArray(), TOLERANCE);
        }
    }

    @Test
    void wrongShapesAreRejectedNamingTheOp() {
        PoolGeometry g = new PoolGeometry(2, 3, 6, 6, 2, 2, 2, 2);
        Tensor x = backend.allocate(g.inputShape()), y = backend.allocate(g.outputShape());
        Tensor badY = backend.allocate(2, 3, 4, 3), badX = backend.allocate(2, 3, 6, 5);
        assertMessage("maxPool2dForward", () -> backend.maxPool2dForward(x, badY, g));
        assertMessage("maxPool2dForward", () -> backend.maxPool2dForward(badX, y, g));
        assertMessage("maxPool2dBackward", () -> backend.maxPool2dBackward(x, y, badY, x, g));
        assertMessage("maxPool2dBackward", () -> backend.maxPool2dBackward(x, y, y, badX, g));
        Tensor big = backend.allocate(2, 3, 12, 12);
        assertMessage("upsample2dForward", () -> backend.upsample2dForward(x, big, 2, 3));
        assertMessage("upsample2dForward", () -> backend.upsample2dForward(x, big, 0, 2));
        assertMessage("upsample2dBackward", () -> backend.upsample2dBackward(big, badX, 2, 2));
    }

    private static void assertMessage(String op, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(op), "message should name " + op + ": " + e.getMessage());
    }
}
