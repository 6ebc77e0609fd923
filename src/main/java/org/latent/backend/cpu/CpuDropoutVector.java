package org.latent.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.latent.rng.Philox;

/**
 * {@link CpuDropout}'s mask and product over a run of Philox words with the Vector API: the uniform
 * (word >>> 8) * 2^-24 is exact in float, then the same compare, select and product as the scalar
 * loop, so the same bits. Loaded only when the module is in the boot layer ({@link CpuGemm#VECTOR}).
 */
final class CpuDropoutVector {
    private CpuDropoutVector() {}

    private static final VectorSpecies<Float> S = CpuGemmVector.S;
    private static final VectorSpecies<Integer> I = S.withLanes(int.class);

    /** m[k] = u(words[k]) >= rate ? keep : 0, y[k] = x[k] * m[k] for k in [0, count). */
    static void run(int[] words, float rate, float keep, float[] x, int xo, float[] m, int mo, float[] y, int yo, int count) {
        int k = 0;
        for (int last = count - S.length(); k <= last; k += S.length()) {
            FloatVector u = ((FloatVector) IntVector.fromArray(I, words, k).lanewise(VectorOperators.LSHR, 8)
                    .convert(VectorOperators.I2F, 0)).mul(0x1p-24f);
            FloatVector mask = FloatVector.zero(S).blend(keep, u.compare(VectorOperators.GE, rate));
            mask.intoArray(m, mo + k);
            FloatVector.fromArray(S, x, xo + k).mul(mask).intoArray(y, yo + k);
        }
        for (; k < count; k++) {
            float mk = Philox.uniform(words[k]) >= rate ? keep : 0f;
            m[mo + k] = mk;
            y[yo + k] = x[xo + k] * mk;
        }
    }
}
