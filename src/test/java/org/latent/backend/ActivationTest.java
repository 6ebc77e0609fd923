package org.latent.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latent.backend.cpu.CpuBackend;
import org.latent.tensor.Shapes;
import org.latent.tensor.Tensor;
import org.latent.testing.GradCheck;

class ActivationTest {
    private final Backend be = new CpuBackend();

    /** Leaky ReLU slope and ELU scale; not 1, so a dropped alpha would show. */
    private static final float ALPHA = 0.3f;

    /** Shapes [N, C] and [N, C, ...] with no dimension a multiple of 8. */
    private static final int[][] SHAPES = {{3, 5}, {2, 3, 7}, {2, 5, 3, 3}};

    /*
     * Central differences with h = 1e-2 on float32 ops: the truncation error h^2/6 * |f'''| is at
     * most ~6e-4 absolute for exp at z = 3.5 (f' = 33), ~3e-5 relative elsewhere; the rounding of
     * each float output contributes ~ulp(y)/(2h) ~ 1e-5 relative. Observed errors are below 1e-4,
     * so 1e-3 leaves room without hiding a wrong derivative (those give errors of order 1).
     * Inputs are re-drawn until z = x + bias is at least MARGIN > h from every kink, so no
     * perturbation crosses one.
     */
    private static final double H = 1e-2, TOL = 1e-3, MARGIN = 0.05;

