package org.latent.backend.cuda;

import org.latent.backend.*;
import org.latent.rng.RandomKey;

/** Batch normalization on the GPU (kernels/batchnorm.cu); twin of CpuBatchNorm. */
final class CudaBatchNorm {

    private CudaBatchNorm() {}

    static void forwardTraining(CudaBackend b, CudaTensor x, CudaTensor gamma, CudaTensor beta, float momentum, float eps,
                                CudaTensor runningMean, CudaTensor runningVar, CudaTensor y, CudaTensor saveMean, CudaTensor saveInvStd) {
        throw new UnsupportedOperationException("TODO");
    }

    static void forwardInference(CudaBackend b, CudaTensor x, CudaTensor gamma, CudaTensor beta, float eps,
                                 CudaTensor runningMean, CudaTensor runningVar, CudaTensor y) {
        throw new UnsupportedOperationException("TODO");
    }

    static void backward(CudaBackend b, CudaTensor x, CudaTensor gamma, CudaTensor saveMean, CudaTensor saveInvStd, CudaTensor dy,
                         CudaTensor dx, CudaTensor dgamma, CudaTensor dbeta) {
        throw new UnsupportedOperationException("TODO");
    }
}
