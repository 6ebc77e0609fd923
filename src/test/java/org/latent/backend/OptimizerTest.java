package org.latent.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.latent.backend.cpu.CpuBackend;
import org.latent.tensor.Tensor;
import org.latent.testing.GradCheck;

/**
 * Three steps on a 3-vector from p0 = [1, -2, 0.5] with the gradients below, against values worked
 * out in double precision by hand (formulas in the comments). Tolerance 1e-6 absolute: the float
 * updates round to about 1.2e-7 per operation on values below 2 and the constants (0.9f, 0.999f)
 * differ from their decimal values by under 3e-8.
 */
class OptimizerTest {
    private static final double TOL = 1e-6;
    private static final float[] P0 = {1f, -2f, 0.5f};
    private static final float[][] GRADS = {{0.5f, -1f, 0.25f}, {-0.2f, 0.4f, 1f}, {0.3f, 0f, -0.5f}};

    private final Backend b = new CpuBackend();

    private static void assertValues(double[] expected, Tensor actual, String what) {
        float[] a = actual.toArray();
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], a[i], TOL, what + " element " + i);
    }

    private Tensor grad(int step) {
        return b.upload(GRADS[step], 3);
    }

    @Test
    void plainSgd() {
        Tensor p = b.upload(P0, 3), v = b.allocate(3);
        b.sgdStep(p, grad(0), v, 0.1f, 0f, false);
        assertValues(new double[] {0.95, -1.9, 0.475}, p, "p1 = p0 - 0.1 g1");
        b.sgdStep(p, grad(1), v, 0.1f, 0f, false);
        assertValues(new double[] {0.97, -1.94, 0.375}, p, "p2");
    }

    @Test
    void sgdWithMomentum() {
        Tensor p = b.upload(P0, 3), v = b.allocate(3);
        b.sgdStep(p, grad(0), v, 0.1f, 0.9f, false);
        assertValues(new double[] {-0.05, 0.1, -0.025}, v, "v1 = -0.1 g1");
        assertValues(new double[] {0.95, -1.9, 0.475}, p, "p1 = p0 + v1");
        b.sgdStep(p, grad(1), v, 0.1f, 0.9f, false);
        assertValues(new double[] {-0.025, 0.05, -0.1225}, v, "v2 = 0.9 v1 - 0.1 g2");
        assertValues(new double[] {0.925, -1.85, 0.3525}, p, "p2 = p1 + v2");
        b.sgdStep(p, grad(2), v, 0.1f, 0.9f, false);
        assertValues(new double[] {-0.0525, 0.045, -0.06025}, v, "v3");
        assertValues(new double[] {0.8725, -1.805, 0.29225}, p, "p3");
    }

    @Test
    void sgdWithNesterovMomentum() {
        Tensor p = b.upload(P0, 3), v = b.allocate(3);
        b.sgdStep(p, grad(0), v, 0.1f, 0.9f, true);
        assertValues(new double[] {0.905, -1.81, 0.4525}, p, "p1 = p0 + 0.9 v1 - 0.1 g1");
        b.sgdStep(p, grad(1), v, 0.1f, 0.9f, true);
        assertValues(new double[] {-0.025, 0.05, -0.1225}, v, "v2 (same as without Nesterov)");
        assertValues(new double[] {0.9025, -1.805, 0.24225}, p, "p2 = p1 + 0.9 v2 - 0.1 g2");
        b.sgdStep(p, grad(2), v, 0.1f, 0.9f, true);
        assertValues(new double[] {0.82525, -1.7645, 0.238025}, p, "p3");
    }

    /** lr 0.01, beta2 0.999, eps 1e-8; expected p: mhat = m / (1 - b1^t), vhat = v / (1 - b2^t), p -= lr mhat / (sqrt(vhat) + eps). */
    @Test
    void adamWithBeta1PointNine() {
        Tensor p = b.upload(P0, 3), m = b.allocate(3), v = b.allocate(3);
        // step 1: mhat = g, vhat = g^2, so p moves by lr * sign(g)
        b.adamStep(p, grad(0), m, v, 0.01f, 0.9f, 0.999f, 1e-8f, 1);
        assertValues(new double[] {0.99, -1.99, 0.49}, p, "adam p1");
        b.adamStep(p, grad(1), m, v, 0.01f, 0.9f, 0.999f, 1e-8f, 2);
        assertValues(new double[] {0.025, -0.05, 0.1225}, m, "m2 = 0.9 * 0.1 g1 + 0.1 g2");
        assertValues(new double[] {0.00028975, 0.001159, 0.0010624375}, v, "v2 = 0.999 * 0.001 g1^2 + 0.001 g2^2");
        assertValues(new double[] {0.986543942, -1.986543942, 0.481156236}, p, "adam p2");
        b.adamStep(p, grad(2), m, v, 0.01f, 0.9f, 0.999f, 1e-8f, 3);
        assertValues(new double[] {0.981099538, -1.983872398, 0.477795242}, p, "adam p3");
    }

    @Test
    void adamWithBeta1PointFive() {
        Tensor p = b.upload(P0, 3), m = b.allocate(3), v = b.allocate(3);
        b.adamStep(p, grad(0), m, v, 0.01f, 0.5f, 0.999f, 1e-8f, 1);
        assertValues(new double[] {0.99, -1.99, 0.49}, p, "adam(0.5) p1");
        b.adamStep(p, grad(1), m, v, 0.01f, 0.5f, 0.999f, 1e-8f, 2);
        assertValues(new double[] {0.025, -0.05, 0.5625}, m, "m2 = 0.5 * 0.5 g1 + 0.5 g2");
        assertValues(new double[] {0.989124465, -1.989124465, 0.479712356}, p, "adam(0.5) p2");
        b.adamStep(p, grad(2), m, v, 0.01f, 0.5f, 0.999f, 1e-8f, 3);
        assertValues(new double[] {0.983905245, -1.988664790, 0.479172445}, p, "adam(0.5) p3");
    }

    /** rho 0.9, lr 0.01, eps 1e-7. */
    @Test
    void rmsprop() {
        Tensor p = b.upload(P0, 3), sq = b.allocate(3);
        b.rmspropStep(p, grad(0), sq, 0.01f, 0.9f, 1e-7f);
        assertValues(new double[] {0.025, 0.1, 0.00625}, sq, "sq1 = 0.1 g1^2");
        assertValues(new double[] {0.968377243, -1.968377233, 0.468377263}, p, "p1 = p0 - 0.01 g1 / (sqrt(sq1) + eps)");
        b.rmspropStep(p, grad(1), sq, 0.01f, 0.9f, 1e-7f);
        assertValues(new double[] {0.0265, 0.106, 0.105625}, sq, "sq2 = 0.9 sq1 + 0.1 g2^2");
        assertValues(new double[] {0.980663138, -1.980663132, 0.437608042}, p, "p2");
        b.rmspropStep(p, grad(2), sq, 0.01f, 0.9f, 1e-7f);
        assertValues(new double[] {0.964111030, -1.980663132, 0.452038037}, p, "p3 (zero gradient leaves p)");
    }

    /**
     * States that decay below Float.MIN_NORMAL (1.18e-38) become exactly +0 (JUnit compares floats
     * by bits, so -0 would fail); larger ones survive.
     */
    @Test
    void stateBelowSmallestNormalIsFlushedToZero() {
        float[] state = {1e-37f, -1e-37f, 1e-36f};
        Tensor p = b.upload(new float[] {1f, 2f, 3f}, 3), zero = b.allocate(3);

        Tensor v = b.upload(state, 3);
        b.sgdStep(p, zero, v, 0.1f, 0.1f, false); // v = 0.1 v: 1e-38 is subnormal
        assertArrayEquals(new float[] {0f, 0f, 0.1f * 1e-36f}, v.toArray());

        Tensor m = b.upload(state, 3), s = b.upload(state, 3);
        b.adamStep(p, zero, m, s, 0.01f, 0.1f, 0.1f, 1e-8f, 5);
        assertArrayEquals(new float[] {0f, 0f, 0.1f * 1e-36f}, m.toArray(), "adam m");
        assertArrayEquals(new float[] {0f, 0f, 0.1f * 1e-36f}, s.toArray(), "adam v");

        Tensor sq = b.upload(state, 3);
        b.rmspropStep(p, zero, sq, 0.01f, 0.1f, 1e-7f);
        assertArrayEquals(new float[] {0f, 0f, 0.1f * 1e-36f}, sq.toArray(), "rmsprop sq");
    }

    /**
     * A large buffer (split over threads) at a nonzero offset gives every element exactly what a
     * one-element step gives, and leaves the storage around the view alone.
     */
    @Test
    void largeViewMatchesElementwiseSteps() {
        int n = 100_003;
        float[] p0 = GradCheck.random(11, n, -1, 1), g = GradCheck.random(12, n, -1, 1);
        float[] m0 = GradCheck.random(13, n, -0.1, 0.1), v0 = GradCheck.random(14, n, 0, 0.01);
        Tensor storage = b.allocate(4 * n + 10);
        Tensor p = storage.view(3, n), m = storage.view(n + 5, n), v = storage.view(2 * n + 7, n);
        b.copy(b.upload(p0, n), p);
        b.copy(b.upload(m0, n), m);
        b.copy(b.upload(v0, n), v);
        b.adamStep(p, b.upload(g, n), m, v, 1e-3f, 0.9f, 0.999f, 1e-7f, 7);
        float[] ps = p.toArray(), ms = m.toArray(), vs = v.toArray(), all = storage.toArray();
        assertEquals(0f, all[2]);
        assertEquals(0f, all[n + 4]);
        for (int i = 0; i < n; i += 997) {
            Tensor pi = b.upload(new float[] {p0[i]}, 1), mi = b.upload(new float[] {m0[i]}, 1);
            Tensor vi = b.upload(new float[] {v0[i]}, 1);
            b.adamStep(pi, b.upload(new float[] {g[i]}, 1), mi, vi, 1e-3f, 0.9f, 0.999f, 1e-7f, 7);
            assertEquals(pi.toArray()[0], ps[i], "p at " + i);
            assertEquals(mi.toArray()[0], ms[i], "m at " + i);
            assertEquals(vi.toArray()[0], vs[i], "v at " + i);
        }
    }

    @Test
    void badArgumentsThrowNamingTheOp() {
        Tensor p = b.allocate(3), g = b.allocate(3), s = b.allocate(3), shorter = b.allocate(2);
        var e1 = assertThrows(IllegalArgumentException.class, () -> b.adamStep(p, g, s, s, 0.1f, 0.9f, 0.999f, 1e-8f, 0));
        assertTrue(e1.getMessage().contains("adamStep") && e1.getMessage().contains("step"), e1.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> b.sgdStep(p, g, shorter, 0.1f, 0.9f, false));
        assertTrue(e2.getMessage().contains("sgdStep"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class, () -> b.rmspropStep(p, shorter, s, 0.1f, 0.9f, 1e-7f));
        assertTrue(e3.getMessage().contains("rmspropStep"), e3.getMessage());
        var e4 = assertThrows(IllegalArgumentException.class, () -> b.adamStep(p, g, s, shorter, 0.1f, 0.9f, 0.999f, 1e-8f, 1));
        assertTrue(e4.getMessage().contains("adamStep"), e4.getMessage());
    }
}
