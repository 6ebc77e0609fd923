package org.latent.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.latent.backend.cpu.CpuBackend;
import org.latent.tensor.Tensor;
import org.latent.testing.GradCheck;

/** Batch normalization: training statistics and running averages by hand, inference, gradients, shape errors. */
class BatchNormTest {
    private final Backend backend = new CpuBackend();

    private static final float MOMENTUM = 0.1f, EPS = 1e-5f;

    /** A copy of t that is a view one row into a larger tensor, so that its offset is nonzero. */
    private Tensor offsetView(Tensor t) {
        int[] shape = t.shape();
        shape[0] += 1;
        Tensor view = backend.allocate(shape).rows(1, t.rows());
        backend.copy(t, view);
        return view;
    }

    private Tensor channels(float... values) {
        return backend.upload(values, values.length);
    }

    /**
     * x [N=2, C=2, H=1, W=2]: channel 0 holds {1, 2, 3, 6} (mean 3, biased variance 14/4, unbiased
     * 14/3), channel 1 holds {-1, -1, 1, 1} (mean 0, biased variance 1, unbiased 4/3).
     */
    private Tensor handExample() {
        return backend.upload(new float[] {1, 2, -1, -1, 3, 6, 1, 1}, 2, 2, 1, 2);
    }

    @Test
    void trainingForwardByHand() {
        Tensor x = offsetView(handExample()), y = backend.allocate(2, 2, 1, 2);
        Tensor gamma = channels(2f, 0.5f), beta = channels(0.1f, -0.2f);
        Tensor runningMean = channels(0.5f, -1f), runningVar = channels(2f, 0.5f);
        Tensor saveMean = channels(9, 9), saveInvStd = channels(9, 9);
        backend.batchNormForwardTraining(x, gamma, beta, MOMENTUM, EPS, runningMean, runningVar, y, saveMean, saveInvStd);

        assertArrayEquals(new float[] {3, 0}, saveMean.toArray(), 1e-6f);
        double inv0 = 1 / Math.sqrt(3.5 + EPS), inv1 = 1 / Math.sqrt(1 + EPS);
        assertArrayEquals(new float[] {(float) inv0, (float) inv1}, saveInvStd.toArray(), 1e-6f);
        // running = 0.9 * running + 0.1 * batch, with the unbiased variance
        assertArrayEquals(new float[] {0.9f * 0.5f + 0.1f * 3, 0.9f * -1 + 0.1f * 0}, runningMean.toArray(), 1e-6f);
        assertArrayEquals(new float[] {0.9f * 2 + 0.1f * 14 / 3f, 0.9f * 0.5f + 0.1f * 4 / 3f}, runningVar.toArray(), 1e-6f);
        float[] expected = {
                (float) (2 * (1 - 3) * inv0 + 0.1), (float) (2 * (2 - 3) * inv0 + 0.1),
                (float) (0.5 * -1 * inv1 - 0.2), (float) (0.5 * -1 * inv1 - 0.2),
                (float) (2 * (3 - 3) * inv0 + 0.1), (float) (2 * (6 - 3) * inv0 + 0.1),
                (float) (0.5 * 1 * inv1 - 0.2), (float) (0.5 * 1 * inv1 - 0.2)};
        assertArrayEquals(expected, y.toArray(), 1e-6f);
    }

    @Test
    void inferenceUsesTheRunningStatisticsAndLeavesThemAlone() {
        Tensor x = offsetView(handExample()), y = backend.allocate(2, 2, 1, 2);
        Tensor gamma = channels(2f, 0.5f), beta = channels(0.1f, -0.2f);
        Tensor runningMean = channels(0.5f, -1f), runningVar = channels(2f, 0.5f);
        backend.batchNormForwardInference(x, gamma, beta, EPS, runningMean, runningVar, y);

        assertArrayEquals(new float[] {0.5f, -1f}, runningMean.toArray());
        assertArrayEquals(new float[] {2f, 0.5f}, runningVar.toArray());
        double inv0 = 1 / Math.sqrt(2 + EPS), inv1 = 1 / Math.sqrt(0.5 + EPS);
        float[] expected = {
                (float) (2 * (1 - 0.5) * inv0 + 0.1), (float) (2 * (2 - 0.5) * inv0 + 0.1),
                (float) (0.5 * (-1 + 1) * inv1 - 0.2), (float) (0.5 * (-1 + 1) * inv1 - 0.2),
                (float) (2 * (3 - 0.5) * inv0 + 0.1), (float) (2 * (6 - 0.5) * inv0 + 0.1),
                (float) (0.5 * (1 + 1) * inv1 - 0.2), (float) (0.5 * (1 + 1) * inv1 - 0.2)};
        assertArrayEquals(expected, y.toArray(), 1e-6f);
    }

