package org.latent.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.latent.backend.Activation;

/**
 * Bias + identity, ReLU or leaky ReLU over dense rows [n, c] with the Vector API, the bias
 * broadcast along each row: the same float operations as CpuActivation's element loops (z = x + b,
 * Math.max(z, 0), z > 0 ? z : a z, and their derivatives from z), so the same bits
 * (CpuActivationDenseTest). Loaded only when CpuGemm.VECTOR is on.
 */
final class CpuActivationVector {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private CpuActivationVector() {}

    /** Whether {@link #forwardRow} and {@link #backwardRow} take this activation. */
    static boolean handles(Activation act) {
        return act == Activation.IDENTITY || act == Activation.RELU || act == Activation.LEAKY_RELU;
    }

    /** y[yo + k] = act(x[xo + k] + bias[bo + k]) for k in [0, c); bias may be null (zero). */
    static void forwardRow(Activation act, float a, float[] x, int xo, float[] bias, int bo, float[] y, int yo, int c) {
        FloatVector zero = FloatVector.zero(S), slope = FloatVector.broadcast(S, a);
        int k = 0;
        for (int bound = S.loopBound(c); k < bound; k += S.length()) {
            FloatVector z = FloatVector.fromArray(S, x, xo + k);
            if (bias != null) z = z.add(FloatVector.fromArray(S, bias, bo + k));
            FloatVector out = switch (act) {
                case RELU -> z.max(zero);
                case LEAKY_RELU -> slope.mul(z).blend(z, z.compare(VectorOperators.GT, 0f));
                default -> z;
            };
            out.intoArray(y, yo + k);
        }
        for (; k < c; k++) {
            float z = x[xo + k] + (bias == null ? 0f : bias[bo + k]);
            y[yo + k] = switch (act) {
                case RELU -> Math.max(z, 0f);
                case LEAKY_RELU -> z > 0 ? z : a * z;
                default -> z;
            };
        }
    }

    /** dx[dxo + k] = dy[dyo + k] * act'(x[xo + k] + bias[bo + k]); dx may be dy. */
    static void backwardRow(Activation act, float a, float[] x, int xo, float[] bias, int bo, float[] dy, int dyo, float[] dx,
                            int dxo, int c) {
        FloatVector zero = FloatVector.zero(S), slope = FloatVector.broadcast(S, a);
        int k = 0;
        for (int bound = S.loopBound(c); k < bound; k += S.length()) {
            FloatVector g = FloatVector.fromArray(S, dy, dyo + k);
            if (act != Activation.IDENTITY) {
                FloatVector z = FloatVector.fromArray(S, x, xo + k);
                if (bias != null) z = z.add(FloatVector.fromArray(S, bias, bo + k));
                VectorMask<Float> positive = z.compare(VectorOperators.GT, 0f);
                g = act == Activation.RELU ? zero.blend(g, positive) : slope.mul(g).blend(g, positive);
            }
            g.intoArray(dx, dxo + k);
        }
        for (; k < c; k++) {
            float z = x[xo + k] + (bias == null ? 0f : bias[bo + k]), d = dy[dyo + k];
            dx[dxo + k] = switch (act) {
                case RELU -> z > 0 ? d : 0f;
                case LEAKY_RELU -> z > 0 ? d : a * d;
                default -> d;
            };
        }
    }
}