    @ParameterizedTest
    @EnumSource(Activation.class)
    void gradientsWithoutBias(Activation act) {
        for (int k = 0; k < SHAPES.length; k++) checkGradients(act, SHAPES[k], false, 100 + k);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void gradientsWithBias(Activation act) {
        for (int k = 0; k < SHAPES.length; k++) checkGradients(act, SHAPES[k], true, 200 + k);
    }

    private void checkGradients(Activation act, int[] shape, boolean withBias, long seed) {
        int c = shape[1];
        Tensor bias = withBias ? be.upload(GradCheck.random(seed + 1, c, -0.5, 0.5), c) : null;
        Tensor slope = act == Activation.PRELU ? be.upload(GradCheck.random(seed + 2, c, 0.05, 0.6), c) : null;
        Tensor x = be.upload(awayFromKinks(act, shape, bias, seed), shape);
        Tensor y = be.allocate(shape);
        float[] r = GradCheck.random(seed + 3, x.size(), -1, 1);

        be.biasActivationForward(x, bias, act, ALPHA, slope, y);
        Tensor dy = be.upload(r, shape), dx = be.allocate(shape);
        Tensor dbias = withBias ? filled(7f, c) : null;
        Tensor dslope = slope != null ? filled(7f, c) : null;
        be.biasActivationBackward(x, bias, act, ALPHA, slope, y, dy, dx, dbias, dslope);

        DoubleSupplier objective = () -> {
            be.biasActivationForward(x, bias, act, ALPHA, slope, y);
            return GradCheck.dot(y, r);
        };
        String what = act + " " + Shapes.str(shape);
        assertGradient(act, what + " dx", GradCheck.numeric(x, objective, H), dx.toArray());
        if (bias != null) assertGradient(act, what + " dbias", GradCheck.numeric(bias, objective, H), dbias.toArray());
        if (slope != null) assertGradient(act, what + " dslope", GradCheck.numeric(slope, objective, H), dslope.toArray());
    }

    /** STEP has derivative zero wherever it exists; assertClose needs a nonzero numeric gradient. */
    private static void assertGradient(Activation act, String what, double[] numeric, float[] analytic) {
        if (act == Activation.STEP) {
            for (int i = 0; i < numeric.length; i++) {
                assertEquals(0.0, numeric[i], what + " numeric[" + i + "]");
                assertEquals(0f, analytic[i], what + " analytic[" + i + "]");
            }
        } else {
            GradCheck.assertClose(what, numeric, analytic, TOL);
        }
    }

    /** Values in [-3, 3], re-drawn while x + bias lies within MARGIN of one of act's kinks. */
    private static float[] awayFromKinks(Activation act, int[] shape, Tensor bias, long seed) {
        int c = shape[1], s = Shapes.size(shape) / shape[0] / c;
        float[] b = bias == null ? new float[c] : bias.toArray();
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[Shapes.size(shape)];
        for (int i = 0; i < x.length; i++) {
            float bi = b[(i / s) % c];
            do {
                x[i] = (float) (rnd.nextDouble() * 6 - 3);
            } while (nearKink(act, x[i] + bi));
        }
        return x;
    }

    private static boolean nearKink(Activation act, float z) {
        return switch (act) {
            case STEP, RELU, LEAKY_RELU, PRELU, ELU -> Math.abs(z) < MARGIN;
            case HARD_TANH -> Math.abs(Math.abs(z) - 1) < MARGIN;
            default -> false;
        };
    }

    private Tensor filled(float v, int... shape) {
        Tensor t = be.allocate(shape);
        be.fill(t, v);
        return t;
    }

    // ---- forward values -----------------------------------------------------------------

    /** Each elementwise activation against its textbook formula, evaluated in double. */
    @ParameterizedTest
    @EnumSource(value = Activation.class, names = "SOFTMAX", mode = EnumSource.Mode.EXCLUDE)
    void forwardMatchesFormula(Activation act) {
        int[] shape = {2, 3, 5};
        float[] xs = GradCheck.random(1, 30, -4, 4), bs = {0.25f, -0.5f, 0.125f}, ss = {0.1f, 0.2f, 0.7f};
        Tensor x = be.upload(xs, shape), bias = be.upload(bs, 3), slope = be.upload(ss, 3), y = be.allocate(shape);
        be.biasActivationForward(x, bias, act, ALPHA, act == Activation.PRELU ? slope : null, y);
        float[] out = y.toArray();
        for (int i = 0; i < 30; i++) {
            int ch = (i / 5) % 3;
            double z = (double) xs[i] + bs[ch], want = formula(act, z, ss[ch]);
            assertEquals(want, out[i], 1e-6 * Math.max(1, Math.abs(want)), act + " at z = " + z);
        }
    }

    private static double formula(Activation act, double z, double slope) {
        return switch (act) {
            case IDENTITY -> z;
            case STEP -> z > 0 ? 1 : 0;
            case SIGMOID -> 1 / (1 + Math.exp(-z));
            case TANH -> (Math.exp(2 * z) - 1) / (Math.exp(2 * z) + 1);
            case RELU -> z > 0 ? z : 0;
            case LEAKY_RELU -> z > 0 ? z : ALPHA * z;
            case PRELU -> z > 0 ? z : slope * z;
            case ELU -> z > 0 ? z : ALPHA * (Math.exp(z) - 1);
            case SOFTPLUS -> Math.log(1 + Math.exp(z));
            case HARD_TANH -> Math.max(-1, Math.min(1, z));
            case EXP -> Math.exp(z);
            case SOFTMAX -> throw new IllegalArgumentException("not elementwise");
        };
    }

    private float[] forward(Activation act, float... xs) {
        Tensor x = be.upload(xs, 1, xs.length), y = be.allocate(1, xs.length);
        be.biasActivationForward(x, null, act, ALPHA, null, y);
        return y.toArray();
    }

    @Test
    void sigmoidAndSoftplusAreStableForLargeInputs() {
        float[] sig = forward(Activation.SIGMOID, 100f, -100f, 0f);
        assertEquals(1f, sig[0]);
        assertTrue(sig[1] >= 0 && sig[1] < 1e-40, "sigmoid(-100) = " + sig[1]);
        assertEquals(0.5f, sig[2]);

        float[] sp = forward(Activation.SOFTPLUS, 0f, 100f, -100f, -20f);
        assertEquals(Math.log(2), sp[0], 1e-7);
        assertEquals(100f, sp[1]);
        assertTrue(sp[2] >= 0 && sp[2] < 1e-40, "softplus(-100) = " + sp[2]);
        assertEquals(Math.exp(-20), sp[3], 1e-6 * Math.exp(-20), "softplus(-20) keeps its relative precision");

        Tensor x = be.upload(new float[] {100f, -100f}, 1, 2), y = be.allocate(1, 2);
        Tensor dy = be.upload(new float[] {1f, 1f}, 1, 2), dx = be.allocate(1, 2);
        for (Activation act : new Activation[] {Activation.SIGMOID, Activation.SOFTPLUS, Activation.TANH}) {
            be.biasActivationForward(x, null, act, ALPHA, null, y);
            be.biasActivationBackward(x, null, act, ALPHA, null, y, dy, dx, null, null);
            for (float v : dx.toArray()) assertTrue(Float.isFinite(v), act + " gradient " + v);
        }
    }

    @Test
    void softmaxIsNormalisedOverChannelsAndSurvivesHugeLogits() {
        // [N=1, C=3, S=2]: position 0 has logits (1000, 999, -1000), position 1 has (0, ln 2, ln 3).
        float ln2 = (float) Math.log(2), ln3 = (float) Math.log(3);
        Tensor x = be.upload(new float[] {1000f, 0f, 999f, ln2, -1000f, ln3}, 1, 3, 2), y = be.allocate(1, 3, 2);
        be.biasActivationForward(x, null, Activation.SOFTMAX, 0f, null, y);
        float[] out = y.toArray();
        double e = Math.exp(-1);
        assertEquals(1 / (1 + e), out[0], 1e-7);
        assertEquals(e / (1 + e), out[2], 1e-7);
        assertEquals(0f, out[4]);
        assertEquals(1.0 / 6, out[1], 1e-7);
        assertEquals(2.0 / 6, out[3], 1e-7);
        assertEquals(3.0 / 6, out[5], 1e-7);

        Tensor big = be.upload(GradCheck.random(5, 4 * 7 * 3, -50, 50), 4, 7, 3), yb = be.allocate(4, 7, 3);
        Tensor bias = be.upload(GradCheck.random(6, 7, -1, 1), 7);
        be.biasActivationForward(big, bias, Activation.SOFTMAX, 0f, null, yb);
        float[] p = yb.toArray();
        for (int n = 0; n < 4; n++) {
            for (int s = 0; s < 3; s++) {
                double sum = 0;
                for (int c = 0; c < 7; c++) sum += p[(n * 7 + c) * 3 + s];
                assertEquals(1.0, sum, 1e-6, "softmax sum at n=" + n + " s=" + s);
            }
        }
    }

    // ---- aliasing, views, threads -----------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Activation.class)
    void inPlaceForwardAndBackwardMatchSeparateBuffers(Activation act) {
        int[] shape = {3, 4, 5};
        float[] xs = awayFromKinks(act, shape, null, 11), r = GradCheck.random(12, 60, -1, 1);
        Tensor slope = act == Activation.PRELU ? be.upload(GradCheck.random(13, 4, 0.1, 0.5), 4) : null;
        Tensor bias = be.upload(GradCheck.random(14, 4, -0.01, 0.01), 4);
        Tensor x = be.upload(xs, shape), y = be.allocate(shape), dy = be.upload(r, shape), dx = be.allocate(shape);
        Tensor dbias = be.allocate(4), dslope = slope == null ? null : be.allocate(4);
        be.biasActivationForward(x, bias, act, ALPHA, slope, y);
        be.biasActivationBackward(x, bias, act, ALPHA, slope, y, dy, dx, dbias, dslope);

        Tensor inPlace = be.upload(xs, shape);
        be.biasActivationForward(inPlace, bias, act, ALPHA, slope, inPlace);
        assertArrayEquals(y.toArray(), inPlace.toArray(), act + " forward with y = x");

        Tensor g = be.upload(r, shape), dbias2 = be.allocate(4), dslope2 = slope == null ? null : be.allocate(4);
        be.biasActivationBackward(x, bias, act, ALPHA, slope, y, g, g, dbias2, dslope2);
        assertArrayEquals(dx.toArray(), g.toArray(), act + " backward with dx = dy");
        assertArrayEquals(dbias.toArray(), dbias2.toArray(), act + " dbias with dx = dy");
        if (slope != null) assertArrayEquals(dslope.toArray(), dslope2.toArray(), act + " dslope with dx = dy");
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void viewsWithOffsetsMatchCompactTensors(Activation act) {
        int[] shape = {3, 5, 7};
        int size = 105;
        float[] xs = awayFromKinks(act, shape, null, 21), r = GradCheck.random(22, size, -1, 1);
        float[] bs = GradCheck.random(23, 5, -0.01, 0.01), ss = GradCheck.random(24, 5, 0.1, 0.5);
        boolean prelu = act == Activation.PRELU;

        Tensor x = be.upload(xs, shape), bias = be.upload(bs, 5), slope = prelu ? be.upload(ss, 5) : null;
        Tensor y = be.allocate(shape), dy = be.upload(r, shape), dx = be.allocate(shape);
        Tensor dbias = be.allocate(5), dslope = prelu ? be.allocate(5) : null;
        be.biasActivationForward(x, bias, act, ALPHA, slope, y);
        be.biasActivationBackward(x, bias, act, ALPHA, slope, y, dy, dx, dbias, dslope);

        Tensor xv = embedded(xs, shape), biasV = embedded(bs, 5), slopeV = prelu ? embedded(ss, 5) : null;
        Tensor yv = embedded(new float[size], shape), dyv = embedded(r, shape), dxv = embedded(new float[size], shape);
        Tensor dbiasV = embedded(new float[5], 5), dslopeV = prelu ? embedded(new float[5], 5) : null;
        be.biasActivationForward(xv, biasV, act, ALPHA, slopeV, yv);
        be.biasActivationBackward(xv, biasV, act, ALPHA, slopeV, yv, dyv, dxv, dbiasV, dslopeV);

        assertArrayEquals(y.toArray(), yv.toArray(), act + " y");
        assertArrayEquals(dx.toArray(), dxv.toArray(), act + " dx");
        assertArrayEquals(dbias.toArray(), dbiasV.toArray(), act + " dbias");
        if (prelu) assertArrayEquals(dslope.toArray(), dslopeV.toArray(), act + " dslope");
    }

    /** values as rows 1.. of a larger tensor whose first and last rows hold 99s (so a view at offset > 0). */
    private Tensor embedded(float[] values, int... shape) {
        int[] outer = shape.clone();
        outer[0] += 2;
        Tensor big = filled(99f, outer);
        Tensor v = big.rows(1, shape[0]);
        be.copy(be.upload(values, shape), v);
        return v;
    }

    /** A batch big enough to be split over threads against one example at a time (never split). */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void largeBatchMatchesOneExampleAtATime(Activation act) {
        int n = 64, c = 33, s = 40, size = n * c * s;
        int[] shape = {n, c, s};
        float[] xs = GradCheck.random(31, size, -3, 3), r = GradCheck.random(32, size, -1, 1);
        Tensor bias = be.upload(GradCheck.random(33, c, -0.5, 0.5), c);
        Tensor slope = act == Activation.PRELU ? be.upload(GradCheck.random(34, c, 0.1, 0.5), c) : null;
        Tensor x = be.upload(xs, shape), y = be.allocate(shape), dy = be.upload(r, shape), dx = be.allocate(shape);
        Tensor dbias = be.allocate(c), dslope = slope == null ? null : be.allocate(c);
        be.biasActivationForward(x, bias, act, ALPHA, slope, y);
        be.biasActivationBackward(x, bias, act, ALPHA, slope, y, dy, dx, dbias, dslope);

        float[] yAll = y.toArray(), dxAll = dx.toArray();
        double[] biasSum = new double[c], slopeSum = new double[c];
        Tensor y1 = be.allocate(1, c, s), dx1 = be.allocate(1, c, s), db1 = be.allocate(c);
        Tensor ds1 = slope == null ? null : be.allocate(c);
        for (int i = 0; i < n; i++) {
            Tensor xi = x.rows(i, 1), dyi = dy.rows(i, 1);
            be.biasActivationForward(xi, bias, act, ALPHA, slope, y1);
            be.biasActivationBackward(xi, bias, act, ALPHA, slope, y1, dyi, dx1, db1, ds1);
            int at = i * c * s;
            assertArrayEquals(y1.toArray(), Arrays.copyOfRange(yAll, at, at + c * s), act + " y of example " + i);
            assertArrayEquals(dx1.toArray(), Arrays.copyOfRange(dxAll, at, at + c * s), act + " dx of example " + i);
            float[] db = db1.toArray(), ds = ds1 == null ? null : ds1.toArray();
            for (int ch = 0; ch < c; ch++) {
                biasSum[ch] += db[ch];
                if (ds != null) slopeSum[ch] += ds[ch];
            }
        }
        assertClose(act + " dbias", biasSum, dbias.toArray());
        if (slope != null) assertClose(act + " dslope", slopeSum, dslope.toArray());
    }

    /** Per-example sums were rounded to float before being added, so agreement is to ~1e-6, not exact. */
    private static void assertClose(String what, double[] want, float[] got) {
        float[] w = new float[want.length];
        for (int i = 0; i < w.length; i++) w[i] = (float) want[i];
        double err = GradCheck.relativeError(got, w);
        assertTrue(err < 1e-5, what + ": relative error " + err);
    }

    // ---- argument checks ----------------------------------------------------------------

    @Test
    void badShapesThrowNamingTheOp() {
        Tensor x = be.allocate(2, 3, 4), y = be.allocate(2, 3, 4);
        assertThrowsNaming("biasActivationForward",
                () -> be.biasActivationForward(x, be.allocate(4), Activation.RELU, 0f, null, y));
        assertThrowsNaming("biasActivationForward",
                () -> be.biasActivationForward(x, null, Activation.RELU, 0f, null, be.allocate(2, 12)));
        assertThrowsNaming("biasActivationForward",
                () -> be.biasActivationForward(x, null, Activation.PRELU, 0f, null, y));
        assertThrowsNaming("biasActivationForward",
                () -> be.biasActivationForward(be.allocate(6), null, Activation.RELU, 0f, null, be.allocate(6)));
        assertThrowsNaming("biasActivationBackward",
                () -> be.biasActivationBackward(x, null, Activation.RELU, 0f, null, y, y, be.allocate(2, 3, 5), null, null));
        assertThrowsNaming("biasActivationBackward",
                () -> be.biasActivationBackward(x, null, Activation.RELU, 0f, null, y, y, y, be.allocate(2), null));
        assertThrowsNaming("biasActivationBackward",
                () -> be.biasActivationBackward(x, null, Activation.PRELU, 0f, be.allocate(3), y, y, y, null, be.allocate(4)));
        assertThrowsNaming("biasActivationBackward",
                () -> be.biasActivationBackward(x, null, Activation.RELU, 0f, null, y, y, y, null, be.allocate(3)));
    }

    private static void assertThrowsNaming(String op, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(op), "message '" + e.getMessage() + "' should name " + op);
    }
}
