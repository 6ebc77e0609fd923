package org.latent.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.latent.backend.cpu.CpuBackend;
import org.latent.nn.ParameterSet;
import org.latent.tensor.Tensor;
import org.latent.testing.GradCheck;

/**
 * AdamW, L2 weight decay and clipping by global norm: single steps against values worked out by
 * hand (in double, then compared with the float results).
 */
class GradientControlsTest {
    private static final CpuBackend CPU = new CpuBackend();

    /** A parameter set of the given values with the given gradients. */
    private static ParameterSet set(float[] values, float[] grads) {
        ParameterSet ps = new ParameterSet(CPU, 1);
        ps.trainableConstant("w", new int[] {values.length}, 0f);
        ps.allocate();
        CPU.write(values, ps.values());
        CPU.write(grads, ps.grads());
        return ps;
    }

    @Test
    void adamWDecaysTheWeightsByLrTimesDecayThenTakesTheAdamStep() {
        ParameterSet ps = set(new float[] {1f, -2f}, new float[] {0.5f, 0.1f});
        Adam adamw = new Adam(ps, 0.1f, 0.9f, 0.999f, 1e-8f, new GradientControls(0.01, true, 0));
        adamw.step();
        // p <- p (1 - 0.1 * 0.01) = 0.999 p; first Adam step: m = 0.1 g, v = 0.001 g^2, step size
        // lr / (1 - 0.9) = 1, sqrt(v) / sqrt(1 - 0.999) = |g|: p -= 0.1 g / (|g| + 1e-8).
        double p0 = 1 * 0.999 - 0.1 * 0.5 / (0.5 + 1e-8), p1 = -2 * 0.999 - 0.1 * 0.1 / (0.1 + 1e-8);
        float[] v = ps.values().toArray();
        assertEquals(0.899, p0, 1e-7);
        assertEquals(p0, v[0], 1e-6);
        assertEquals(p1, v[1], 1e-6);
        assertEquals(-2.098, v[1], 1e-6);

        // The decay uses the scheduled rate: at lr 0.05 the second step shrinks the weights by 1 - 0.0005.
        float[] before = ps.values().toArray();
        adamw.setLearningRate(0.05);
        CPU.write(new float[] {0f, 0f}, ps.grads());
        adamw.step();
        // With g = 0: m = 0.9 m1, v = 0.999 v1; bias corrections of step 2.
        double m = 0.9 * 0.05, vv = 0.999 * 0.00025, bc1 = 1 - 0.81, bc2 = 1 - 0.999 * 0.999;
        double expected = before[0] * (1 - 0.05 * 0.01) - 0.05 / bc1 * m / (Math.sqrt(vv) / Math.sqrt(bc2) + 1e-8);
        assertEquals(expected, ps.values().toArray()[0], 1e-6);
    }

    @Test
    void l2WeightDecayAddsDecayTimesWeightsToTheGradient() {
        ParameterSet ps = set(new float[] {1f, -3f}, new float[] {0.5f, 0f});
        new Sgd(ps, 0.1f, 0f, false, new GradientControls(0.1, false, 0)).step();
        // g' = g + 0.1 p = (0.6, -0.3); p -= 0.1 g'.
        assertArrayEquals(new float[] {0.94f, -2.97f}, ps.values().toArray(), 1e-6f);

        ParameterSet a = set(new float[] {2f}, new float[] {1f});
        new Adam(a, 0.1f, 0.9f, 0.999f, 1e-8f, new GradientControls(0.5, false, 0)).step();
        // Adam's coupled decay: g' = 1 + 0.5 * 2 = 2; the first step moves by lr * g' / (|g'| + eps).
        assertEquals(2 - 0.1 * 2 / (2 + 1e-8), a.values().toArray()[0], 1e-6);
    }

    @Test
    void clippingScalesTheGradientsToTheMaximumNorm() {
        ParameterSet ps = set(new float[] {1f, 1f}, new float[] {3f, 4f});
        Sgd sgd = new Sgd(ps, 1f, 0f, false, new GradientControls(0, false, 1.0));
        sgd.step();
        // |g| = 5, factor 1 / (5 + 1e-6): g = (0.6, 0.8) (to 2e-7), p = 1 - g.
        float[] info = sgd.clipInfo().toArray();
        assertEquals(5f, info[0]);
        assertEquals((float) (1 / (5 + 1e-6)), info[1]);
        assertArrayEquals(new float[] {0.4f, 0.2f}, ps.values().toArray(), 1e-6f);

        ParameterSet small = set(new float[] {0f, 0f}, new float[] {0.3f, 0.4f});
        Sgd below = new Sgd(small, 1f, 0f, false, new GradientControls(0, false, 1.0));
        below.step();
        assertEquals(1f, below.clipInfo().toArray()[1], "a norm of 0.5 is not clipped");
        assertArrayEquals(new float[] {-0.3f, -0.4f}, small.values().toArray());
    }

    @Test
    void clippingComesBeforeTheWeightDecay() {
        ParameterSet ps = set(new float[] {1f, 1f}, new float[] {3f, 4f});
        new Sgd(ps, 1f, 0f, false, new GradientControls(0.1, false, 1.0)).step();
        // Clipped to (0.6, 0.8), then + 0.1 p = (0.7, 0.9); p = 1 - that.
        assertArrayEquals(new float[] {0.3f, 0.1f}, ps.values().toArray(), 1e-6f);
    }

    @Test
    void theBackendOpSumsSquaresInDoubleOverLargeBuffers() {
        int n = 100_003;
        float[] g = GradCheck.random(9, n, -1, 1);
        double s = 0;
        for (float x : g) s += (double) x * x;
        double norm = Math.sqrt(s);
        Tensor t = CPU.upload(g, n), info = CPU.allocate(2);
        CPU.clipByGlobalNorm(t, 10f, info);
        float f = (float) (10 / (norm + 1e-6));
        assertEquals((float) norm, info.toArray()[0]);
        assertEquals(f, info.toArray()[1]);
        float[] out = t.toArray();
        for (int i = 0; i < n; i += 997) assertEquals(g[i] * f, out[i], "element " + i);
    }
}
