package org.latent.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.latent.backend.cpu.CpuBackend;
import org.latent.rng.RandomKey;
import org.latent.tensor.Tensor;

class LatentOpsTest {
    private static final RandomKey KEY = new RandomKey(99, 3, 0);

    @Test
    void interpolationIncludesBothEndsExactly() {
        float[] a = {0.1f, -3.7f, 1e-3f}, b = {2.9f, 0.3f, -5f};
        float[][] path = LatentOps.interpolate(a, b, 5);
        assertEquals(5, path.length);
        assertArrayEquals(a, path[0]);
        assertArrayEquals(b, path[4]);
        for (int j = 0; j < a.length; j++) assertEquals((a[j] + b[j]) / 2, path[2][j], 1e-6f);
        assertArrayEquals(new float[][] {{1}, {2}}, LatentOps.interpolate(new float[] {1}, new float[] {2}, 2));
        assertThrows(IllegalArgumentException.class, () -> LatentOps.interpolate(a, b, 1));
        assertThrows(IllegalArgumentException.class, () -> LatentOps.interpolate(a, new float[2], 3));
    }

    @Test
    void augmentationIsFixedByItsKey() {
        float[][] mu = {{0, 1}, {2, 3}, {4, 5}};
        float[][] sigma = {{0.1f, 0.2f}, {0.3f, 0.4f}, {0.5f, 0.6f}};
        LatentOps.Augmented one = LatentOps.augment(mu, sigma, 7, KEY), two = LatentOps.augment(mu, sigma, 7, KEY);
        assertArrayEquals(one.codes(), two.codes());
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2, 0}, one.sources());
        assertFalse(Arrays.deepEquals(one.codes(), LatentOps.augment(mu, sigma, 7, KEY.advance(14)).codes()));
    }

    @Test
    void noiseIsTheBackendsNormalFillForTheSameKey() {
        CpuBackend cpu = new CpuBackend();
        Tensor eps = cpu.allocate(5, 3);
        cpu.randomNormal(eps, 0f, 1f, KEY);
        float[][] codes = LatentOps.augment(new float[][] {{0, 0, 0}}, 1f, 5, KEY).codes();
        assertArrayEquals(eps.toArray(), flat(codes));
    }

    @Test
    void newCodesAreCentredOnTheirSourcesWithTheGivenSpread() {
        float[][] mu = {{-4, 0, 10}, {1, 2, 3}, {7, -7, 0.5f}};
        float[][] sigma = {{0.5f, 1, 2}, {0.01f, 0.1f, 1}, {3, 0.2f, 0.7f}};
        int perSource = 10_000;
        LatentOps.Augmented aug = LatentOps.augment(mu, sigma, 3 * perSource, KEY);
        double[][] sum = new double[3][3], sumSq = new double[3][3];
        for (int j = 0; j < aug.codes().length; j++) {
            int i = aug.sources()[j];
            for (int c = 0; c < 3; c++) {
                double standardized = (aug.codes()[j][c] - mu[i][c]) / sigma[i][c];
                sum[i][c] += standardized;
                sumSq[i][c] += standardized * standardized;
            }
        }
        // 10,000 standardized draws per coordinate: the mean has standard error 0.01 and the
        // variance 0.014, so 0.05 and 0.07 are 5 standard errors.
        for (int i = 0; i < 3; i++) {
            for (int c = 0; c < 3; c++) {
                double mean = sum[i][c] / perSource;
                assertEquals(0, mean, 0.05);
                assertEquals(1, sumSq[i][c] / perSource - mean * mean, 0.07);
            }
        }
    }

    @Test
    void aZeroScaleCopiesTheSources() {
        float[][] mu = {{1, 2}, {3, 4}};
        assertArrayEquals(new float[][] {{1, 2}, {3, 4}, {1, 2}}, LatentOps.augment(mu, 0f, 3, KEY).codes());
    }

    @Test
    void rowsSplitAFlatArray() {
        assertArrayEquals(new float[][] {{1, 2}, {3, 4}}, LatentOps.rows(new float[] {1, 2, 3, 4}, 2));
        assertThrows(IllegalArgumentException.class, () -> LatentOps.rows(new float[3], 2));
    }

    private static float[] flat(float[][] rows) {
        float[] out = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, out, i * rows[0].length, rows[0].length);
        return out;
    }
}
