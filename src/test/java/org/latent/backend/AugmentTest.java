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
import org.latent.testing.GradCheck;

/**
 * {@link Backend#augmentImages} on the CPU: flips and crops worked out by hand from the Philox words
 * of a fixed key, the same bits for the same key, views, the draws' frequencies and the argument checks.
 *
 * <p>Key K = (seed 42, stream 12 << 32, counter 0). Its blocks 0..4 (image i of a call at counter c
 * uses block c + i) have (checked in {@link #theDrawsOfTheFixedKeyAreTheOnesWorkedWith}):
 * <pre>
 * block  w0's top bit  flipped  ox (P = 1)  oy (P = 1)
 *   0         1          no         2           0
 *   1         1          no         1           2
 *   2         1          no         2           0
 *   3         0          yes        2           0
 *   4         0          yes        1           2
 * </pre>
 */
class AugmentTest {
    private final Backend b = new CpuBackend();
    private static final long STREAM = 12L << 32;
    private static final RandomKey K = new RandomKey(42, STREAM, 0);

    @Test
    void theDrawsOfTheFixedKeyAreTheOnesWorkedWith() {
        int[][] expected = {{1, 2, 0}, {1, 1, 2}, {1, 2, 0}, {0, 2, 0}, {0, 1, 2}};
        int[] w = new int[4];
        for (int blk = 0; blk < expected.length; blk++) {
            Philox.block(K, blk, w);
            // u = (w >>> 8) / 2^24; offset = floor(u * 3), in integers
            int[] got = {w[0] >>> 31, (int) (((w[1] >>> 8) * 3L) >>> 24), (int) (((w[2] >>> 8) * 3L) >>> 24)};
            assertArrayEquals(expected[blk], got, "block " + blk);
            assertEquals(got[1], (int) Math.floor(Philox.uniform(w[1]) * 3.0), "the integer offset is floor(u * 3)");
        }
    }

    private Tensor images(float[] values, int... shape) {
        return b.upload(values, shape);
    }

    @Test
    void flipsOnlyTheImagesWhoseFirstWordHasTopBitZero() {
        // four 1 x 2 x 3 images; image i holds 10 i + [1 2 3; 4 5 6]; only block 3's image flips
        float[] src = new float[4 * 6];
        for (int i = 0; i < 4; i++) for (int k = 0; k < 6; k++) src[i * 6 + k] = 10 * i + k + 1;
        Tensor x = images(src, 4, 1, 2, 3), y = b.allocate(4, 1, 2, 3);
        b.augmentImages(x, y, K, true, 0);
        float[] expected = {
            1, 2, 3, 4, 5, 6,
            11, 12, 13, 14, 15, 16,
            21, 22, 23, 24, 25, 26,
            33, 32, 31, 36, 35, 34};
        assertArrayEquals(expected, y.toArray());
        // without flip and padding the images are copied
        b.augmentImages(x, y, K, false, 0);
        assertArrayEquals(src, y.toArray());
    }

    @Test
    void cropsWithOnePixelOfZeroPadding() {
        // 3 x 3 images [1 2 3; 4 5 6; 7 8 9] and 10 more; padded to 5 x 5, cut at (oy, ox):
        // block 0: ox 2, oy 0 -> out(y, x) = src(y - 1, x + 1); block 1: ox 1, oy 2 -> src(y + 1, x)
        float[] src = {1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19};
        Tensor x = images(src, 2, 1, 3, 3), y = b.allocate(2, 1, 3, 3);
        b.augmentImages(x, y, K, false, 1);
        float[] expected = {
            0, 0, 0,
            2, 3, 0,
            5, 6, 0,

            14, 15, 16,
            17, 18, 19,
            0, 0, 0};
        assertArrayEquals(expected, y.toArray());
        // flip on: blocks 0 and 1 do not flip, so the same result
        b.augmentImages(x, y, K, true, 1);
        assertArrayEquals(expected, y.toArray());
    }

