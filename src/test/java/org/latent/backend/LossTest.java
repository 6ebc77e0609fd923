package org.latent.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.latent.backend.cpu.CpuBackend;
import org.latent.tensor.Shapes;
import org.latent.tensor.Tensor;
import org.latent.testing.GradCheck;

/*
 * Gradient checks: the objective is the sum of the op's float loss outputs (or the returned double
 * of a penalty), the analytic gradient is the op's grad. With h = 1e-2 the central-difference
 * truncation error h^2/6 * |f'''| is ~1e-5 relative for these smooth losses (zero for the
 * quadratic and linear ones), and rounding each float loss adds ~ulp(loss)/(2h) ~ 2e-5 relative.
 * bceWithProbabilities has f''' ~ 2/p^3, so it uses p in [0.1, 0.9] and h = 3e-3. Observed errors
 * are below 2e-4 (bceWithProbabilities) and 5e-5 (the rest); a tolerance of 1e-3 leaves room,
 * while a wrong derivative gives errors of order 1.
 */
class LossTest {
    private final Backend be = new CpuBackend();

    /** Not 1 and not 1/N, so a dropped or doubled scale shows. */
    private static final float SCALE = 0.37f;
    private static final double H = 1e-2, TOL = 1e-3;

    private static final int[][] SHAPES = {{3, 7}, {5, 11}, {2, 3, 5}};
    private static final int[][] MATRICES = {{3, 7}, {5, 11}, {1, 13}};

    @FunctionalInterface
    private interface BatchLoss {
        void apply(Tensor input, Tensor target, float scale, Tensor loss, Tensor grad);
    }

    private record Named(String op, BatchLoss loss) {}

    private List<Named> batchLosses() {
        return List.of(new Named("squaredError", be::squaredError),
                new Named("bceWithLogits", be::bceWithLogits),
                new Named("bceWithProbabilities", be::bceWithProbabilities),
                new Named("softmaxCrossEntropy", (x, t, s, l, g) -> be.softmaxCrossEntropy(x, t, s, l, g, null)),
                new Named("wasserstein", be::wasserstein));
    }

    // ---- gradient checks of the batch losses ----------------------------------------------

    @Test
    void squaredErrorGradient() {
        for (int k = 0; k < SHAPES.length; k++) {
            int n = Shapes.size(SHAPES[k]);
            checkBatchLoss("squaredError", be::squaredError, SHAPES[k],
                    GradCheck.random(10 + k, n, -2, 2), GradCheck.random(20 + k, n, -2, 2), H);
        }
    }

    @Test
    void bceWithLogitsGradient() {
        for (int k = 0; k < SHAPES.length; k++) {
            int n = Shapes.size(SHAPES[k]);
            checkBatchLoss("bceWithLogits", be::bceWithLogits, SHAPES[k],
                    GradCheck.random(30 + k, n, -4, 4), GradCheck.random(40 + k, n, 0, 1), H);
        }
    }

    @Test
    void bceWithProbabilitiesGradient() {
        for (int k = 0; k < SHAPES.length; k++) {
            int n = Shapes.size(SHAPES[k]);
            checkBatchLoss("bceWithProbabilities", be::bceWithProbabilities, SHAPES[k],
                    GradCheck.random(50 + k, n, 0.1, 0.9), GradCheck.random(60 + k, n, 0, 1), 3e-3);
        }
    }

    @Test
    void softmaxCrossEntropyGradientForOneHotAndGeneralTargets() {
        BatchLoss op = (x, t, s, l, g) -> be.softmaxCrossEntropy(x, t, s, l, g, null);
        for (int k = 0; k < MATRICES.length; k++) {
            int[] shape = MATRICES[k];
            int n = Shapes.size(shape);
            float[] logits = GradCheck.random(70 + k, n, -3, 3);
            checkBatchLoss("softmaxCrossEntropy one-hot", op, shape, logits, oneHot(shape[0], shape[1], 80 + k), H);
            // Rows that do not sum to 1 exercise the p * sum(t) - t form of the gradient.
            checkBatchLoss("softmaxCrossEntropy general", op, shape, logits, GradCheck.random(90 + k, n, 0, 1), H);
        }
    }

