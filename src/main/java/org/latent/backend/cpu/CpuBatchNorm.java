package org.latent.backend.cpu;

import org.latent.backend.*;
import org.latent.rng.RandomKey;

/** Batch normalization on the CPU. */
final class CpuBatchNorm {
    private CpuBatchNorm() {}

    static void forwardTraining(CpuTensor x, CpuTensor gamma, CpuTensor beta, float momentum, float eps,
                                CpuTensor runningMean, CpuTensor runningVar, CpuTensor y, CpuTensor saveMean, CpuTensor saveInvStd) {
        throw new UnsupportedOperationException("TODO");
    }

    static void forwardInference(CpuTensor x, CpuTensor gamma, CpuTensor beta, float eps,
                                 CpuTensor runningMean, CpuTensor runningVar, CpuTensor y) {
        throw new UnsupportedOperationException("TODO");
    }

    static void backward(CpuTensor x, CpuTensor gamma, CpuTensor saveMean, CpuTensor saveInvStd, CpuTensor dy,
                         CpuTensor dx, CpuTensor dgamma, CpuTensor dbeta) {
        throw new UnsupportedOperationException("TODO");
    }
}