    // Batch norm is smooth but not linear: the central-difference truncation error is O(h^2) times
    // third derivatives of order 1 for unit-scale inputs, about 1e-5 relative at h = 1e-2, and float
    // rounding of the objective divided by 2h adds less (observed: at most 2e-5). Tolerance 1e-3;
    // dropping any one term of the backward formula gives errors of order 0.1 to 1.
    private static final double H = 1e-2, TOLERANCE = 1e-3;

    @Test
    void gradientsOfDenseAndImageInputs() {
        checkGradients(new int[] {7, 3}, 1);
        checkGradients(new int[] {3, 2, 3, 5}, 2);
        checkGradients(new int[] {2, 5, 2, 3}, 3);
    }

    private void checkGradients(int[] shape, long seed) {
        int c = shape[1];
        Tensor x = offsetView(backend.upload(GradCheck.random(seed, size(shape), -1.5, 2), shape));
        Tensor gamma = backend.upload(GradCheck.random(seed + 10, c, 0.5, 1.5), c);
        Tensor beta = backend.upload(GradCheck.random(seed + 20, c, -0.5, 0.5), c);
        Tensor runningMean = backend.allocate(c), runningVar = backend.allocate(c);
        Tensor y = backend.allocate(shape), saveMean = backend.allocate(c), saveInvStd = backend.allocate(c);
        float[] r = GradCheck.random(seed + 30, y.size(), -1, 1);
        DoubleSupplier objective = () -> {
            backend.batchNormForwardTraining(x, gamma, beta, MOMENTUM, EPS, runningMean, runningVar, y, saveMean, saveInvStd);
            return GradCheck.dot(y, r);
        };
        objective.getAsDouble();
        Tensor dx = offsetView(backend.allocate(shape)), dgamma = channels(new float[c]), dbeta = channels(new float[c]);
        backend.batchNormBackward(x, gamma, saveMean, saveInvStd, backend.upload(r, shape), dx, dgamma, dbeta);
        String what = Arrays.toString(shape);
        GradCheck.assertClose("dx " + what, GradCheck.numeric(x, objective, H), dx.toArray(), TOLERANCE);
        GradCheck.assertClose("dgamma " + what, GradCheck.numeric(gamma, objective, H), dgamma.toArray(), TOLERANCE);
        GradCheck.assertClose("dbeta " + what, GradCheck.numeric(beta, objective, H), dbeta.toArray(), TOLERANCE);
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    /** Training on one value per channel has no variance; inference on a single example is fine. */
    @Test
    void oneValuePerChannelIsRejectedInTrainingOnly() {
        Tensor x = backend.upload(new float[] {1, 2, 3}, 1, 3), y = backend.allocate(1, 3);
        Tensor zeros = channels(0, 0, 0), ones = channels(1, 1, 1);
        assertMessage("batchNormForwardTraining",
                () -> backend.batchNormForwardTraining(x, ones, zeros, MOMENTUM, EPS, zeros, ones, y, zeros, zeros));
        backend.batchNormForwardInference(x, ones, zeros, EPS, zeros, ones, y);
        float s = (float) (1 / Math.sqrt(1 + EPS));
        assertArrayEquals(new float[] {s, 2 * s, 3 * s}, y.toArray(), 1e-6f);
    }

    @Test
    void wrongShapesAreRejectedNamingTheOp() {
        Tensor x = backend.allocate(4, 3, 2, 2), c = backend.allocate(3), wrong = backend.allocate(4);
        Tensor y = backend.allocate(4, 3, 2, 2), badY = backend.allocate(4, 3, 4);
        assertMessage("batchNormForwardTraining",
                () -> backend.batchNormForwardTraining(x, wrong, c, MOMENTUM, EPS, c, c, y, c, c));
        assertMessage("batchNormForwardTraining",
                () -> backend.batchNormForwardTraining(x, c, c, MOMENTUM, EPS, c, c, badY, c, c));
        assertMessage("batchNormForwardInference", () -> backend.batchNormForwardInference(x, c, c, EPS, wrong, c, y));
        assertMessage("batchNormBackward", () -> backend.batchNormBackward(x, c, c, c, y, y, wrong, c));
        assertMessage("batchNormBackward", () -> backend.batchNormBackward(x, c, c, c, badY, y, c, c));
    }

    private static void assertMessage(String op, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(op), "message should name " + op + ": " + e.getMessage());
    }
}
