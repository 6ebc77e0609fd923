package org.latent.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.latent.backend.cpu.CpuBackend;
import org.latent.rng.Philox;
import org.latent.rng.RandomKey;
import org.latent.tensor.Tensor;

/**
 * Statistical bounds are five standard errors of the statistic for 1e6 draws, so a correct
 * generator fails them with probability below 1e-6 per check (and the seeds are fixed anyway).
 */
class RandomTest {
    private static final int N = 1_000_000;
    private final Backend b = new CpuBackend();
    private final RandomKey key = new RandomKey(20240607L, 3, 11);

    /** mean, variance, skewness, kurtosis in double. */
    private static double[] moments(float[] x) {
        double mean = 0;
        for (float v : x) mean += v;
        mean /= x.length;
        double m2 = 0, m3 = 0, m4 = 0;
        for (float v : x) {
            double d = v - mean, d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
        }
        m2 /= x.length;
        m3 /= x.length;
        m4 /= x.length;
        return new double[] {mean, m2, m3 / Math.pow(m2, 1.5), m4 / (m2 * m2)};
    }

    @Test
    void uniformHasTheMomentsOfUniformLoHi() {
        Tensor t = b.allocate(1000, 1000);
        b.randomUniform(t, -2f, 3f, key);
        float[] x = t.toArray();
        for (float v : x) assertTrue(v >= -2f && v < 3f, "value " + v + " outside [-2, 3)");
        double[] m = moments(x);
        // var = 25/12; SE(mean) = sqrt(25/12 / N) = 1.44e-3; SE(var) = sqrt((625/80 - 625/144) / N) = 1.86e-3
        assertEquals(0.5, m[0], 5 * 1.44e-3, "mean");
        assertEquals(25.0 / 12, m[1], 5 * 1.86e-3, "variance");
        // a uniform's kurtosis is 9/5; its SE here is about 1e-3
        assertEquals(1.8, m[3], 5e-3, "kurtosis");
    }

    @Test
    void normalHasTheMomentsAndTailsOfNormalMeanStd() {
        Tensor t = b.allocate(N);
        b.randomNormal(t, 1f, 2f, key);
        float[] x = t.toArray();
        double[] m = moments(x);
        // SE(mean) = 2/sqrt(N) = 2e-3; SE(var) = sqrt((3*16 - 16)/N) = 5.7e-3;
        // SE(skewness) = sqrt(6/N) = 2.4e-3; SE(kurtosis) = sqrt(24/N) = 4.9e-3
        assertEquals(1.0, m[0], 5 * 2e-3, "mean");
        assertEquals(4.0, m[1], 5 * 5.7e-3, "variance");
        assertEquals(0.0, m[2], 5 * 2.4e-3, "skewness");
        assertEquals(3.0, m[3], 5 * 4.9e-3, "kurtosis");
        // P(|z| > 2) = 0.0455, SE = sqrt(0.0455 * 0.9545 / N) = 2.1e-4; P(|z| > 3) = 0.0027, SE = 5.2e-5
        int beyond2 = 0, beyond3 = 0;
        for (float v : x) {
            double z = Math.abs((v - 1.0) / 2.0);
            if (z > 2) beyond2++;
            if (z > 3) beyond3++;
        }
        assertEquals(0.04550, beyond2 / (double) N, 5 * 2.1e-4, "P(|z| > 2)");
        assertEquals(0.00270, beyond3 / (double) N, 5 * 5.2e-5, "P(|z| > 3)");
    }

    @Test
    void bernoulliFrequencyMatchesP() {
        Tensor t = b.allocate(N);
        b.randomBernoulli(t, 0.3f, key);
        double ones = 0;
        for (float v : t.toArray()) {
            assertTrue(v == 0f || v == 1f, "bernoulli value " + v);
            ones += v;
        }
        // SE = sqrt(0.3 * 0.7 / N) = 4.6e-4
        assertEquals(0.3, ones / N, 5 * 4.6e-4);

        Tensor small = b.allocate(37);
        b.randomBernoulli(small, 0f, key);
        for (float v : small.toArray()) assertEquals(0f, v);
        b.randomBernoulli(small, 1f, key);
        for (float v : small.toArray()) assertEquals(1f, v);
    }

