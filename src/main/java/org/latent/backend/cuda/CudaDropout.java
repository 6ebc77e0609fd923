package org.latent.backend.cuda;

import org.latent.backend.*;
import org.latent.rng.RandomKey;

/** Dropout on the GPU (kernels/dropout.cu); twin of CpuDropout. */
final class CudaDropout {

    private CudaDropout() {}

    static void forward(CudaBackend b, CudaTensor x, float rate, RandomKey key, CudaTensor mask, CudaTensor y) {
        throw new UnsupportedOperationException("TODO");
    }

    static void backward(CudaBackend b, CudaTensor dy, CudaTensor mask, CudaTensor dx) {
        throw new UnsupportedOperationException("TODO");
    }
}
