package org.latent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;

class CorruptionTest {
    /** A fixed uniform [0, 1) per index (SplitMix64's finalizer), standing in for Philox in these tests. */
    private static final LongToDoubleFunction UNIFORM = i -> {
        long z = (i + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return ((z ^ (z >>> 31)) >>> 11) * 0x1.0p-53;
    };

    private static final int N = 100_000;

    private static float[] binary(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i % 3 == 0 ? 1f : 0f;
        }
        return x;
    }

    @Test
    void flipChangesAboutAFractionPAndLeavesTheInputAlone() {
        float[] x = binary(N);
        float[] before = x.clone();
        float[] y = Corruption.flip(0.1, PixelScale.UNIT, UNIFORM).apply(x);
        assertArrayEquals(before, x);
        int flipped = 0;
        for (int i = 0; i < N; i++) {
            assertTrue(y[i] == x[i] || y[i] == 1 - x[i]);
            if (y[i] != x[i]) {
                flipped++;
                assertTrue(UNIFORM.applyAsDouble(i) < 0.1, "flipped only where uniform(i) < p");
            }
        }
        // Binomial(100000, 0.1): standard deviation 95, so +-1000 is over 10 sigma.
        assertEquals(10_000, flipped, 1000);
        assertArrayEquals(x, Corruption.flip(0, PixelScale.UNIT, UNIFORM).apply(x));
        float[] all = Corruption.flip(1, PixelScale.UNIT, UNIFORM).apply(x);
        for (int i = 0; i < N; i++) {
            assertEquals(1 - x[i], all[i]);
        }
    }

    @Test
    void flipInTheSymmetricRangeNegates() {
        float[] y = Corruption.flip(1, PixelScale.SYMMETRIC, UNIFORM).apply(new float[] {-1, 1, 0.5f});
        assertArrayEquals(new float[] {1, -1, -0.5f}, y);
    }

    @Test
    void saltAndPepperSetsAFractionPToEitherEnd() {
        float[] x = new float[N];
        Arrays.fill(x, 0.5f);
        float[] y = Corruption.saltAndPepper(0.2, PixelScale.UNIT, UNIFORM).apply(x);
        int salt = 0;
        int pepper = 0;
        for (float v : y) {
            if (v == 1f) {
                salt++;
            } else if (v == 0f) {
                pepper++;
            } else {
                assertEquals(0.5f, v);
            }
        }
        // Each Binomial(100000, 0.1), standard deviation 95.
        assertEquals(10_000, salt, 1000);
        assertEquals(10_000, pepper, 1000);
    }

    @Test
    void gaussianAddsSigmaTimesNormalAndClips() {
        LongToDoubleFunction normal = i -> new double[] {0.5, -3, 10, 0}[(int) i];
        float[] y = Corruption.gaussian(0.2, PixelScale.UNIT, normal).apply(new float[] {0.5f, 0.5f, 0.5f, 0.25f});
        assertArrayEquals(new float[] {0.6f, 0f, 1f, 0.25f}, y, 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> Corruption.gaussian(-1, PixelScale.UNIT, normal));
        assertThrows(IllegalArgumentException.class, () -> Corruption.flip(1.5, PixelScale.UNIT, UNIFORM));
    }

    @Test
    void noisyCopiesRepeatEachExampleKTimesCopyMajor() {
        Dataset clean = Dataset.of("c", new float[] {1, 0, 0, 1, 1, 1}, new int[] {7, 8, 9}, 2);
        List<Long> indices = new ArrayList<>();
        Corruption marker = x -> {
            float[] y = x.clone();
            for (int i = 0; i < y.length; i++) {
                indices.add((long) i);
                y[i] += 10 * (i + 1);
            }
            return y;
        };
        NoisyCopies pairs = Corruption.noisyCopies(clean, 5, marker);
        assertEquals(15, pairs.noisy().size());
        assertEquals(15, pairs.clean().size());
        assertEquals(30, indices.size());
        for (int c = 0; c < 5; c++) {
            for (int e = 0; e < 3; e++) {
                int r = c * 3 + e;
                assertEquals(clean.label(e), pairs.noisy().label(r));
                assertEquals(clean.label(e), pairs.clean().label(r));
                for (int j = 0; j < 2; j++) {
                    assertEquals(clean.feature(e, j), pairs.clean().feature(r, j));
                    assertEquals(clean.feature(e, j) + 10 * (r * 2 + j + 1), pairs.noisy().feature(r, j));
                }
            }
        }
    }

    @Test
    void noisyCopiesOfFontsWithFlipNoiseDifferPerCopy() {
        NoisyCopies pairs = Corruption.noisyCopies(Fonts.dataset(2), 5, Corruption.flip(0.1, PixelScale.UNIT, UNIFORM));
        float[] copy0 = new float[35];
        float[] copy1 = new float[35];
        pairs.noisy().copyExamples(0, 1, copy0, 0);
        pairs.noisy().copyExamples(32, 33, copy1, 0);
        assertTrue(!Arrays.equals(copy0, copy1), "two copies of '@' got the same noise");
        assertEquals(0x40, pairs.noisy().label(32));
    }
}