    @Test
    void fillsAreTheDocumentedPhiloxElements() {
        Tensor u = b.allocate(N), n = b.allocate(N), bern = b.allocate(N);
        b.randomUniform(u, -1f, 1f, key);
        b.randomNormal(n, 0.5f, 3f, key);
        b.randomBernoulli(bern, 0.6f, key);
        float[] ux = u.toArray(), nx = n.toArray(), bx = bern.toArray();
        // indices at both ends and across the thread chunk boundaries
        for (int i : new int[] {0, 1, 2, 3, 4, 5, 6, 7, N / 2 - 1, N / 2, N / 2 + 1, 333_333, 666_667, N - 1}) {
            float uu = Philox.uniform(key, i);
            assertEquals(-1f + 2f * uu, ux[i], "uniform element " + i);
            assertEquals(0.5f + 3f * Philox.normal(key, i), nx[i], "normal element " + i);
            assertEquals(uu < 0.6f ? 1f : 0f, bx[i], "bernoulli element " + i);
        }
    }

    @Test
    void sameKeySameNumbersOtherStreamOrSeedOtherNumbers() {
        Tensor a = b.allocate(3, 41), c = b.allocate(3, 41);
        b.randomNormal(a, 0f, 1f, key);
        b.randomNormal(c, 0f, 1f, key);
        assertArrayEquals(a.toArray(), c.toArray());
        b.randomNormal(c, 0f, 1f, new RandomKey(key.seed(), key.stream() + 1, key.counter()));
        assertNoCommonValues(a.toArray(), c.toArray());
        b.randomNormal(c, 0f, 1f, new RandomKey(key.seed() + 1, key.stream(), key.counter()));
        assertNoCommonValues(a.toArray(), c.toArray());
    }

    private static void assertNoCommonValues(float[] x, float[] y) {
        for (int i = 0; i < x.length; i++) assertFalse(x[i] == y[i], "element " + i + " equal: " + x[i]);
    }

    @Test
    void viewFillEqualsTheSameElementsOfABiggerFill() {
        int n = 1003; // not a multiple of 4
        Tensor big = b.allocate(n);
        b.randomNormal(big, 0f, 1f, key);
        float[] all = big.toArray();
        // a view at a nonzero storage offset, filled from element 8 on: the counter advances by 8 / 4
        Tensor storage = b.allocate(2000);
        Tensor view = storage.view(37, n - 8);
        b.randomNormal(view, 0f, 1f, key.advance(8));
        assertArrayEquals(Arrays.copyOfRange(all, 8, n), view.toArray());
        float[] s = storage.toArray();
        assertEquals(0f, s[36]);
        assertEquals(0f, s[37 + n - 8]);

        // two consecutive fills addressed with advance() give the big fill's first 2 * 40 elements
        Tensor first = b.allocate(40), second = b.allocate(40);
        b.randomNormal(first, 0f, 1f, key);
        b.randomNormal(second, 0f, 1f, key.advance(40));
        assertArrayEquals(Arrays.copyOfRange(all, 0, 40), first.toArray());
        assertArrayEquals(Arrays.copyOfRange(all, 40, 80), second.toArray());
    }

    @Test
    void largeFillEqualsPiecewiseFillsSplitDifferently() {
        // the big fill is split over threads; the pieces (starting at multiples of 4) are split elsewhere
        Tensor big = b.allocate(N);
        b.randomUniform(big, 0f, 1f, key);
        float[] all = big.toArray();
        int[] cuts = {0, 4, 400_004, 400_008, 999_000, N};
        for (int k = 0; k + 1 < cuts.length; k++) {
            Tensor piece = b.allocate(cuts[k + 1] - cuts[k]);
            b.randomUniform(piece, 0f, 1f, key.advance(cuts[k]));
            assertArrayEquals(Arrays.copyOfRange(all, cuts[k], cuts[k + 1]), piece.toArray(), "piece " + k);
        }
    }

    @Test
    void badArgumentsThrowNamingTheOp() {
        Tensor t = b.allocate(5);
        var e1 = assertThrows(IllegalArgumentException.class, () -> b.randomUniform(t, 1f, 0f, key));
        assertTrue(e1.getMessage().contains("randomUniform"), e1.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> b.randomNormal(t, 0f, -1f, key));
        assertTrue(e2.getMessage().contains("randomNormal"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class, () -> b.randomBernoulli(t, 1.5f, key));
        assertTrue(e3.getMessage().contains("randomBernoulli"), e3.getMessage());
    }
}
