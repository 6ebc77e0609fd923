package org.latent.backend.cuda;

import org.latent.backend.*;
import org.latent.rng.RandomKey;

/** Philox4x32-10 fills on the GPU (kernels/random.cu); twin of CpuRandom. */
final class CudaRandom {

    private CudaRandom() {}

    static void uniform(CudaBackend b, CudaTensor t, float lo, float hi, RandomKey key) {
        throw new UnsupportedOperationException("TODO");
    }

    static void normal(CudaBackend b, CudaTensor t, float mean, float std, RandomKey key) {
        throw new UnsupportedOperationException("TODO");
    }

    static void bernoulli(CudaBackend b, CudaTensor t, float p, RandomKey key) {
        throw new UnsupportedOperationException("TODO");
    }
}