    @Test
    void cropsThenFlipsEveryChannelAlike() {
        // counter 3: the images use blocks 3 (flip, ox 2, oy 0) and 4 (flip, ox 1, oy 2); two channels,
        // the second the negative of the first. Crop, then flip: block 3 crops to [0 0 0; 2 3 0; 5 6 0]
        // and flips to [0 0 0; 0 3 2; 0 6 5]; block 4 crops to [4 5 6; 7 8 9; 0 0 0] and flips to
        // [6 5 4; 9 8 7; 0 0 0].
        float[] one = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] src = new float[36];
        for (int i = 0; i < 2; i++) {
            for (int k = 0; k < 9; k++) {
                src[i * 18 + k] = one[k];
                src[i * 18 + 9 + k] = -one[k];
            }
        }
        Tensor x = images(src, 2, 2, 3, 3), y = b.allocate(2, 2, 3, 3);
        b.augmentImages(x, y, new RandomKey(42, STREAM, 3), true, 1);
        float[] expected = {
            0, 0, 0, 0, 3, 2, 0, 6, 5,
            -0f, -0f, -0f, -0f, -3, -2, -0f, -6, -5,
            6, 5, 4, 9, 8, 7, 0, 0, 0,
            -6, -5, -4, -9, -8, -7, -0f, -0f, -0f};
        // padding is +0.0
        for (int i = 0; i < expected.length; i++) if (expected[i] == 0) expected[i] = 0f;
        assertArrayEquals(expected, y.toArray());
    }

    @Test
    void theSameKeyGivesTheSameBitsAndTheNextKeyOthers() {
        int n = 64;
        Tensor x = b.upload(GradCheck.random(3, n * 3 * 8 * 6, -1, 1), n, 3, 8, 6);
        Tensor y1 = b.allocate(n, 3, 8, 6), y2 = b.allocate(n, 3, 8, 6), y3 = b.allocate(n, 3, 8, 6);
        RandomKey key = new RandomKey(9, STREAM, 77);
        b.augmentImages(x, y1, key, true, 2);
        b.augmentImages(x, y2, key, true, 2);
        assertArrayEquals(y1.toArray(), y2.toArray(), "same key, same bits");
        b.augmentImages(x, y3, key.advance(4L * n), true, 2);
        assertFalse(Arrays.equals(y1.toArray(), y3.toArray()), "the next step's key draws other flips and crops");
    }

    @Test
    void rowViewsWithOffsetsAndOtherRowsUntouched() {
        int n = 6, size = 2 * 4 * 5;
        float[] xs = GradCheck.random(4, n * size, -1, 1);
        Tensor x = b.upload(xs, n, 2, 4, 5), y = b.allocate(n, 2, 4, 5);
        b.augmentImages(x, y, K, true, 1);
        // the same images, as rows 2..7 of a 9-row buffer, written to rows 1..6 of another
        Tensor bigX = b.allocate(n + 3, 2, 4, 5), bigY = b.allocate(n + 2, 2, 4, 5);
        float[] big = new float[(n + 3) * size];
        System.arraycopy(xs, 0, big, 2 * size, n * size);
        b.write(big, bigX);
        b.fill(bigY, 7f);
        b.augmentImages(bigX.rows(2, n), bigY.rows(1, n), K, true, 1);
        assertArrayEquals(y.toArray(), bigY.rows(1, n).toArray());
        float[] all = bigY.toArray();
        for (int i = 0; i < size; i++) assertEquals(7f, all[i], "row before the view");
        for (int i = (n + 1) * size; i < all.length; i++) assertEquals(7f, all[i], "row after the view");
    }

    @Test
    void flipsHalfTheImagesAndCropsUniformly() {
        // 1 x 1 x 2 images [1, 2]: flipped -> [2, 1]. With P = 1 a 1 x 1 image [1] keeps its pixel only
        // when ox = oy = 1 (probability 1/9).
        int n = 40_000;
        float[] two = new float[2 * n];
        for (int i = 0; i < n; i++) {
            two[2 * i] = 1;
            two[2 * i + 1] = 2;
        }
        Tensor x = b.upload(two, n, 1, 1, 2), y = b.allocate(n, 1, 1, 2);
        b.augmentImages(x, y, K, true, 0);
        float[] ys = y.toArray();
        int flipped = 0;
        for (int i = 0; i < n; i++) if (ys[2 * i] == 2) flipped++;
        assertEquals(0.5, flipped / (double) n, 5 * Math.sqrt(0.25 / n));
        float[] ones = new float[n];
        Arrays.fill(ones, 1);
        Tensor p = b.upload(ones, n, 1, 1, 1), q = b.allocate(n, 1, 1, 1);
        b.augmentImages(p, q, K, false, 1);
        int kept = 0;
        for (float v : q.toArray()) if (v == 1) kept++;
        assertEquals(1 / 9.0, kept / (double) n, 5 * Math.sqrt(1 / 9.0 * 8 / 9.0 / n));
    }

    @Test
    void badArgumentsThrowNamingTheOp() {
        Tensor x = b.allocate(2, 1, 3, 3), y = b.allocate(2, 1, 3, 3), other = b.allocate(2, 1, 3, 4), flat = b.allocate(2, 9);
        for (Runnable r : new Runnable[] {
            () -> b.augmentImages(flat, b.allocate(2, 9), K, true, 1),
            () -> b.augmentImages(x, other, K, true, 1),
            () -> b.augmentImages(x, x, K, true, 1),
            () -> b.augmentImages(x, y, K, true, -1)}) {
            var e = assertThrows(IllegalArgumentException.class, r::run);
            assertTrue(e.getMessage().startsWith("augmentImages: "), e.getMessage());
        }
    }
}
