package org.latent.backend.cpu;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.latent.rng.RandomKey;

/**
 * Philox4x32-10 blocks with the Vector API, several blocks per vector: each 32-bit word lives in
 * the low half of a 64-bit lane, so that the round's 32 x 32 -> 64-bit products are plain lane
 * multiplications. Integer arithmetic only, so the words are exactly {@link org.latent.rng.Philox#block}'s
 * (CpuPhiloxVectorTest). Loaded only when the module is in the boot layer ({@link CpuGemm#VECTOR}).
 */
final class CpuPhiloxVector {
    private CpuPhiloxVector() {}

    /** As wide as {@link CpuGemmVector#S} (one vector size in the JVM): 4 blocks per vector at 256 bits, 8 at 512. */
    private static final VectorSpecies<Long> L = CpuGemmVector.S.withLanes(long.class);
    private static final long LOW = 0xffffffffL, M0 = 0xD2511F53L, M1 = 0xCD9E8D57L;
    private static final int W0 = 0x9E3779B9, W1 = 0xBB67AE85;
    private static final long[] IOTA = new long[L.length()];

    static {
        for (int i = 0; i < IOTA.length; i++) IOTA[i] = i;
    }

    /** The lanes' blocks as longs, one array per word, reused by each thread. */
    private static final ThreadLocal<long[]> LANES = ThreadLocal.withInitial(() -> new long[4 * L.length()]);

    /**
     * The words of blocks [first, first + done) of a fill with key, block j's four words at
     * out[4 j .. 4 j + 3] (j counted from first); done, returned, is count rounded down to whole
     * vectors (the caller draws the rest with Philox.block).
     */
    static int blocks(RandomKey key, long first, int count, int[] out) {
        long[] lanes = LANES.get();
        int n = L.length(), j = 0;
        int k0 = (int) key.seed(), k1 = (int) (key.seed() >>> 32);
        long s0 = key.stream() & LOW, s1 = key.stream() >>> 32;
        LongVector iota = LongVector.fromArray(L, IOTA, 0);
        for (; j + n <= count; j += n) {
            LongVector ctr = iota.add(key.counter() + first + j);
            LongVector c0 = ctr.and(LOW), c1 = ctr.lanewise(VectorOperators.LSHR, 32);
            LongVector c2 = LongVector.broadcast(L, s0), c3 = LongVector.broadcast(L, s1);
            int r0 = k0, r1 = k1;
            for (int round = 0; round < 10; round++) {
                if (round > 0) {
                    r0 += W0;
                    r1 += W1;
                }
                LongVector p0 = c0.mul(M0), p1 = c2.mul(M1);
                LongVector next0 = p1.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, c1).lanewise(
                        VectorOperators.XOR, r0 & LOW);
                LongVector next2 = p0.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, c3).lanewise(
                        VectorOperators.XOR, r1 & LOW);
                c1 = p1.and(LOW);
                c3 = p0.and(LOW);
                c0 = next0;
                c2 = next2;
            }
            c0.intoArray(lanes, 0);
            c1.intoArray(lanes, n);
            c2.intoArray(lanes, 2 * n);
            c3.intoArray(lanes, 3 * n);
            for (int b = 0; b < n; b++) {
                int at = 4 * (j + b);
                out[at] = (int) lanes[b];
                out[at + 1] = (int) lanes[n + b];
                out[at + 2] = (int) lanes[2 * n + b];
                out[at + 3] = (int) lanes[3 * n + b];
            }
        }
        return j;
    }
}
