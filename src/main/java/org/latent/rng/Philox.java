package org.latent.rng;

/**
 * Philox4x32-10, the counter-based generator of Salmon, Moraes, Dror and Shaw, "Parallel random
 * numbers: as easy as 1, 2, 3" (SC'11), as in Random123: a 128-bit counter and a 64-bit key map
 * to 128 random bits in 10 rounds. The CUDA kernels implement exactly the same addressing and
 * conversions, so both backends draw the same numbers.
 *
 * <h2>Addressing</h2>
 * A fill with {@code RandomKey(seed, stream, counter)} gives element {@code i} (0-based, counted
 * within the tensor, views included) word {@code i % 4} of the block with
 * <pre>
 *   counter words = (lo32(counter + i / 4), hi32(counter + i / 4), lo32(stream), hi32(stream))
 *   key words     = (lo32(seed), hi32(seed))
 * </pre>
 * where {@code counter + i / 4} is a 64-bit sum that wraps. Words are unsigned 32-bit integers
 * (Java ints read as unsigned).
 *
 * <h2>Conversions</h2>
 * <ul>
 * <li>Uniform in [0, 1): {@code (word >>> 8) * 2^-24} (exact in float).</li>
 * <li>Normal: Box-Muller on the block's word pairs (w0, w1) and (w2, w3), in double precision:
 *     {@code u1 = ((w0 >>> 8) + 1) * 2^-24} in (0, 1], {@code u2 = (w1 >>> 8) * 2^-24},
 *     {@code r = sqrt(-2 ln u1)}, {@code a = TWO_PI * u2} with TWO_PI the double 6.283185307179586,
 *     {@code n0 = r cos a}, {@code n1 = r sin a} (n2, n3 likewise from w2, w3), each rounded to
 *     float. Element i takes {@code n_(i % 4)}.</li>
 * <li>Bernoulli(p): 1 if the element's uniform is {@code < p}, else 0.</li>
 * <li>Uniform 32-bit integer: the word itself (see {@link #permutation}).</li>
 * </ul>
 * The backend fills then compute {@code lo + (hi - lo) * u} and {@code mean + std * n} in float
 * with one rounding per operation (on CUDA: __fsub_rn / __fmul_rn / __fadd_rn, no fused
 * multiply-add); dropout keeps element i with scale {@code 1f / (1f - rate)} when its uniform is
 * {@code >= rate}.
 *
 * The transcendental functions come from {@link StrictMath}, so results do not depend on the JVM,
 * its JIT or the platform; CUDA's double-precision log/sqrt/sin/cos are within an ulp or two in
 * double, which almost never changes the float result.
 */
public final class Philox {
    private Philox() {}

    private static final int M0 = 0xD2511F53, M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9, W1 = 0xBB67AE85;
    private static final double TWO_PI = 2 * Math.PI;
    private static final float INV_2_24 = 0x1p-24f;

    /**
     * One Philox4x32-10 block: counter words (c0, c1, c2, c3) and key words (k0, k1) to four
     * output words, written to {@code out[0..3]}.
     */
    public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
        for (int round = 0; round < 10; round++) {
            if (round > 0) {
                k0 += W0;
                k1 += W1;
            }
            long p0 = (M0 & 0xffffffffL) * (c0 & 0xffffffffL);
            long p1 = (M1 & 0xffffffffL) * (c2 & 0xffffffffL);
            int hi0 = (int) (p0 >>> 32), lo0 = (int) p0;
            int hi1 = (int) (p1 >>> 32), lo1 = (int) p1;
            c0 = hi1 ^ c1 ^ k0;
            c1 = lo1;
            c2 = hi0 ^ c3 ^ k1;
            c3 = lo0;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }

    /** Block {@code b} of a fill with {@code key}: the words of its elements [4b, 4b + 4). */
    public static void block(RandomKey key, long b, int[] out) {
        long ctr = key.counter() + b;
        block((int) ctr, (int) (ctr >>> 32), (int) key.stream(), (int) (key.stream() >>> 32),
                (int) key.seed(), (int) (key.seed() >>> 32), out);
    }

    /** A word as a uniform float in [0, 1). */
    public static float uniform(int word) {
        return (word >>> 8) * INV_2_24;
    }

    /**
     * The block's Box-Muller normals n_0 .. n_(count-1) (count ≤ 4), written to
     * {@code out[at, at + count)}.
     */
    public static void normals(int[] words, float[] out, int at, int count) {
        for (int k = 0; k < count; k += 2) {
            double u1 = ((words[k] >>> 8) + 1) * 0x1p-24;
            double u2 = (words[k + 1] >>> 8) * 0x1p-24;
            double r = StrictMath.sqrt(-2 * StrictMath.log(u1));
            double a = TWO_PI * u2;
            out[at + k] = (float) (r * StrictMath.cos(a));
            if (k + 1 < count) out[at + k + 1] = (float) (r * StrictMath.sin(a));
        }
    }

    /** The 32-bit word of element {@code i} of a fill with {@code key}. */
    public static int word(RandomKey key, long i) {
        int[] w = new int[4];
        block(key, i >>> 2, w);
        return w[(int) (i & 3)];
    }

    /** Element {@code i} of a uniform [0, 1) fill with {@code key}. */
    public static float uniform(RandomKey key, long i) {
        return uniform(word(key, i));
    }

    /** Element {@code i} of a standard normal fill with {@code key}. */
    public static float normal(RandomKey key, long i) {
        int[] w = new int[4];
        block(key, i >>> 2, w);
        float[] n = new float[4];
        normals(w, n, 0, 4);
        return n[(int) (i & 3)];
    }

    /**
     * A uniformly random permutation of [0, n) by Fisher-Yates: for i = n-1 down to 1, swap
     * element i with element j = floor(word * (i + 1) / 2^32), where word is the unsigned word
     * of element n-1-i of a fill with {@code key} (so the k-th swap uses word k). The bias of this
     * multiply-shift reduction is below (i + 1) / 2^32.
     */
    public static int[] permutation(int n, RandomKey key) {
        if (n < 0) throw new IllegalArgumentException("permutation: n " + n + " is negative");
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        int[] w = new int[4];
        for (int i = n - 1, k = 0; i >= 1; i--, k++) {
            if ((k & 3) == 0) block(key, k >>> 2, w);
            int j = (int) (((w[k & 3] & 0xffffffffL) * (i + 1)) >>> 32);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
