package org.latent.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Vector API Adam gives the scalar loop's bits, subnormal flushes and odd lengths included. */
class CpuOptimizerVectorTest {

    @Test
    void adamMatchesTheScalarLoopBitForBit() {
        assumeTrue(CpuGemm.VECTOR, "the Vector API is not in this JVM");
        SplittableRandom r = new SplittableRandom(7);
        for (int n : new int[] {1, 7, 8, 15, 16, 17, 63, 1001}) {
            float[] p = new float[n + 3], g = new float[n + 5], m = new float[n + 2], v = new float[n + 4];
            for (int i = 0; i < p.length; i++) p[i] = (float) r.nextGaussian();
            for (int i = 0; i < g.length; i++) {
                // Some gradients tiny or zero, so moments land below Float.MIN_NORMAL and must be flushed alike.
                g[i] = switch (i % 5) {
                    case 0 -> 0f;
                    case 1 -> (float) (r.nextGaussian() * 1e-30);
                    default -> (float) r.nextGaussian();
                };
            }
            for (int i = 0; i < m.length; i++) m[i] = (float) (r.nextGaussian() * (i % 3 == 0 ? 1e-37 : 0.1));
            for (int i = 0; i < v.length; i++) v[i] = (float) (Math.abs(r.nextGaussian()) * (i % 4 == 0 ? 1e-38 : 0.01));
            float[] p2 = p.clone(), m2 = m.clone(), v2 = v.clone();
            float beta1 = 0.9f, beta2 = 0.999f, lr = 1e-3f;
            for (long step = 1; step <= 3; step++) {
                double bc1 = 1 - Math.pow(beta1, step), bc2 = 1 - Math.pow(beta2, step);
                float stepSize = (float) (lr / bc1), sqrtBc2 = (float) Math.sqrt(bc2);
                CpuOptimizer.adamRange(p, 3, g, 5, m, 2, v, 4, 0, n, beta1, beta2, 1f - beta1, 1f - beta2, stepSize, sqrtBc2, 1e-8f);
                CpuOptimizerVector.adamRange(p2, 3, g, 5, m2, 2, v2, 4, 0, n, beta1, beta2, 1f - beta1, 1f - beta2, stepSize, sqrtBc2, 1e-8f);
            }
            assertArrayEquals(p, p2, "parameters, n = " + n);
            assertArrayEquals(m, m2, "first moments, n = " + n);
            assertArrayEquals(v, v2, "second moments, n = " + n);
        }
    }
}
