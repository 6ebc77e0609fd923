package org.latent.backend.cuda;

import org.latent.backend.PoolGeometry;

/** Max pooling and upsampling on the GPU (kernels/pool.cu); twin of CpuPool. One thread per element written. */
final class CudaPool {
    static final String FAMILY = "pool";

    private CudaPool() {}

    static void maxForward(CudaBackend b, CudaTensor x, CudaTensor y, PoolGeometry g) {
        b.kernels.launch(FAMILY, "maxpool_forward", y.size(), g.n() * g.c(), g.h(), g.w(), g.kh(), g.kw(), g.strideH(),
                g.strideW(), g.outH(), g.outW(), x, y);
    }

    /** y is not read: the first maximum of each window is found again in x. */
    static void maxBackward(CudaBackend b, CudaTensor x, CudaTensor y, CudaTensor dy, CudaTensor dx, PoolGeometry g) {
        b.kernels.launch(FAMILY, "maxpool_backward", dx.size(), g.n() * g.c(), g.h(), g.w(), g.kh(), g.kw(), g.strideH(),
                g.strideW(), g.outH(), g.outW(), x, dy, dx);
    }

    static void upsampleForward(CudaBackend b, CudaTensor x, CudaTensor y, int sh, int sw) {
        b.kernels.launch(FAMILY, "upsample_forward", y.size(), x.dim(0) * x.dim(1), x.dim(2), x.dim(3), sh, sw, x, y);
    }

    static void upsampleBackward(CudaBackend b, CudaTensor dy, CudaTensor dx, int sh, int sw) {
        b.kernels.launch(FAMILY, "upsample_backward", dx.size(), dx.dim(0) * dx.dim(1), dx.dim(2), dx.dim(3), sh, sw, dy, dx);
    }
}