    @Test
    void wassersteinGradient() {
        int[][] shapes = {{7, 1}, {5, 3}};
        for (int k = 0; k < shapes.length; k++) {
            int n = Shapes.size(shapes[k]);
            float[] sign = GradCheck.random(100 + k, n, -1, 1);
            for (int i = 0; i < n; i++) sign[i] = sign[i] < 0 ? -1f : 1f;
            checkBatchLoss("wasserstein", be::wasserstein, shapes[k], GradCheck.random(110 + k, n, -2, 2), sign, H);
        }
    }

    /**
     * grad written alone (loss null) against central differences of the loss written alone (grad
     * null), then both written in one call must equal the separate calls.
     */
    private void checkBatchLoss(String op, BatchLoss f, int[] shape, float[] input, float[] target, double h) {
        Tensor x = be.upload(input, shape), t = be.upload(target, shape);
        Tensor grad = filled(7f, shape), loss = be.allocate(shape[0]);
        f.apply(x, t, SCALE, null, grad);
        double[] numeric = GradCheck.numeric(x, () -> {
            f.apply(x, t, SCALE, loss, null);
            return total(loss);
        }, h);
        GradCheck.assertClose(op + " " + Shapes.str(shape), numeric, grad.toArray(), TOL);

        Tensor loss2 = be.allocate(shape[0]), grad2 = be.allocate(shape);
        f.apply(x, t, SCALE, loss2, grad2);
        f.apply(x, t, SCALE, loss, null);
        assertArrayEquals(loss.toArray(), loss2.toArray(), op + " loss with and without grad");
        assertArrayEquals(grad.toArray(), grad2.toArray(), op + " grad with and without loss");
    }

    private static double total(Tensor t) {
        double s = 0;
        for (float v : t.toArray()) s += v;
        return s;
    }

