package org.latent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.latent.backend.cuda.GpuTests.CPU;
import static org.latent.backend.cuda.GpuTests.assertParity;
import static org.latent.backend.cuda.GpuTests.garbage;
import static org.latent.backend.cuda.GpuTests.gpu;
import static org.latent.backend.cuda.GpuTests.random;
import static org.latent.backend.cuda.GpuTests.toGpu;

import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.latent.backend.cuda.GpuTests.Embedded;
import org.junit.jupiter.api.Test;
import org.latent.backend.Backend;
import org.latent.tensor.Shapes;
import org.latent.tensor.Tensor;

@Tag("gpu")
class LossParityTest {
    /** Elementwise outputs, per-example sums (DESIGN.md), and the penalties' double totals (sums in double). */
    private static final double ELEMENTWISE = 1e-5, REDUCTION = 1e-4, TOTAL = 1e-6;

    /** Batch 1, a single feature per row (a GAN critic), sizes not multiples of 32, rank 4, 200k elements. */
    private static final int[][] SHAPES = {{1, 1}, {7, 10}, {300, 1}, {3, 2, 5, 5}, {256, 784}};
    private static final int[][] MATRICES = {{1, 1}, {7, 10}, {300, 1}, {33, 1000}, {256, 784}};
    private static final int[] SIZES = {1, 31, 1000, 100_003};

    @FunctionalInterface
    private interface BatchLoss {
        void apply(Backend be, Tensor input, Tensor target, float scale, Tensor loss, Tensor grad);
    }

    // ---- batch losses ---------------------------------------------------------------------

    @Test
    void squaredErrorMatchesCpu() {
        for (int k = 0; k < SHAPES.length; k++) {
            int[] shape = SHAPES[k];
            checkBatchLoss("squaredError", Backend::squaredError, random(k, -2, 2, shape),
                    random(50 + k, -2, 2, shape));
        }
    }

    @Test
    void bceWithLogitsMatchesCpu() {
        for (int k = 0; k < SHAPES.length; k++) {
            Tensor logits = random(k, -30, 30, SHAPES[k]), target = random(50 + k, 0, 1, SHAPES[k]);
            checkBatchLoss("bceWithLogits", Backend::bceWithLogits, logits, target);
            checkBatchLoss("bceWithLogits (binary targets)", Backend::bceWithLogits, logits, binary(target));
        }
    }

    /** Probabilities include 0, 1, values just inside and outside the clip range and its exact bounds. */
    @Test
    void bceWithProbabilitiesMatchesCpu() {
        float[] special = {0f, 1f, 1e-8f, 1e-7f, 1f - 1e-7f, Math.nextDown(1f), 2e-7f, 0.5f};
        for (int k = 0; k < SHAPES.length; k++) {
            int[] shape = SHAPES[k];
            float[] p = random(k, 0, 1, shape).toArray();
            for (int i = 0; i < p.length; i += 13) p[i] = special[(i / 13) % special.length];
            Tensor probability = CPU.upload(p, shape), target = random(50 + k, 0, 1, shape);
            checkBatchLoss("bceWithProbabilities", Backend::bceWithProbabilities, probability, target);
            checkBatchLoss("bceWithProbabilities (binary targets)", Backend::bceWithProbabilities, probability,
                    binary(target));
        }
    }

    @Test
    void softmaxCrossEntropyMatchesCpu() {
        BatchLoss withoutProbs = (be, x, t, s, l, g) -> be.softmaxCrossEntropy(x, t, s, l, g, null);
        for (int k = 0; k < MATRICES.length; k++) {
            int[] shape = MATRICES[k];
            for (double range : new double[] {20, 1000}) {
                Tensor logits = random(k, -range, range, shape);
                checkBatchLoss("softmaxCrossEntropy (one-hot, logits +-" + range + ")", withoutProbs, logits,
                        oneHot(shape, 50 + k));
                checkBatchLoss("softmaxCrossEntropy (general targets, logits +-" + range + ")", withoutProbs, logits,
                        random(60 + k, 0, 1, shape));
            }
        }
    }

