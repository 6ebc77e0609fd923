package org.latent.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link CpuIm2col}'s short row copies and adds (an output row of 11 or 13 pixels, once per patch
 * element and row) with whole vectors, where a call to System.arraycopy or a loop with a scalar
 * tail costs more than the row. A row's last vector may run past the row up to {@code limit}:
 * the copy leaves there values that the caller overwrites later in the same loop; the add adds
 * +0, which leaves every float's bits as they were except a -0, and sums that start from +0 are
 * never -0. Loaded only when the module is in the boot layer ({@link CpuGemm#VECTOR}).
 *
 * <p>With stride 2 (E6's convolutions) a row's copy reads every other input pixel: the even lanes
 * of two loaded vectors. The scalar loop it replaces took 35-40 % of E6's 4x4 convolutions. The
 * add of stride 2 stays scalar: spread over vectors it ran no faster (rows of 7 or 14 pixels).
 */
final class CpuIm2colVector {
    private CpuIm2colVector() {}

    private static final VectorSpecies<Float> S = CpuGemmVector.S;
    private static final int L = S.length();

    /** Lane i takes lane 2i mod L: the even lanes of a vector into its first half, and into its second. */
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(S, i -> 2 * i % L);
    private static final VectorMask<Float> SECOND_HALF = VectorMask.fromLong(S, -1L << L / 2);

    /** dst[d, d + len) = src[s, s + len); dst may be written up to limit. */
    static void copy(float[] src, int s, float[] dst, int d, int len, int limit) {
        int whole = (len + L - 1) / L * L;
        if (d + whole > limit || s + whole > src.length) {
            System.arraycopy(src, s, dst, d, len);
            return;
        }
        for (int i = 0; i < len; i += L) FloatVector.fromArray(S, src, s + i).intoArray(dst, d + i);
    }

    /** dst[d, d + len) += src[s, s + len); dst[d + len, limit) may receive +0 (see the class comment). */
    static void add(float[] src, int s, float[] dst, int d, int len, int limit) {
        int i = 0;
        for (; i + L <= len; i += L) {
            FloatVector.fromArray(S, dst, d + i).add(FloatVector.fromArray(S, src, s + i)).intoArray(dst, d + i);
        }
        if (i == len) return;
        if (d + i + L > limit || s + i + L > src.length) {
            for (; i < len; i++) dst[d + i] += src[s + i];
            return;
        }
        FloatVector tail = FloatVector.fromArray(S, src, s + i).blend(0f, S.indexInRange(i, len).not());
        FloatVector.fromArray(S, dst, d + i).add(tail).intoArray(dst, d + i);
    }

    /** dst[d + i] = src[s + 2i] for i < len; dst may be written up to limit. */
    static void copyStride2(float[] src, int s, float[] dst, int d, int len, int limit) {
        int whole = (len + L - 1) / L * L;
        if (d + whole > limit || s + 2 * whole > src.length) {
            for (int i = 0; i < len; i++) dst[d + i] = src[s + 2 * i];
            return;
        }
        for (int i = 0; i < len; i += L) {
            FloatVector first = FloatVector.fromArray(S, src, s + 2 * i), second = FloatVector.fromArray(S, src, s + 2 * i + L);
            first.rearrange(EVEN).blend(second.rearrange(EVEN), SECOND_HALF).intoArray(dst, d + i);
        }
    }
}
