package org.latent.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Adam's update with the Vector API: the same float operations as {@link CpuOptimizer}'s scalar
 * loop, in the same order, each rounded once (the Vector API never fuses a multiply and an add
 * unless asked, and its square root is IEEE's, as is the double square root rounded to float), so
 * the bits are the scalar loop's (CpuOptimizerVectorTest). Loaded only when CpuGemm.VECTOR is on.
 */
final class CpuOptimizerVector {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private CpuOptimizerVector() {}

    /** Elements [start, end) of Adam's step; see {@link CpuOptimizer#adamRange} for the scalar twin. */
    static void adamRange(float[] pd, int po, float[] gd, int go, float[] md, int mo, float[] vd, int vo, int start, int end,
                          float beta1, float beta2, float c1, float c2, float stepSize, float sqrtBc2, float eps) {
        FloatVector b1 = FloatVector.broadcast(S, beta1), b2 = FloatVector.broadcast(S, beta2), k1 = FloatVector.broadcast(S, c1),
                k2 = FloatVector.broadcast(S, c2), step = FloatVector.broadcast(S, stepSize), bc = FloatVector.broadcast(S, sqrtBc2),
                e = FloatVector.broadcast(S, eps), zero = FloatVector.zero(S);
        int i = start, bound = start + S.loopBound(end - start);
        for (; i < bound; i += S.length()) {
            FloatVector g = FloatVector.fromArray(S, gd, go + i);
            FloatVector m = b1.mul(FloatVector.fromArray(S, md, mo + i)).add(k1.mul(g));
            m = m.blend(zero, m.abs().compare(VectorOperators.LT, Float.MIN_NORMAL));
            FloatVector v = b2.mul(FloatVector.fromArray(S, vd, vo + i)).add(k2.mul(g.mul(g)));
            v = v.blend(zero, v.abs().compare(VectorOperators.LT, Float.MIN_NORMAL));
            m.intoArray(md, mo + i);
            v.intoArray(vd, vo + i);
            FloatVector p = FloatVector.fromArray(S, pd, po + i);
            p.sub(step.mul(m).div(v.sqrt().div(bc).add(e))).intoArray(pd, po + i);
        }
        CpuOptimizer.adamRange(pd, po, gd, go, md, mo, vd, vo, i, end, beta1, beta2, c1, c2, stepSize, sqrtBc2, eps);
    }
}