    @Test
    void softmaxCrossEntropyProbsMatchCpu() {
        for (int k = 0; k < MATRICES.length; k++) {
            int[] shape = MATRICES[k];
            int n = shape[0];
            Tensor logits = random(k, -20, 20, shape), target = oneHot(shape, 70 + k);
            Tensor loss = CPU.allocate(n), grad = CPU.allocate(shape), probs = CPU.allocate(shape);
            CPU.softmaxCrossEntropy(logits, target, 1f / n, loss, grad, probs);

            Tensor gx = toGpu(logits), gt = toGpu(target);
            Tensor gl = garbage(n), gg = garbage(shape), gp = garbage(shape);
            gpu().softmaxCrossEntropy(gx, gt, 1f / n, gl, gg, gp);
            String what = "softmaxCrossEntropy " + Shapes.str(shape);
            assertParity(what + " loss", loss, gl, REDUCTION);
            assertParity(what + " grad", grad, gg, ELEMENTWISE);
            assertParity(what + " probs", probs, gp, ELEMENTWISE);

            Tensor probsOnly = garbage(shape);
            gpu().softmaxCrossEntropy(gx, gt, 1f / n, null, null, probsOnly);
            assertParity(what + " probs alone", probs, probsOnly, ELEMENTWISE);
        }
    }

    @Test
    void wassersteinMatchesCpu() {
        for (int k = 0; k < SHAPES.length; k++) {
            int[] shape = SHAPES[k];
            float[] sign = random(50 + k, -1, 1, shape).toArray();
            for (int i = 0; i < sign.length; i++) sign[i] = sign[i] < 0 ? -1f : 1f;
            checkBatchLoss("wasserstein", Backend::wasserstein, random(k, -5, 5, shape), CPU.upload(sign, shape));
        }
    }

    /**
     * GPU against CPU with loss and grad, each alone, and on views at offsets; outputs start as NaN
     * so an element left unwritten shows. The loss must repeat bit for bit.
     */
    private static void checkBatchLoss(String op, BatchLoss f, Tensor input, Tensor target) {
        int[] shape = input.shape();
        int n = input.rows();
        float scale = 1f / n;
        Tensor loss = CPU.allocate(n), grad = CPU.allocate(shape);
        f.apply(CPU, input, target, scale, loss, grad);
        String what = op + " " + Shapes.str(shape);

        Tensor gx = toGpu(input), gt = toGpu(target);
        Tensor gl = garbage(n), gg = garbage(shape);
        f.apply(gpu(), gx, gt, scale, gl, gg);
        assertParity(what + " loss", loss, gl, REDUCTION);
        assertParity(what + " grad", grad, gg, ELEMENTWISE);

        Tensor lossOnly = garbage(n), gradOnly = garbage(shape);
        f.apply(gpu(), gx, gt, scale, lossOnly, null);
        f.apply(gpu(), gx, gt, scale, null, gradOnly);
        assertArrayEquals(gl.toArray(), lossOnly.toArray(), what + ": loss without grad must repeat bit for bit");
        assertParity(what + " grad without loss", grad, gradOnly, ELEMENTWISE);

        Embedded ex = Embedded.of(input), et = Embedded.of(target);
        Embedded el = Embedded.garbage(n), eg = Embedded.garbage(shape);
        f.apply(gpu(), ex.view(), et.view(), scale, el.view(), eg.view());
        assertParity(what + " loss (views)", loss, el.view(), REDUCTION);
        assertParity(what + " grad (views)", grad, eg.view(), ELEMENTWISE);
        el.assertPaddingKept(what + " loss");
        eg.assertPaddingKept(what + " grad");
    }

    // ---- the VAE's reparameterization and KL -------------------------------------------------

