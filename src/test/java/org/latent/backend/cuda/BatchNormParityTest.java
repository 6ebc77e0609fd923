package org.latent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.latent.backend.cuda.GpuTests.CPU;
import static org.latent.backend.cuda.GpuTests.assertParity;
import static org.latent.backend.cuda.GpuTests.gpu;
import static org.latent.backend.cuda.GpuTests.random;
import static org.latent.backend.cuda.GpuTests.toGpu;

import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.latent.tensor.Tensor;

@Tag("gpu")
class BatchNormParityTest {
    private static final double FORWARD_TOL = 1e-5, BACKWARD_TOL = 1e-4;

    private static final int[][] SHAPES = {
        {64, 100},          // after a Dense layer
        {3, 64, 26, 26},    // after E5's first convolution (130k elements)
        {256, 64, 7, 7},    // a DCGAN variant's batch-normalized 7x7 maps (800k elements)
        {1, 5, 7, 3},       // batch 1
        {2, 13, 9, 11},
        {7, 3},
    };

    /** momentum, eps: PyTorch's defaults and Keras' (momentum 0.99 in Keras' convention). */
    private static final float[][] HYPER = {{0.1f, 1e-5f}, {0.01f, 1e-3f}};

    /** The CPU's and GPU's results of the training forward and the backward for one shape. */
    private static void trainingAndBackwardMatch(int[] shape, float momentum, float eps, boolean inPlace) {
        String what = "batchNorm " + Arrays.toString(shape) + " momentum " + momentum + " eps " + eps + (inPlace ? " in place" : "");
        int c = shape[1];
        long seed = Arrays.hashCode(shape);
        Tensor x = random(seed, -1, 3, shape), dy = random(seed + 1, -1, 1, shape);
        Tensor gamma = random(seed + 2, 0.5, 1.5, c), beta = random(seed + 3, -0.5, 0.5, c);
        Tensor runningMean = random(seed + 4, -0.2, 0.2, c), runningVar = random(seed + 5, 0.5, 1.5, c);
        Tensor gRunningMean = toGpu(runningMean), gRunningVar = toGpu(runningVar);
        Tensor y = CPU.allocate(shape), saveMean = CPU.allocate(c), saveInvStd = CPU.allocate(c);
        CPU.batchNormForwardTraining(x, gamma, beta, momentum, eps, runningMean, runningVar, y, saveMean, saveInvStd);
        Tensor dx = CPU.allocate(shape), dgamma = CPU.allocate(c), dbeta = CPU.allocate(c);
        CPU.batchNormBackward(x, gamma, saveMean, saveInvStd, dy, dx, dgamma, dbeta);

        Tensor gx = toGpu(x), gGamma = toGpu(gamma), gBeta = toGpu(beta);
        Tensor gy = inPlace ? toGpu(x) : gpu().allocate(shape);
        Tensor gSaveMean = gpu().allocate(c), gSaveInvStd = gpu().allocate(c);
        gpu().batchNormForwardTraining(inPlace ? gy : gx, gGamma, gBeta, momentum, eps, gRunningMean, gRunningVar, gy,
                gSaveMean, gSaveInvStd);
        assertParity(what + " y", y, gy, FORWARD_TOL);
        assertParity(what + " saveMean", saveMean, gSaveMean, FORWARD_TOL);
        assertParity(what + " saveInvStd", saveInvStd, gSaveInvStd, FORWARD_TOL);
        assertParity(what + " runningMean", runningMean, gRunningMean, FORWARD_TOL);
        assertParity(what + " runningVar", runningVar, gRunningVar, FORWARD_TOL);

        Tensor gdy = toGpu(dy), gdx = inPlace ? gdy : gpu().allocate(shape);
        Tensor gdgamma = gpu().allocate(c), gdbeta = gpu().allocate(c);
        gpu().batchNormBackward(gx, gGamma, gSaveMean, gSaveInvStd, gdy, gdx, gdgamma, gdbeta);
        assertParity(what + " dx", dx, gdx, BACKWARD_TOL);
        assertParity(what + " dgamma", dgamma, gdgamma, BACKWARD_TOL);
        assertParity(what + " dbeta", dbeta, gdbeta, BACKWARD_TOL);
    }

    @Test
    void trainingForwardAndBackwardMatchCpu() {
        gpu();
        for (int[] shape : SHAPES) for (float[] h : HYPER) trainingAndBackwardMatch(shape, h[0], h[1], false);
    }

    @Test
    void inPlaceMatchesCpu() {
        gpu();
        trainingAndBackwardMatch(new int[] {3, 64, 26, 26}, 0.1f, 1e-5f, true);
        trainingAndBackwardMatch(new int[] {64, 100}, 0.1f, 1e-5f, true);
    }

