package org.latent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.latent.backend.cuda.GpuTests.CPU;
import static org.latent.backend.cuda.GpuTests.assertParity;
import static org.latent.backend.cuda.GpuTests.gpu;

import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.latent.backend.Backend;
import org.latent.rng.RandomKey;
import org.latent.tensor.Tensor;

/**
 * Philox fills on the GPU against the CPU. Uniform and Bernoulli use only exact conversions and
 * correctly rounded float operations, so they must be bit-identical. Normals go through log, sin
 * and cos in double, where CUDA's functions and Java's StrictMath may differ by an ulp or two in
 * double; after rounding to float that very rarely changes the last bit, so normals get a relative
 * tolerance of 1e-6 and at most one float ulp per value (checked on standard normals, where the
 * fill adds no rounding of its own).
 */
@Tag("gpu")
class RandomParityTest {
    /** Sizes not multiples of 4 (partial last Philox block) and one that spans many thread blocks. */
    private static final int[] SIZES = {1, 2, 3, 5, 7, 1001, 100_003};
    /** Negative longs and counters whose block index carries into the counter's high word. */
    private static final RandomKey[] KEYS = {
        new RandomKey(0, 0, 0),
        new RandomKey(20240607L, 3, 11),
        new RandomKey(-1L, -7L, 0xffff_fff0L),
        new RandomKey(Long.MIN_VALUE, Long.MAX_VALUE, -5L),
        new RandomKey(0x0123_4567_89ab_cdefL, 1L << 33, Long.MAX_VALUE - 2),
    };

    private interface Fill {
        void run(Backend b, Tensor t, RandomKey key);
    }

    /** The fill on a fresh n-element tensor of each backend: {cpu, gpu}. */
    private static float[][] both(int n, RandomKey key, Fill fill) {
        Tensor c = CPU.allocate(n), g = gpu().allocate(n);
        fill.run(CPU, c, key);
        fill.run(gpu(), g, key);
        return new float[][] {c.toArray(), g.toArray()};
    }

    @Test
    void uniformIsBitIdentical() {
        for (int n : SIZES) {
            for (RandomKey key : KEYS) {
                float[][] unit = both(n, key, (b, t, k) -> b.randomUniform(t, 0f, 1f, k));
                assertArrayEquals(unit[0], unit[1], "uniform [0, 1) n=" + n + " " + key);
                float[][] shifted = both(n, key, (b, t, k) -> b.randomUniform(t, -2.5f, 3.1f, k));
                assertArrayEquals(shifted[0], shifted[1], "uniform [-2.5, 3.1) n=" + n + " " + key);
            }
        }
    }

    @Test
    void bernoulliIsBitIdentical() {
        for (int n : SIZES) {
            for (RandomKey key : KEYS) {
                for (float p : new float[] {0f, 0.3f, 0.5f, 1f}) {
                    float[][] r = both(n, key, (b, t, k) -> b.randomBernoulli(t, p, k));
                    assertArrayEquals(r[0], r[1], "bernoulli p=" + p + " n=" + n + " " + key);
                }
            }
        }
    }

    @Test
    void normalMatchesToTheLastBitOrNearly() {
        for (int n : SIZES) {
            for (RandomKey key : KEYS) {
                Tensor c = CPU.allocate(n), g = gpu().allocate(n);
                CPU.randomNormal(c, 0f, 1f, key);
                gpu().randomNormal(g, 0f, 1f, key);
                assertParity("standard normal n=" + n + " " + key, c, g, 1e-6);
                float[] cs = c.toArray(), gs = g.toArray();
                for (int i = 0; i < Math.min(n, 1000); i++) {
                    final int at = i;
                    assertTrue(Math.abs(cs[i] - gs[i]) <= Math.ulp(cs[i]),
                            () -> "standard normal element " + at + ": GPU " + gs[at] + " vs CPU " + cs[at] + " for " + key);
                }
                CPU.randomNormal(c, 1.5f, 0.25f, key);
                gpu().randomNormal(g, 1.5f, 0.25f, key);
                assertParity("normal(1.5, 0.25) n=" + n + " " + key, c, g, 1e-6);
            }
        }
    }

    @Test
    void fillsOfViewsWithOffsetsTouchOnlyTheView() {
        RandomKey key = new RandomKey(99, 4, 1);
        int total = 2000;
        for (int[] view : new int[][] {{3, 1001}, {1, 7}, {1993, 7}, {0, 2000}}) {
            int offset = view[0], n = view[1];
            Tensor c = CPU.allocate(total), g = gpu().allocate(total);
            String what = " view [" + offset + ", " + (offset + n) + ")";
            CPU.randomUniform(c.view(offset, n), -1f, 1f, key);
            gpu().randomUniform(g.view(offset, n), -1f, 1f, key);
            assertArrayEquals(c.toArray(), g.toArray(), "uniform" + what);
            CPU.randomBernoulli(c.view(offset, n), 0.7f, key);
            gpu().randomBernoulli(g.view(offset, n), 0.7f, key);
            assertArrayEquals(c.toArray(), g.toArray(), "bernoulli" + what);
            CPU.randomNormal(c.view(offset, n), 0f, 1f, key);
            gpu().randomNormal(g.view(offset, n), 0f, 1f, key);
            assertParity("normal" + what, c, g, 1e-6);
            float[] rest = g.toArray();
            for (int i = 0; i < total; i++) {
                if (i < offset || i >= offset + n) assertTrue(rest[i] == 0f, "GPU wrote outside" + what + " at " + i);
            }
        }
    }

    @Test
    void streamsAndCountersGiveDifferentNumbersThatStillMatch() {
        int n = 4099;
        RandomKey a = new RandomKey(7, 0, 0), b = a.withStream(1), c = a.advance(n);
        float[][] ra = both(n, a, (be, t, k) -> be.randomUniform(t, 0f, 1f, k));
        float[][] rb = both(n, b, (be, t, k) -> be.randomUniform(t, 0f, 1f, k));
        float[][] rc = both(n, c, (be, t, k) -> be.randomUniform(t, 0f, 1f, k));
        assertArrayEquals(rb[0], rb[1], "stream 1");
        assertArrayEquals(rc[0], rc[1], "advanced counter");
        assertFalse(Arrays.equals(ra[1], rb[1]), "streams 0 and 1 gave the same numbers");
        assertFalse(Arrays.equals(ra[1], rc[1]), "counters 0 and advance(n) gave the same numbers");
    }

    @Test
    void sharedArgumentChecksThrow() {
        Tensor g = gpu().allocate(10);
        RandomKey key = new RandomKey(1, 2, 3);
        assertThrows(IllegalArgumentException.class, () -> gpu().randomNormal(g, 0f, -1f, key));
        assertThrows(IllegalArgumentException.class, () -> gpu().randomBernoulli(g, 1.5f, key));
    }
}