    private static final int[][] LATENTS = {{1, 1}, {7, 2}, {5, 33}, {256, 20}, {256, 400}};

    @Test
    void gaussianReparameterizeMatchesCpu() {
        for (int k = 0; k < LATENTS.length; k++) {
            int n = LATENTS[k][0], latent = LATENTS[k][1];
            Tensor stats = random(k, -3, 3, n, 2 * latent), eps = random(50 + k, -2, 2, n, latent);
            Tensor z = CPU.allocate(n, latent), kl = CPU.allocate(n);
            float klScale = 1f / n;
            CPU.gaussianReparameterize(stats, eps, klScale, z, kl);
            String what = "gaussianReparameterize [" + n + ", " + latent + "]";

            Tensor gstats = toGpu(stats), geps = toGpu(eps), gz = garbage(n, latent), gkl = garbage(n);
            gpu().gaussianReparameterize(gstats, geps, klScale, gz, gkl);
            assertParity(what + " z", z, gz, ELEMENTWISE);
            assertParity(what + " kl", kl, gkl, REDUCTION);

            Tensor zOnly = garbage(n, latent);
            gpu().gaussianReparameterize(gstats, geps, klScale, zOnly, null);
            assertParity(what + " z without kl", z, zOnly, ELEMENTWISE);

            Embedded es = Embedded.of(stats), ee = Embedded.of(eps), ez = Embedded.garbage(n, latent);
            Embedded ekl = Embedded.garbage(n);
            gpu().gaussianReparameterize(es.view(), ee.view(), klScale, ez.view(), ekl.view());
            assertParity(what + " z (views)", z, ez.view(), ELEMENTWISE);
            assertParity(what + " kl (views)", kl, ekl.view(), REDUCTION);
            ez.assertPaddingKept(what + " z");
            ekl.assertPaddingKept(what + " kl");
        }
    }

    /** Into a separate dstats, in place over stats, and on views. */
    @Test
    void gaussianReparameterizeBackwardMatchesCpu() {
        for (int k = 0; k < LATENTS.length; k++) {
            int n = LATENTS[k][0], latent = LATENTS[k][1];
            Tensor stats = random(k, -3, 3, n, 2 * latent), eps = random(50 + k, -2, 2, n, latent);
            Tensor dz = random(60 + k, -1, 1, n, latent), dstats = CPU.allocate(n, 2 * latent);
            float klScale = 1f / n;
            CPU.gaussianReparameterizeBackward(stats, eps, dz, klScale, dstats);
            String what = "gaussianReparameterizeBackward [" + n + ", " + latent + "]";

            Tensor geps = toGpu(eps), gdz = toGpu(dz), gd = garbage(n, 2 * latent);
            gpu().gaussianReparameterizeBackward(toGpu(stats), geps, gdz, klScale, gd);
            assertParity(what, dstats, gd, ELEMENTWISE);

            Tensor inPlace = toGpu(stats);
            gpu().gaussianReparameterizeBackward(inPlace, geps, gdz, klScale, inPlace);
            assertParity(what + " with dstats = stats", dstats, inPlace, ELEMENTWISE);

            Embedded es = Embedded.of(stats), ed = Embedded.garbage(n, 2 * latent);
            gpu().gaussianReparameterizeBackward(es.view(), Embedded.of(eps).view(), Embedded.of(dz).view(), klScale,
                    ed.view());
            assertParity(what + " (views)", dstats, ed.view(), ELEMENTWISE);
            ed.assertPaddingKept(what);
        }
    }

    // ---- penalties: returned totals and the gradients they add -------------------------------

    @FunctionalInterface
    private interface Penalty {
        double apply(Backend be, Tensor input, Tensor grad);
    }

    @Test
    void l1ActivityPenaltyMatchesCpu() {
        for (int n : SIZES) {
            checkPenalty("l1ActivityPenalty", (be, a, g) -> be.l1ActivityPenalty(a, 0.01f, g), withZeros(n, n));
        }
    }