    @Test
    void inferenceMatchesCpu() {
        gpu();
        for (int[] shape : SHAPES) {
            int c = shape[1];
            long seed = Arrays.hashCode(shape) + 10;
            Tensor x = random(seed, -1, 3, shape), gamma = random(seed + 1, 0.5, 1.5, c), beta = random(seed + 2, -0.5, 0.5, c);
            Tensor mean = random(seed + 3, 0, 2, c), var = random(seed + 4, 0.2, 2, c), y = CPU.allocate(shape);
            CPU.batchNormForwardInference(x, gamma, beta, 1e-3f, mean, var, y);
            Tensor gy = gpu().allocate(shape);
            gpu().batchNormForwardInference(toGpu(x), toGpu(gamma), toGpu(beta), 1e-3f, toGpu(mean), toGpu(var), gy);
            assertParity("batchNorm inference " + Arrays.toString(shape), y, gy, FORWARD_TOL);
        }
    }

    /** x and the per-channel tensors as views at offsets into larger buffers. */
    @Test
    void viewsMatchCpu() {
        gpu();
        int[] shape = {2, 13, 9, 11};
        int c = shape[1], size = 2 * 13 * 9 * 11;
        Tensor x = random(1, -1, 3, shape), dy = random(2, -1, 1, shape), gamma = random(3, 0.5, 1.5, c), beta = random(4, -1, 1, c);
        Tensor rm = CPU.allocate(c), rv = CPU.allocate(c), y = CPU.allocate(shape), sm = CPU.allocate(c), si = CPU.allocate(c);
        CPU.fill(rv, 1f);
        CPU.batchNormForwardTraining(x, gamma, beta, 0.1f, 1e-5f, rm, rv, y, sm, si);
        Tensor dx = CPU.allocate(shape), dgamma = CPU.allocate(c), dbeta = CPU.allocate(c);
        CPU.batchNormBackward(x, gamma, sm, si, dy, dx, dgamma, dbeta);

        Tensor xBuf = gpu().allocate(size + 5), gx = xBuf.view(5, shape);
        gpu().write(x.toArray(), gx);
        Tensor params = gpu().allocate(8 * c + 1);
        Tensor gGamma = params.view(1, c), gBeta = params.view(1 + c, c), grm = params.view(1 + 2 * c, c);
        Tensor grv = params.view(1 + 3 * c, c), gsm = params.view(1 + 4 * c, c), gsi = params.view(1 + 5 * c, c);
        Tensor gdgamma = params.view(1 + 6 * c, c), gdbeta = params.view(1 + 7 * c, c);
        gpu().write(gamma.toArray(), gGamma);
        gpu().write(beta.toArray(), gBeta);
        gpu().fill(grv, 1f);
        Tensor gy = gpu().allocate(size + 3).view(3, shape), gdx = gpu().allocate(size + 1).view(1, shape);
        gpu().batchNormForwardTraining(gx, gGamma, gBeta, 0.1f, 1e-5f, grm, grv, gy, gsm, gsi);
        gpu().batchNormBackward(gx, gGamma, gsm, gsi, toGpu(dy), gdx, gdgamma, gdbeta);
        assertParity("batchNorm on views y", y, gy, FORWARD_TOL);
        assertParity("batchNorm on views runningVar", rv, grv, FORWARD_TOL);
        assertParity("batchNorm on views dx", dx, gdx, BACKWARD_TOL);
        assertParity("batchNorm on views dgamma", dgamma, gdgamma, BACKWARD_TOL);
        assertParity("batchNorm on views dbeta", dbeta, gdbeta, BACKWARD_TOL);
    }

    @Test
    void statisticsRepeatBitForBit() {
        int[] shape = {256, 64, 7, 7};
        Tensor x = toGpu(random(5, -1, 3, shape)), dy = toGpu(random(6, -1, 1, shape)), gamma = gpu().allocate(64);
        gpu().fill(gamma, 1f);
        Tensor sm = gpu().allocate(64), si = gpu().allocate(64), y = gpu().allocate(shape), dgamma = gpu().allocate(64);
        Tensor beta = gpu().allocate(64), mean = gpu().allocate(64), var = gpu().allocate(64), dbeta = gpu().allocate(64);
        Tensor dx = gpu().allocate(shape);
        float[][] first = new float[3][];
        for (int run = 0; run < 2; run++) {
            gpu().batchNormForwardTraining(x, gamma, beta, 0.1f, 1e-5f, mean, var, y, sm, si);
            gpu().batchNormBackward(x, gamma, sm, si, dy, dx, dgamma, dbeta);
            float[][] now = {si.toArray(), dgamma.toArray(), dx.toArray()};
            if (run == 0) first = now;
            else for (int i = 0; i < 3; i++) assertArrayEquals(first[i], now[i], "batch norm result " + i + " differs between runs");
        }
    }

    @Test
    void wrongShapeIsRejected() {
        Tensor x = gpu().allocate(4, 3, 5, 5), y = gpu().allocate(4, 3, 5, 5), wrong = gpu().allocate(4);
        assertThrows(IllegalArgumentException.class, () -> gpu().batchNormForwardInference(x, wrong, wrong, 1e-5f, wrong, wrong, y));
    }
}
