package org.latent.backend.cpu;

import org.latent.tensor.Shapes;

/**
 * Batch normalization on the CPU. x is read as [N, C, S] (S = 1 for a [N, C] matrix); each
 * channel is reduced over its N * S values, in double and in a fixed order, one channel per task.
 */
final class CpuBatchNorm {
    private CpuBatchNorm() {}

    static void forwardTraining(CpuTensor x, CpuTensor gamma, CpuTensor beta, float momentum, float eps,
                                CpuTensor runningMean, CpuTensor runningVar, CpuTensor y, CpuTensor saveMean, CpuTensor saveInvStd) {
        int n = x.dim(0), channels = x.dim(1), s = x.spatial();
        long count = (long) n * s;
        Shapes.require(count > 1, "batchNormForwardTraining: x " + Shapes.str(x) + " has only one value per channel,"
                + " so the batch variance is undefined");
        CpuThreads.parallelFor(channels, 4 * count, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    for (int j = 0, at = x.offset + (i * channels + c) * s; j < s; j++) sum += x.data[at + j];
                }
                double mean = sum / count, squares = 0;
                for (int i = 0; i < n; i++) {
                    for (int j = 0, at = x.offset + (i * channels + c) * s; j < s; j++) {
                        double d = x.data[at + j] - mean;
                        squares += d * d;
                    }
                }
                double variance = squares / count, invStd = 1 / Math.sqrt(variance + eps);
                normalize(x, y, c, mean, invStd * gamma.data[gamma.offset + c], beta.data[beta.offset + c]);
                saveMean.data[saveMean.offset + c] = (float) mean;
                saveInvStd.data[saveInvStd.offset + c] = (float) invStd;
                int rm = runningMean.offset + c, rv = runningVar.offset + c;
                runningMean.data[rm] = (float) ((1 - momentum) * runningMean.data[rm] + momentum * mean);
                runningVar.data[rv] = (float) ((1 - momentum) * runningVar.data[rv] + momentum * squares / (count - 1));
            }
        });
    }

    static void forwardInference(CpuTensor x, CpuTensor gamma, CpuTensor beta, float eps,
                                 CpuTensor runningMean, CpuTensor runningVar, CpuTensor y) {
        CpuThreads.parallelFor(x.dim(1), 2L * x.dim(0) * x.spatial(), (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                double invStd = 1 / Math.sqrt(runningVar.data[runningVar.offset + c] + (double) eps);
                normalize(x, y, c, runningMean.data[runningMean.offset + c], invStd * gamma.data[gamma.offset + c],
                        beta.data[beta.offset + c]);
            }
        });
    }

    /** y = (x - mean) * scale + shift over channel c. */
    private static void normalize(CpuTensor x, CpuTensor y, int c, double mean, double scale, double shift) {
        int n = x.dim(0), channels = x.dim(1), s = x.spatial();
        for (int i = 0; i < n; i++) {
            int xAt = x.offset + (i * channels + c) * s, yAt = y.offset + (i * channels + c) * s;
            for (int j = 0; j < s; j++) y.data[yAt + j] = (float) ((x.data[xAt + j] - mean) * scale + shift);
        }
    }

    /**
     * With xhat = (x - mean) * invStd over the M = N * S values of a channel: dbeta = sum dy,
     * dgamma = sum dy * xhat, dx = gamma * invStd / M * (M * dy - dbeta - xhat * dgamma), the
     * gradient through the batch mean and variance as well as through xhat.
     */
    static void backward(CpuTensor x, CpuTensor gamma, CpuTensor saveMean, CpuTensor saveInvStd, CpuTensor dy,
                         CpuTensor dx, CpuTensor dgamma, CpuTensor dbeta) {
        int n = x.dim(0), channels = x.dim(1), s = x.spatial();
        long count = (long) n * s;
        CpuThreads.parallelFor(channels, 6 * count, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                double mean = saveMean.data[saveMean.offset + c], invStd = saveInvStd.data[saveInvStd.offset + c];
                double sumDy = 0, sumDyXhat = 0;
                for (int i = 0; i < n; i++) {
                    int xAt = x.offset + (i * channels + c) * s, dyAt = dy.offset + (i * channels + c) * s;
                    for (int j = 0; j < s; j++) {
                        double d = dy.data[dyAt + j];
                        sumDy += d;
                        sumDyXhat += d * (x.data[xAt + j] - mean) * invStd;
                    }
                }
                double scale = gamma.data[gamma.offset + c] * invStd / count;
                for (int i = 0; i < n; i++) {
                    int xAt = x.offset + (i * channels + c) * s, dyAt = dy.offset + (i * channels + c) * s;
                    int dxAt = dx.offset + (i * channels + c) * s;
                    for (int j = 0; j < s; j++) {
                        double xhat = (x.data[xAt + j] - mean) * invStd;
                        dx.data[dxAt + j] = (float) (scale * (count * dy.data[dyAt + j] - sumDy - xhat * sumDyXhat));
                    }
                }
                dgamma.data[dgamma.offset + c] = (float) sumDyXhat;
                dbeta.data[dbeta.offset + c] = (float) sumDy;
            }
        });
    }
}