    @Test
    void weightPenaltyMatchesCpu() {
        float[][] l1l2 = {{1e-3f, 5e-4f}, {0f, 1e-2f}, {1e-2f, 0f}};
        for (int n : SIZES) {
            for (float[] c : l1l2) {
                Penalty weight = (be, w, g) -> be.weightPenalty(w, c[0], c[1], g);
                checkPenalty("weightPenalty l1=" + c[0] + " l2=" + c[1], weight, withZeros(n, 2L * n));
            }
        }
    }

    @Test
    void klSparsityPenaltyMatchesCpu() {
        Penalty kl = (be, a, g) -> be.klSparsityPenalty(a, 0.05f, 3f, g);
        for (int k = 0; k < MATRICES.length; k++) {
            checkPenalty("klSparsityPenalty", kl, random(k, 0.01, 0.99, MATRICES[k]));
        }
        // Columns whose mean is clamped to [EPS, 1 - EPS]: all zeros and all ones.
        float[] a = random(9, 0.01, 0.99, 7, 10).toArray();
        for (int i = 0; i < 7; i++) {
            a[i * 10] = 0f;
            a[i * 10 + 1] = 1f;
        }
        checkPenalty("klSparsityPenalty (clamped means)", kl, CPU.upload(a, 7, 10));
    }

    /**
     * The returned total and the gradient added into a random grad, against the CPU; with a null
     * grad the total must be the same bits, also on views.
     */
    private static void checkPenalty(String op, Penalty f, Tensor input) {
        int[] shape = input.shape();
        String what = op + " " + Shapes.str(shape);
        Tensor grad0 = random(77, -1, 1, shape), grad = CPU.allocate(shape);
        CPU.copy(grad0, grad);
        double total = f.apply(CPU, input, grad);

        Tensor ga = toGpu(input), gg = toGpu(grad0);
        double gpuTotal = f.apply(gpu(), ga, gg);
        assertParity(what + " total", total, gpuTotal, TOTAL);
        assertParity(what + " grad", grad, gg, ELEMENTWISE);

        assertEquals(gpuTotal, f.apply(gpu(), ga, null), what + ": total without grad must repeat bit for bit");

        Embedded ea = Embedded.of(input), eg = Embedded.of(grad0);
        assertEquals(gpuTotal, f.apply(gpu(), ea.view(), eg.view()), what + ": total on views");
        assertParity(what + " grad (views)", grad, eg.view(), ELEMENTWISE);
        eg.assertPaddingKept(what + " grad");
    }

    @Test
    void wrongShapeThrows() {
        Tensor p = gpu().allocate(4, 5);
        assertThrows(IllegalArgumentException.class, () -> gpu().squaredError(p, gpu().allocate(4, 6), 1f, null, null));
        assertThrows(IllegalArgumentException.class, () -> gpu().weightPenalty(p, 0f, 1f, gpu().allocate(20)));
    }

    // ---- inputs and helpers -------------------------------------------------------------

    /** Values in [-1, 1) with every 7th exactly zero (sign(0) = 0). */
    private static Tensor withZeros(int n, long seed) {
        float[] v = random(seed, -1, 1, n).toArray();
        for (int i = 0; i < n; i += 7) v[i] = 0f;
        return CPU.upload(v, n);
    }

    private static Tensor binary(Tensor t) {
        float[] v = t.toArray();
        for (int i = 0; i < v.length; i++) v[i] = v[i] < 0.5f ? 0f : 1f;
        return CPU.upload(v, t.shape());
    }

    /** Random one-hot rows of the given [n, classes] shape. */
    private static Tensor oneHot(int[] shape, long seed) {
        int n = shape[0], classes = shape[1];
        float[] u = random(seed, 0, classes, n).toArray(), v = new float[n * classes];
        for (int i = 0; i < n; i++) v[i * classes + Math.min((int) u[i], classes - 1)] = 1f;
        return CPU.upload(v, shape);
    }
}
