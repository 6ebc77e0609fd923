package org.latent.backend.cuda;

import org.latent.backend.*;
import org.latent.rng.RandomKey;

/** Convolution on the GPU: cuDNN or our kernels (kernels/conv.cu); twin of CpuConv. */
final class CudaConv {

    private final CudaBackend b;

    CudaConv(CudaBackend b) {
        this.b = b;
    }

    void forward(CudaBackend.ConvPath path, CudaTensor x, CudaTensor w, CudaTensor y, ConvGeometry g) {
        throw new UnsupportedOperationException("TODO");
    }

    void backwardData(CudaBackend.ConvPath path, CudaTensor dy, CudaTensor w, CudaTensor dx, ConvGeometry g) {
        throw new UnsupportedOperationException("TODO");
    }

    void backwardFilter(CudaBackend.ConvPath path, CudaTensor x, CudaTensor dy, CudaTensor dw, ConvGeometry g) {
        throw new UnsupportedOperationException("TODO");
    }

    void close() {}
}
