package org.latent.rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PhiloxTest {

    private static int[] block(int c0, int c1, int c2, int c3, int k0, int k1) {
        int[] out = new int[4];
        Philox.block(c0, c1, c2, c3, k0, k1, out);
        return out;
    }

    /** Known-answer vectors of Random123's kat_vectors for philox4x32, 10 rounds. */
    @Test
    void matchesRandom123KnownAnswers() {
        assertArrayEquals(new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}, block(0, 0, 0, 0, 0, 0));
        assertArrayEquals(new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
                block(-1, -1, -1, -1, -1, -1));
        assertArrayEquals(new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
                block(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0));
    }

    @Test
    void keyAddressingSplitsSeedStreamAndCounterIntoWords() {
        RandomKey key = new RandomKey(0x299f31d0a4093822L, 0x0370734413198a2eL, 0x85a308d3243f6a88L - 5);
        int[] out = new int[4];
        Philox.block(key, 5, out);
        assertArrayEquals(new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}, out);

        // counter + block carries from the low word into the high word, and wraps at 2^64
        RandomKey nearCarry = new RandomKey(7, 9, 0xffffffffL);
        Philox.block(nearCarry, 1, out);
        assertArrayEquals(block(0, 1, 9, 0, 7, 0), out);
        Philox.block(new RandomKey(7, 9, -1L), 1, out);
        assertArrayEquals(block(0, 0, 9, 0, 7, 0), out);
    }

    @Test
    void elementFunctionsPickWordIModFourOfBlockIDivFour() {
        RandomKey key = new RandomKey(42, 3, 100);
        int[] w = new int[4];
        Philox.block(key, 2, w); // elements 8..11
        float[] n = new float[4];
        Philox.normals(w, n, 0, 4);
        for (int k = 0; k < 4; k++) {
            assertEquals(w[k], Philox.word(key, 8 + k));
            assertEquals(Philox.uniform(w[k]), Philox.uniform(key, 8 + k));
            assertEquals(n[k], Philox.normal(key, 8 + k));
        }
    }

    @Test
    void conversionsFollowTheDocumentedFormulas() {
        assertEquals(0f, Philox.uniform(0));
        assertEquals(1f - 0x1p-24f, Philox.uniform(-1));
        assertEquals(0.5f, Philox.uniform(0x80000000));

        // w0 = 0xffffffff gives u1 = 1, r = 0; w0 = 0 gives the largest radius sqrt(48 ln 2)
        float[] n = new float[4];
        Philox.normals(new int[] {-1, 0x40000000, 0, 0}, n, 0, 4);
        assertEquals(0f, n[0], 0f);
        assertEquals(0f, n[1], 0f);
        assertEquals((float) Math.sqrt(48 * Math.log(2)), n[2]);
        assertEquals(0f, n[3]);

        // u2 = 1/4: angle pi/2, so all of the radius goes to the sine
        int w0 = 0x12345678;
        double r = Math.sqrt(-2 * Math.log(((w0 >>> 8) + 1) * 0x1p-24));
        Philox.normals(new int[] {w0, 0x40000000, 0, 0}, n, 0, 2);
        assertEquals(r, n[1], 1e-6 * r);
        assertEquals(0, n[0], 1e-6 * r);
    }

    @Test
    void normalsWritesOnlyTheRequestedCount() {
        float[] out = {9, 9, 9, 9, 9, 9};
        Philox.normals(new int[] {1, 2, 3, 4}, out, 1, 3);
        assertEquals(9f, out[0]);
        assertEquals(9f, out[4]);
        assertNotEquals(9f, out[3]);
    }

    @Test
    void permutationIsADeterministicPermutation() {
        RandomKey key = new RandomKey(1234, 5, 0);
        for (int n : new int[] {0, 1, 2, 7, 1000}) {
            int[] p = Philox.permutation(n, key);
            boolean[] seen = new boolean[n];
            for (int v : p) {
                assertFalse(seen[v], "value " + v + " repeated in permutation of " + n);
                seen[v] = true;
            }
            assertEquals(n, p.length);
            assertArrayEquals(p, Philox.permutation(n, key));
        }
        assertFalse(java.util.Arrays.equals(Philox.permutation(1000, key),
                Philox.permutation(1000, key.withStream(6))));
    }

    @Test
    void permutationSwapsWithTheDocumentedIndices() {
        RandomKey key = new RandomKey(99, 1, 0);
        int n = 9;
        int[] expected = new int[n];
        for (int i = 0; i < n; i++) expected[i] = i;
        for (int i = n - 1, k = 0; i >= 1; i--, k++) {
            long word = Philox.word(key, k) & 0xffffffffL;
            int j = (int) (word * (i + 1) >>> 32);
            int t = expected[i];
            expected[i] = expected[j];
            expected[j] = t;
        }
        assertArrayEquals(expected, Philox.permutation(n, key));
    }

    @Test
    void permutationPositionsAreRoughlyUniform() {
        // where element 0 lands over 4000 permutations of 5: each position expects 800, sd ~25
        int[] counts = new int[5];
        for (int s = 0; s < 4000; s++) {
            int[] p = Philox.permutation(5, new RandomKey(7, s, 0));
            for (int i = 0; i < 5; i++) if (p[i] == 0) counts[i]++;
        }
        for (int c : counts) assertTrue(Math.abs(c - 800) < 125, "position counts " + java.util.Arrays.toString(counts));
    }

    @Test
    void negativePermutationSizeThrows() {
        var e = assertThrows(IllegalArgumentException.class, () -> Philox.permutation(-1, new RandomKey(0, 0, 0)));
        assertTrue(e.getMessage().contains("permutation"));
    }
}
