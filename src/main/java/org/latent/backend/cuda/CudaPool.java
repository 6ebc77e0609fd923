package org.latent.backend.cuda;

import org.latent.backend.*;
import org.latent.rng.RandomKey;

/** Max pooling and upsampling on the GPU (kernels/pool.cu); twin of CpuPool. */
final class CudaPool {

    private CudaPool() {}

    static void maxForward(CudaBackend b, CudaTensor x, CudaTensor y, PoolGeometry g) {
        throw new UnsupportedOperationException("TODO");
    }

    static void maxBackward(CudaBackend b, CudaTensor x, CudaTensor y, CudaTensor dy, CudaTensor dx, PoolGeometry g) {
        throw new UnsupportedOperationException("TODO");
    }

    static void upsampleForward(CudaBackend b, CudaTensor x, CudaTensor y, int sh, int sw) {
        throw new UnsupportedOperationException("TODO");
    }

    static void upsampleBackward(CudaBackend b, CudaTensor dy, CudaTensor dx, int sh, int sw) {
        throw new UnsupportedOperationException("TODO");
    }
}