    private static float[] oneHot(int rows, int classes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] t = new float[rows * classes];
        for (int i = 0; i < rows; i++) t[i * classes + r.nextInt(classes)] = 1f;
        return t;
    }

    private Tensor filled(float v, int... shape) {
        Tensor t = be.allocate(shape);
        be.fill(t, v);
        return t;
    }

    // ---- reparameterization + KL ------------------------------------------------------------

    @Test
    void gaussianReparameterizeGradient() {
        int[][] sizes = {{3, 5}, {4, 7}, {1, 9}};
        float klScale = 0.7f;
        for (int k = 0; k < sizes.length; k++) {
            int n = sizes[k][0], j = sizes[k][1];
            Tensor stats = be.upload(GradCheck.random(120 + k, 2 * n * j, -1.5, 1.5), n, 2 * j);
            Tensor eps = be.upload(GradCheck.random(130 + k, n * j, -2, 2), n, j);
            float[] r = GradCheck.random(140 + k, n * j, -1, 1);
            Tensor z = be.allocate(n, j), kl = be.allocate(n), dstats = filled(7f, n, 2 * j);
            be.gaussianReparameterizeBackward(stats, eps, be.upload(r, n, j), klScale, dstats);

            DoubleSupplier objective = () -> {
                be.gaussianReparameterize(stats, eps, klScale, z, kl);
                return GradCheck.dot(z, r) + total(kl);
            };
            GradCheck.assertClose("gaussianReparameterize " + n + "x" + j, GradCheck.numeric(stats, objective, H),
                    dstats.toArray(), TOL);
        }
    }

    @Test
    void standardNormalPosteriorHasZeroKlAndPassesEpsThrough() {
        float[] eps = {0.5f, -1.25f, 2f};
        Tensor stats = be.allocate(1, 6), z = be.allocate(1, 3), kl = filled(7f, 1);
        be.gaussianReparameterize(stats, be.upload(eps, 1, 3), 0.9f, z, kl);
        assertArrayEquals(new float[] {0f}, kl.toArray());
        assertArrayEquals(eps, z.toArray());

        // mu = 1, var = 4: z = 1 + 2 eps; KL per dimension = (4 + 1 - 1 - ln 4) / 2, times klScale.
        float ln4 = (float) Math.log(4);
        Tensor s2 = be.upload(new float[] {1f, 1f, 1f, ln4, ln4, ln4}, 1, 6);
        be.gaussianReparameterize(s2, be.upload(eps, 1, 3), 0.9f, z, kl);
        assertArrayEquals(new float[] {2f, -1.5f, 5f}, z.toArray(), 1e-6f);
        assertEquals(0.9 * 3 * (4 - ln4) / 2, kl.toArray()[0], 1e-5);

        // kl may be null: z alone.
        Tensor z2 = be.allocate(1, 3);
        be.gaussianReparameterize(s2, be.upload(eps, 1, 3), 0.9f, z2, null);
        assertArrayEquals(z.toArray(), z2.toArray());
    }

    @Test
    void reparameterizeBackwardMayOverwriteStats() {
        int n = 3, j = 5;
        float[] s = GradCheck.random(150, 2 * n * j, -1, 1);
        Tensor eps = be.upload(GradCheck.random(151, n * j, -2, 2), n, j), dz = be.upload(GradCheck.random(152, n * j, -1, 1), n, j);
        Tensor dstats = be.allocate(n, 2 * j), stats = be.upload(s, n, 2 * j);
        be.gaussianReparameterizeBackward(stats, eps, dz, 0.5f, dstats);
        be.gaussianReparameterizeBackward(stats, eps, dz, 0.5f, stats);
        assertArrayEquals(dstats.toArray(), stats.toArray());
    }

    // ---- penalties ------------------------------------------------------------------------

    @Test
    void l1ActivityPenaltyGradient() {
        for (int k = 0; k < SHAPES.length; k++) {
            Tensor a = be.upload(awayFromZero(160 + k, Shapes.size(SHAPES[k])), SHAPES[k]);
            checkPenalty("l1ActivityPenalty", a, g -> be.l1ActivityPenalty(a, 0.3f, g), H);
        }
    }

    @Test
    void klSparsityPenaltyGradient() {
        for (int k = 0; k < SHAPES.length; k++) {
            Tensor a = be.upload(GradCheck.random(170 + k, Shapes.size(SHAPES[k]), 0.05, 0.95), SHAPES[k]);
            checkPenalty("klSparsityPenalty", a, g -> be.klSparsityPenalty(a, 0.1f, 0.8f, g), H);
        }
    }

    @Test
    void weightPenaltyGradient() {
        for (int k = 0; k < SHAPES.length; k++) {
            Tensor w = be.upload(awayFromZero(180 + k, Shapes.size(SHAPES[k])), SHAPES[k]);
            checkPenalty("weightPenalty", w, g -> be.weightPenalty(w, 0.3f, 0.2f, g), H);
        }
    }

    @FunctionalInterface
    private interface Penalty {
        double apply(Tensor grad);
    }

    /**
     * The gradient added into a zeroed grad against central differences of the returned value;
     * then "adds into": the same call on a grad holding g0 must leave g0 + that gradient, and a
     * null grad must return the same value.
     */
    private void checkPenalty(String op, Tensor input, Penalty f, double h) {
        int[] shape = input.shape();
        Tensor grad = be.allocate(shape);
        double value = f.apply(grad);
        GradCheck.assertClose(op + " " + Shapes.str(shape), GradCheck.numeric(input, () -> f.apply(null), h),
                grad.toArray(), TOL);
        assertEquals(value, f.apply(null), op + " value without grad");

        float[] g0 = GradCheck.random(7, input.size(), -1, 1), added = grad.toArray();
        Tensor accumulated = be.upload(g0, shape);
        f.apply(accumulated);
        float[] want = new float[g0.length];
        for (int i = 0; i < want.length; i++) want[i] = g0[i] + added[i];
        assertArrayEquals(want, accumulated.toArray(), op + " adds into grad");
    }

    /** Uniform magnitudes in [0.05, 2] with random signs: |a| stays further than h from the kink at 0. */
    private static float[] awayFromZero(long seed, int n) {
        float[] v = GradCheck.random(seed, n, 0.05, 2), sign = GradCheck.random(seed + 1, n, -1, 1);
        for (int i = 0; i < n; i++) if (sign[i] < 0) v[i] = -v[i];
        return v;
    }

    // ---- known values ---------------------------------------------------------------------

    @Test
    void squaredErrorByHand() {
        Tensor p = be.upload(new float[] {1, 2, 3, 0, 0, 0}, 2, 3), t = be.upload(new float[] {0, 2, 5, 1, 1, 1}, 2, 3);
        Tensor loss = be.allocate(2), grad = be.allocate(2, 3);
        be.squaredError(p, t, 0.5f, loss, grad);
        assertArrayEquals(new float[] {2.5f, 1.5f}, loss.toArray());
        assertArrayEquals(new float[] {1, 0, -2, -1, -1, -1}, grad.toArray());
    }

    @Test
    void bceWithLogitsIsFiniteAndCorrectAtExtremeLogits() {
        Tensor x = be.upload(new float[] {100, -100, 100, -100, 0}, 5, 1), t = be.upload(new float[] {1, 1, 0, 0, 1}, 5, 1);
        Tensor loss = be.allocate(5), grad = be.allocate(5, 1);
        be.bceWithLogits(x, t, 1f, loss, grad);
        float[] l = loss.toArray(), g = grad.toArray();
        double[] wantLoss = {Math.exp(-100), 100, 100, Math.exp(-100), Math.log(2)};
        double[] wantGrad = {0, -1, 1, Math.exp(-100), -0.5};
        for (int i = 0; i < 5; i++) {
            assertEquals(wantLoss[i], l[i], 1e-6 * Math.max(1, wantLoss[i]), "loss " + i);
            assertEquals(wantGrad[i], g[i], 1e-7, "grad " + i);
        }
    }

    @Test
    void bceWithProbabilitiesClipsLikeKeras() {
        Tensor p = be.upload(new float[] {0, 1, 0.5f, 0.25f}, 4, 1), t = be.upload(new float[] {1, 0, 1, 0}, 4, 1);
        Tensor loss = be.allocate(4), grad = be.allocate(4, 1);
        be.bceWithProbabilities(p, t, 0.5f, loss, grad);
        float eps = 1e-7f;
        double[] wantLoss = {-Math.log(eps), -Math.log(1 - (double) (1f - eps)), Math.log(2), -Math.log(0.75)};
        for (int i = 0; i < 4; i++) wantLoss[i] *= 0.5;
        float[] l = loss.toArray();
        for (int i = 0; i < 4; i++) assertEquals(wantLoss[i], l[i], 1e-6 * wantLoss[i], "loss " + i);
        // Clipped probabilities get no gradient (the gradient of a clip); inside, (p - t) / (p (1 - p)).
        assertArrayEquals(new float[] {0f, 0f, 0.5f * -2f, 0.5f * (0.25f / 0.1875f)}, grad.toArray(), 1e-6f);
    }

    @Test
    void softmaxCrossEntropyKnownValuesAndHugeLogits() {
        Tensor x = be.upload(new float[] {1000, 999, -1000, 2, 2, 2}, 2, 3);
        Tensor t = be.upload(new float[] {1, 0, 0, 0, 0, 1}, 2, 3);
        Tensor loss = be.allocate(2), grad = be.allocate(2, 3), probs = be.allocate(2, 3);
        be.softmaxCrossEntropy(x, t, 1f, loss, grad, probs);
        double e = Math.exp(-1);
        assertArrayEquals(new float[] {(float) Math.log(1 + e), (float) Math.log(3)}, loss.toArray(), 1e-6f);
        float[] p = probs.toArray();
        float[] wantP = {(float) (1 / (1 + e)), (float) (e / (1 + e)), 0f, 1f / 3, 1f / 3, 1f / 3};
        assertArrayEquals(wantP, p, 1e-6f);
        float[] g = grad.toArray(), tt = t.toArray();
        for (int i = 0; i < 6; i++) assertEquals(p[i] - tt[i], g[i], 1e-6f, "grad = p - t for one-hot rows, " + i);
    }

    @Test
    void wassersteinByHand() {
        Tensor score = be.upload(new float[] {2, 3}, 2, 1), sign = be.upload(new float[] {1, -1}, 2, 1);
        Tensor loss = be.allocate(2), grad = be.allocate(2, 1);
        be.wasserstein(score, sign, 0.5f, loss, grad);
        assertArrayEquals(new float[] {1f, -1.5f}, loss.toArray());
        assertArrayEquals(new float[] {0.5f, -0.5f}, grad.toArray());
    }

    @Test
    void penaltiesByHand() {
        Tensor a = be.upload(new float[] {1, -2, 0, 3}, 2, 2), g = be.allocate(2, 2);
        assertEquals(0.6, be.l1ActivityPenalty(a, 0.1f, g), 1e-7);
        assertArrayEquals(new float[] {0.1f, -0.1f, 0f, 0.1f}, g.toArray());

        Tensor w = be.upload(new float[] {1, -2, 0.5f}, 3), gw = be.allocate(3);
        assertEquals(0.1 * 3.5 + 0.01 * 5.25, be.weightPenalty(w, 0.1f, 0.01f, gw), 1e-7);
        assertArrayEquals(new float[] {0.1f + 0.02f, -0.1f - 0.04f, 0.1f + 0.01f}, gw.toArray(), 1e-7f);

        // Column 0 has mean 0.3; column 1 has mean p = 0.1 (no penalty, no gradient); column 2 is
        // all zeros, so its mean is clamped and the penalty stays finite.
        Tensor acts = be.upload(new float[] {0.2f, 0.05f, 0f, 0.4f, 0.15f, 0f}, 2, 3), gs = be.allocate(2, 3);
        double p = 0.1, beta = 2, pHat = 0.3, clamped = 1e-7f;
        double col0 = p * Math.log(p / pHat) + (1 - p) * Math.log((1 - p) / (1 - pHat));
        double col2 = p * Math.log(p / clamped) + (1 - p) * Math.log((1 - p) / (1 - clamped));
        assertEquals(beta * (col0 + col2), be.klSparsityPenalty(acts, 0.1f, 2f, gs), 1e-5);
        float g0 = (float) (beta / 2 * (-p / pHat + (1 - p) / (1 - pHat)));
        float[] got = gs.toArray();
        assertEquals(g0, got[0], 1e-6f);
        assertEquals(g0, got[3], 1e-6f);
        assertEquals(0f, got[1], 1e-6f);
        assertEquals(0f, got[4], 1e-6f);
        assertTrue(Float.isFinite(got[2]) && got[2] < 0, "gradient pushes a dead column up: " + got[2]);
    }

    // ---- views and threads ----------------------------------------------------------------

    @Test
    void batchLossesOnViewsMatchCompactTensors() {
        int[] shape = {4, 9};
        float[] x = GradCheck.random(190, 36, 0.05, 0.95), t = GradCheck.random(191, 36, 0, 1);
        for (Named f : batchLosses()) {
            Tensor loss = be.allocate(4), grad = be.allocate(shape);
            f.loss().apply(be.upload(x, shape), be.upload(t, shape), SCALE, loss, grad);
            Tensor lossV = embedded(new float[4], 4), gradV = embedded(new float[36], shape);
            f.loss().apply(embedded(x, shape), embedded(t, shape), SCALE, lossV, gradV);
            assertArrayEquals(loss.toArray(), lossV.toArray(), f.op() + " loss");
            assertArrayEquals(grad.toArray(), gradV.toArray(), f.op() + " grad");
        }

        Tensor stats = be.upload(GradCheck.random(192, 40, -1, 1), 4, 10), eps = be.upload(GradCheck.random(193, 20, -1, 1), 4, 5);
        Tensor z = be.allocate(4, 5), kl = be.allocate(4), ds = be.allocate(4, 10);
        be.gaussianReparameterize(stats, eps, 0.5f, z, kl);
        be.gaussianReparameterizeBackward(stats, eps, z, 0.5f, ds);
        Tensor statsV = embedded(stats.toArray(), 4, 10), epsV = embedded(eps.toArray(), 4, 5);
        Tensor zV = embedded(new float[20], 4, 5), klV = embedded(new float[4], 4), dsV = embedded(new float[40], 4, 10);
        be.gaussianReparameterize(statsV, epsV, 0.5f, zV, klV);
        be.gaussianReparameterizeBackward(statsV, epsV, zV, 0.5f, dsV);
        assertArrayEquals(z.toArray(), zV.toArray(), "reparameterize z");
        assertArrayEquals(kl.toArray(), klV.toArray(), "reparameterize kl");
        assertArrayEquals(ds.toArray(), dsV.toArray(), "reparameterize dstats");

        Tensor g = be.allocate(shape), gV = embedded(new float[36], shape);
        assertEquals(be.klSparsityPenalty(be.upload(x, shape), 0.2f, 1f, g),
                be.klSparsityPenalty(embedded(x, shape), 0.2f, 1f, gV));
        assertArrayEquals(g.toArray(), gV.toArray(), "klSparsityPenalty grad");
    }

    /** values as rows 1.. of a larger tensor whose other rows hold 99s (so a view at offset > 0). */
    private Tensor embedded(float[] values, int... shape) {
        int[] outer = shape.clone();
        outer[0] += 2;
        Tensor v = filled(99f, outer).rows(1, shape[0]);
        be.copy(be.upload(values, shape), v);
        return v;
    }

    /** A batch big enough to be split over threads against one row at a time (never split). */
    @Test
    void largeBatchMatchesOneRowAtATime() {
        int n = 400, d = 129;
        int[] shape = {n, d};
        Tensor x = be.upload(GradCheck.random(200, n * d, 0.05, 0.95), shape), t = be.upload(GradCheck.random(201, n * d, 0, 1), shape);
        for (Named f : batchLosses()) {
            Tensor loss = be.allocate(n), grad = be.allocate(shape);
            f.loss().apply(x, t, SCALE, loss, grad);
            float[] l = loss.toArray(), g = grad.toArray();
            Tensor l1 = be.allocate(1), g1 = be.allocate(1, d);
            for (int i = 0; i < n; i++) {
                f.loss().apply(x.rows(i, 1), t.rows(i, 1), SCALE, l1, g1);
                assertEquals(l[i], l1.toArray()[0], f.op() + " loss of row " + i);
                assertArrayEquals(java.util.Arrays.copyOfRange(g, i * d, (i + 1) * d), g1.toArray(), f.op() + " grad of row " + i);
            }
        }
    }

    // ---- argument checks ----------------------------------------------------------------

    @Test
    void badShapesThrowNamingTheOp() {
        Tensor x = be.allocate(3, 4);
        for (Named f : batchLosses()) {
            assertThrowsNaming(f.op(), () -> f.loss().apply(x, be.allocate(4, 3), 1f, null, null));
            assertThrowsNaming(f.op(), () -> f.loss().apply(x, be.allocate(3, 4), 1f, be.allocate(4), null));
            assertThrowsNaming(f.op(), () -> f.loss().apply(x, be.allocate(3, 4), 1f, null, be.allocate(3, 5)));
        }
        assertThrowsNaming("softmaxCrossEntropy",
                () -> be.softmaxCrossEntropy(be.allocate(2, 3, 4), be.allocate(2, 3, 4), 1f, null, null, null));
        assertThrowsNaming("softmaxCrossEntropy",
                () -> be.softmaxCrossEntropy(x, be.allocate(3, 4), 1f, null, null, be.allocate(4, 3)));
        assertThrowsNaming("gaussianReparameterize",
                () -> be.gaussianReparameterize(be.allocate(2, 7), be.allocate(2, 3), 1f, be.allocate(2, 3), null));
        assertThrowsNaming("gaussianReparameterize",
                () -> be.gaussianReparameterize(be.allocate(2, 6), be.allocate(2, 3), 1f, be.allocate(2, 3), be.allocate(3)));
        assertThrowsNaming("gaussianReparameterizeBackward",
                () -> be.gaussianReparameterizeBackward(be.allocate(2, 6), be.allocate(2, 3), be.allocate(2, 3), 1f,
                        be.allocate(2, 3)));
        assertThrowsNaming("l1ActivityPenalty", () -> be.l1ActivityPenalty(x, 1f, be.allocate(4, 3)));
        assertThrowsNaming("klSparsityPenalty", () -> be.klSparsityPenalty(x, 0f, 1f, null));
        assertThrowsNaming("klSparsityPenalty", () -> be.klSparsityPenalty(x, 0.1f, 1f, be.allocate(12)));
        assertThrowsNaming("weightPenalty", () -> be.weightPenalty(x, 1f, 1f, be.allocate(2, 6)));
    }

    private static void assertThrowsNaming(String op, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(op), "message '" + e.getMessage() + "' should name " + op);
    }
}
