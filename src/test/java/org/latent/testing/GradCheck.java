package org.latent.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.latent.backend.cpu.CpuTensor;
import org.latent.tensor.Tensor;

/**
 * Finite-difference gradient checks. The ops store float32, so each check perturbs one float
 * element, uses the perturbation that the float actually received (fl(x + h) - x, exact in
 * double), and forms central differences and all comparisons in double precision.
 *
 * <p>Typical use: objective = sum_i r_i * y_i for fixed random r, so the analytic gradient is the
 * op's backward with dy = r.
 */
public final class GradCheck {
    private GradCheck() {}

    /** d(objective)/d(t[i]) for every element of t by central differences. */
    public static double[] numeric(Tensor t, DoubleSupplier objective, double h) {
        CpuTensor c = (CpuTensor) t;
        double[] g = new double[c.size()];
        for (int i = 0; i < c.size(); i++) {
            int at = c.offset + i;
            float orig = c.data[at];
            float up = (float) (orig + h), down = (float) (orig - h);
            c.data[at] = up;
            double fUp = objective.getAsDouble();
            c.data[at] = down;
            double fDown = objective.getAsDouble();
            c.data[at] = orig;
            g[i] = (fUp - fDown) / ((double) up - (double) down);
        }
        return g;
    }

    /** ‖analytic − numeric‖ / max(‖numeric‖, 1e-12) ≤ relTol, with the worst element in the message. */
    public static void assertClose(String what, double[] numeric, float[] analytic, double relTol) {
        double diff = 0, norm = 0, worst = -1;
        int at = -1;
        for (int i = 0; i < numeric.length; i++) {
            double d = analytic[i] - numeric[i];
            diff += d * d;
            norm += numeric[i] * numeric[i];
            if (Math.abs(d) > worst) {
                worst = Math.abs(d);
                at = i;
            }
        }
        double numericNorm = Math.sqrt(norm), rel = Math.sqrt(diff) / Math.max(numericNorm, 1e-12);
        final int w = at;
        assertTrue(rel <= relTol && numericNorm > 0, () -> what + ": relative error " + rel + " > " + relTol
                + " (|numeric| = " + numericNorm + "; worst element " + w + ": analytic "
                + (w >= 0 ? analytic[w] : Double.NaN) + " vs numeric " + (w >= 0 ? numeric[w] : Double.NaN) + ")");
    }

    public static float[] random(long seed, int n, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (lo + (hi - lo) * r.nextDouble());
        return a;
    }

    /** sum_i r_i * y_i in double. */
    public static double dot(Tensor y, float[] r) {
        float[] v = y.toArray();
        double s = 0;
        for (int i = 0; i < v.length; i++) s += (double) v[i] * r[i];
        return s;
    }

    /** ‖a − b‖ / ‖b‖ in double. */
    public static double relativeError(float[] a, float[] b) {
        double diff = 0, norm = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            diff += d * d;
            norm += (double) b[i] * b[i];
        }
        return Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-30);
    }
}
