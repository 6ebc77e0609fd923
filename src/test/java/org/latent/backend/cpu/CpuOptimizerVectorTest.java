package org.latent.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Vector API Adam range (CpuOptimizerVector) gives the scalar loop's bits: parameters and both
 * moments, over lengths that leave every tail, offsets into larger arrays, gradients from zero to
 * huge, moments that decay into the subnormal range (flushed to zero) and bias corrections of early
 * and late steps. Runs only where the JVM has the module jdk.incubator.vector.
 */
class CpuOptimizerVectorTest {
    @Test
    void adamRangeMatchesTheScalarLoopBitForBit() {
        assumeTrue(CpuGemm.VECTOR, "jdk.incubator.vector is not in the boot layer");
        Random r = new Random(20261207);
        int flushed = 0;
        for (int length : new int[] {1, 7, 15, 16, 17, 33, 64, 1000, 4099}) {
            for (long step : new long[] {1, 2, 10, 5000}) {
                for (float beta1 : new float[] {0.9f, 0.5f}) {
                    int off = r.nextInt(5), n = length + off + 3;
                    float[] p = new float[n], g = new float[n], m = new float[n], v = new float[n];
                    for (int i = 0; i < n; i++) {
                        p[i] = (float) r.nextGaussian();
                        g[i] = switch (i % 5) {
                            case 0 -> 0f;
                            case 1 -> (float) r.nextGaussian() * 1e-20f;
                            case 2 -> (float) r.nextGaussian() * 1e10f;
                            default -> (float) r.nextGaussian();
                        };
                        m[i] = i % 7 == 0 ? Float.MIN_NORMAL * 1.05f : (float) r.nextGaussian() * 0.01f;
                        v[i] = i % 6 == 0 ? Float.MIN_NORMAL * 1.0005f : Math.abs((float) r.nextGaussian()) * 1e-4f;
                    }
                    float[] p2 = p.clone(), m2 = m.clone(), v2 = v.clone();
                    float beta2 = 0.999f, eps = 1e-8f, lr = 1e-3f;
                    double bc1 = 1 - Math.pow(beta1, step), bc2 = 1 - Math.pow(beta2, step);
                    float stepSize = (float) (lr / bc1), sqrtBc2 = (float) Math.sqrt(bc2);
                    CpuOptimizer.adamRange(p, 0, g, 0, m, 0, v, 0, off, off + length, beta1, beta2, 1 - beta1, 1 - beta2,
                            stepSize, sqrtBc2, eps);
                    CpuOptimizerVector.adamRange(p2, 0, g, 0, m2, 0, v2, 0, off, off + length, beta1, beta2, 1 - beta1,
                            1 - beta2, stepSize, sqrtBc2, eps);
                    for (int i = 0; i < n; i++) {
                        String at = "length " + length + " step " + step + " element " + i;
                        assertEquals(Float.floatToRawIntBits(p[i]), Float.floatToRawIntBits(p2[i]), "p, " + at);
                        assertEquals(Float.floatToRawIntBits(m[i]), Float.floatToRawIntBits(m2[i]), "m, " + at);
                        assertEquals(Float.floatToRawIntBits(v[i]), Float.floatToRawIntBits(v2[i]), "v, " + at);
                        if (i >= off && i < off + length && (m[i] == 0f && g[i] != 0f || v[i] == 0f && g[i] != 0f)) flushed++;
                    }
                }
            }
        }
        assertEquals(true, flushed > 0, "some moments must have been flushed for the test to cover the flush");
    }
}
