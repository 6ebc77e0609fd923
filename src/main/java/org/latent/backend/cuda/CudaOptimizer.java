package org.latent.backend.cuda;

import org.latent.backend.*;
import org.latent.rng.RandomKey;

/** Optimizer steps on the GPU (kernels/optimizer.cu); twin of CpuOptimizer. */
final class CudaOptimizer {

    private CudaOptimizer() {}

    static void sgd(CudaBackend b, CudaTensor p, CudaTensor g, CudaTensor velocity, float lr, float momentum, boolean nesterov) {
        throw new UnsupportedOperationException("TODO");
    }

    static void adam(CudaBackend b, CudaTensor p, CudaTensor g, CudaTensor m, CudaTensor v, float lr, float beta1, float beta2, float eps, long step) {
        throw new UnsupportedOperationException("TODO");
    }

    static void rmsprop(CudaBackend b, CudaTensor p, CudaTensor g, CudaTensor sq, float lr, float rho, float eps) {
        throw new UnsupportedOperationException("TODO");
    }
}
