package org.latent.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link CpuOptimizer}'s Adam range with the Vector API (jdk.incubator.vector), lane for lane the
 * operations of the scalar loop: each product and sum rounded on its own (no fused multiply-add),
 * the float square root (correctly rounded, as (float) Math.sqrt of a float), the same flush of
 * subnormal moments to zero. So it gives the scalar loop's bits, which CpuOptimizerVectorTest checks.
 *
 * <p>Loaded only when the module is in the boot layer ({@link CpuGemm#VECTOR}). Its species is
 * {@link CpuGemmVector#S}: with the GEMM at 256 bits and this loop at the preferred 512, the
 * loop's vectors were allocated inside E1's step (181 garbage collections in two epochs against 19).
 */
final class CpuOptimizerVector {
    private CpuOptimizerVector() {}

    private static final VectorSpecies<Float> S = CpuGemmVector.S;

    /** Elements [start, end) of Adam's step; the tail that fills no vector runs the scalar loop. */
    static void adamRange(float[] pd, int po, float[] gd, int go, float[] md, int mo, float[] vd, int vo, int start, int end,
                          float beta1, float beta2, float c1, float c2, float stepSize, float sqrtBc2, float eps) {
        int i = start, last = end - S.length();
        for (; i <= last; i += S.length()) {
            FloatVector g = FloatVector.fromArray(S, gd, go + i);
            FloatVector m = FloatVector.fromArray(S, md, mo + i).mul(beta1).add(g.mul(c1));
            FloatVector v = FloatVector.fromArray(S, vd, vo + i).mul(beta2).add(g.mul(g).mul(c2));
            m = flush(m);
            v = flush(v);
            m.intoArray(md, mo + i);
            v.intoArray(vd, vo + i);
            FloatVector p = FloatVector.fromArray(S, pd, po + i);
            p.sub(m.mul(stepSize).div(v.lanewise(VectorOperators.SQRT).div(sqrtBc2).add(eps))).intoArray(pd, po + i);
        }
        CpuOptimizer.adamRange(pd, po, gd, go, md, mo, vd, vo, i, end, beta1, beta2, c1, c2, stepSize, sqrtBc2, eps);
    }

    private static FloatVector flush(FloatVector x) {
        VectorMask<Float> tiny = x.abs().lt(Float.MIN_NORMAL);
        return x.blend(0f, tiny);
    }
}
