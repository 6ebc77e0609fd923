package org.latent.backend.cuda;

import org.latent.backend.*;
import org.latent.rng.RandomKey;

/** Bias + activation on the GPU (kernels/activation.cu); twin of CpuActivation. */
final class CudaActivation {

    private CudaActivation() {}

    static void forward(CudaBackend b, CudaTensor x, CudaTensor bias, Activation act, float alpha, CudaTensor slope, CudaTensor y) {
        throw new UnsupportedOperationException("TODO");
    }

    static void backward(CudaBackend b, CudaTensor x, CudaTensor bias, Activation act, float alpha, CudaTensor slope, CudaTensor y,
                         CudaTensor dy, CudaTensor dx, CudaTensor dbias, CudaTensor dslope) {
        throw new UnsupportedOperationException("TODO");
    }
}
