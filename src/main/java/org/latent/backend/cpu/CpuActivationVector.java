package org.latent.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link CpuActivation}'s dense rows with a bias (identity, ReLU, leaky ReLU) with the Vector API,
 * lane for lane the scalar loops' operations (one float add, Math.max or the compare and select),
 * so the same bits (CpuActivationDenseTest, CpuActivationSpatialTest). Loaded only when the module is in the boot layer
 * ({@link CpuGemm#VECTOR}).
 *
 * <p>The species is {@link CpuGemmVector#S}, the one every Vector API kernel here uses: with two
 * vector sizes in one JVM, C2 allocated the vectors of the smaller kernels inside E1's step
 * (181 garbage collections in two epochs against 19; see bench/results/cpu-elementwise).
 */
final class CpuActivationVector {
    private CpuActivationVector() {}

    private static final VectorSpecies<Float> S = CpuGemmVector.S;

    /** y = max(x + bias, 0) along a row of c. */
    static void reluRow(float[] x, int xo, float[] bias, int bo, float[] y, int yo, int c) {
        int k = 0;
        for (int last = c - S.length(); k <= last; k += S.length()) {
            FloatVector z = FloatVector.fromArray(S, x, xo + k).add(FloatVector.fromArray(S, bias, bo + k));
            z.lanewise(VectorOperators.MAX, 0f).intoArray(y, yo + k);
        }
        for (; k < c; k++) y[yo + k] = Math.max(x[xo + k] + bias[bo + k], 0f);
    }

    /** y = x + bias > 0 ? x + bias : a (x + bias) along a row of c. */
    static void leakyRow(float a, float[] x, int xo, float[] bias, int bo, float[] y, int yo, int c) {
        int k = 0;
        for (int last = c - S.length(); k <= last; k += S.length()) {
            FloatVector z = FloatVector.fromArray(S, x, xo + k).add(FloatVector.fromArray(S, bias, bo + k));
            z.mul(a).blend(z, z.compare(VectorOperators.GT, 0f)).intoArray(y, yo + k);
        }
        for (; k < c; k++) {
            float z = x[xo + k] + bias[bo + k];
            y[yo + k] = z > 0 ? z : a * z;
        }
    }

    /** y = x + bias along a row of c. */
    static void identityRow(float[] x, int xo, float[] bias, int bo, float[] y, int yo, int c) {
        int k = 0;
        for (int last = c - S.length(); k <= last; k += S.length()) {
            FloatVector.fromArray(S, x, xo + k).add(FloatVector.fromArray(S, bias, bo + k)).intoArray(y, yo + k);
        }
        for (; k < c; k++) y[yo + k] = x[xo + k] + bias[bo + k];
    }

    /** dx = x + bias > 0 ? dy : 0 (ReLU) or dy * a (leaky, a = slope) along a row of c; dx may be dy. */
    static void reluBackwardRow(boolean leaky, float a, float[] x, int xo, float[] bias, int bo, float[] dy, int dyo,
                                float[] dx, int dxo, int c) {
        int k = 0;
        for (int last = c - S.length(); k <= last; k += S.length()) {
            FloatVector z = FloatVector.fromArray(S, x, xo + k).add(FloatVector.fromArray(S, bias, bo + k));
            VectorMask<Float> on = z.compare(VectorOperators.GT, 0f);
            FloatVector d = FloatVector.fromArray(S, dy, dyo + k);
            FloatVector off = leaky ? d.mul(a) : FloatVector.zero(S);
            off.blend(d, on).intoArray(dx, dxo + k);
        }
        for (; k < c; k++) {
            float d = dy[dyo + k];
            dx[dxo + k] = x[xo + k] + bias[bo + k] > 0 ? d : leaky ? a * d : 0f;
        }
    }

    /** y = max(x + b, 0) along a run of len with one bias (a channel's spatial positions). */
    static void reluRun(float[] x, int xo, float b, float[] y, int yo, int len) {
        int k = 0;
        for (int last = len - S.length(); k <= last; k += S.length()) {
            FloatVector.fromArray(S, x, xo + k).add(b).lanewise(VectorOperators.MAX, 0f).intoArray(y, yo + k);
        }
        for (; k < len; k++) y[yo + k] = Math.max(x[xo + k] + b, 0f);
    }

    /** y = x + b > 0 ? x + b : a (x + b) along a run of len with one bias and one slope. */
    static void leakyRun(float a, float[] x, int xo, float b, float[] y, int yo, int len) {
        int k = 0;
        for (int last = len - S.length(); k <= last; k += S.length()) {
            FloatVector z = FloatVector.fromArray(S, x, xo + k).add(b);
            z.mul(a).blend(z, z.compare(VectorOperators.GT, 0f)).intoArray(y, yo + k);
        }
        for (; k < len; k++) {
            float z = x[xo + k] + b;
            y[yo + k] = z > 0 ? z : a * z;
        }
    }

    /** dx = x + b > 0 ? dy : 0 (ReLU) or a dy (leaky) along a run of len with one bias; dx may be dy. */
    static void reluBackwardRun(boolean leaky, float a, float[] x, int xo, float b, float[] dy, int dyo, float[] dx, int dxo,
                                int len) {
        int k = 0;
        for (int last = len - S.length(); k <= last; k += S.length()) {
            VectorMask<Float> on = FloatVector.fromArray(S, x, xo + k).add(b).compare(VectorOperators.GT, 0f);
            FloatVector d = FloatVector.fromArray(S, dy, dyo + k);
            FloatVector off = leaky ? d.mul(a) : FloatVector.zero(S);
            off.blend(d, on).intoArray(dx, dxo + k);
        }
        for (; k < len; k++) {
            float d = dy[dyo + k];
            dx[dxo + k] = x[xo + k] + b > 0 ? d : leaky ? a * d : 0f;
        }
    }
}
