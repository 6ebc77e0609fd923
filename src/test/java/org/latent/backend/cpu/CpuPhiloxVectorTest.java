package org.latent.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.latent.rng.Philox;
import org.latent.rng.RandomKey;
import org.latent.tensor.Tensor;

/**
 * The Vector API Philox blocks are Philox.block's words, for seeds and streams with both halves
 * set and counters that carry into the high word or wrap past 2^64; and the fills built on them
 * (dropout, uniform, Bernoulli) give element i the word of element i at any size.
 */
class CpuPhiloxVectorTest {
    private static final RandomKey[] KEYS = {
        new RandomKey(1, 7, 0), new RandomKey(0x123456789abcdefL, 12L << 32 | 5, 0xfffffffeL),
        new RandomKey(-1L, -1L, -3L), new RandomKey(42, 0, Long.MAX_VALUE - 1),
    };

    @Test
    void vectorBlocksAreTheScalarBlocks() {
        assumeTrue(CpuGemm.VECTOR, "jdk.incubator.vector is not in the boot layer");
        int[] out = new int[4 * 37], one = new int[4];
        for (RandomKey key : KEYS) {
            for (long first : new long[] {0, 1, 5, 0xffffffffL - 2}) {
                int done = CpuPhiloxVector.blocks(key, first, 37, out);
                assertEquals(true, done >= 32 && done <= 37, "blocks done " + done);
                for (int j = 0; j < done; j++) {
                    Philox.block(key, first + j, one);
                    for (int w = 0; w < 4; w++) assertEquals(one[w], out[4 * j + w], key + " block " + (first + j) + " word " + w);
                }
            }
        }
    }

    @Test
    void fillsGiveEachElementItsOwnWord() {
        CpuBackend b = new CpuBackend();
        for (RandomKey key : KEYS) {
            for (int n : new int[] {1, 3, 4, 255, 256, 257, 1001, 70_003}) {
                Tensor x = b.allocate(n), mask = b.allocate(n), y = b.allocate(n), u = b.allocate(n), bern = b.allocate(n);
                float[] ones = new float[n];
                java.util.Arrays.fill(ones, 3f);
                b.write(ones, x);
                b.dropoutForward(x, 0.25f, key, mask, y);
                b.randomUniform(u, -1f, 2f, key);
                b.randomBernoulli(bern, 0.3f, key);
                float[] m = mask.toArray(), yv = y.toArray(), uv = u.toArray(), bv = bern.toArray();
                float keep = 1f / (1f - 0.25f);
                for (int i = 0; i < n; i++) {
                    float ui = Philox.uniform(key, i);
                    assertEquals(ui >= 0.25f ? keep : 0f, m[i], "dropout mask " + i + " of " + n);
                    assertEquals(3f * m[i], yv[i], "dropout y " + i);
                    assertEquals(-1f + 3f * ui, uv[i], "uniform " + i);
                    assertEquals(ui < 0.3f ? 1f : 0f, bv[i], "bernoulli " + i);
                }
            }
        }
    }
}
