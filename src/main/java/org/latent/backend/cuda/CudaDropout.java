package org.latent.backend.cuda;

import org.latent.rng.RandomKey;

/** Dropout on the GPU (kernels/dropout.cu); twin of CpuDropout, mask and output bit for bit. */
final class CudaDropout {
    static final String FAMILY = "dropout";

    private CudaDropout() {}

    static void forward(CudaBackend b, CudaTensor x, float rate, RandomKey key, CudaTensor counter, CudaTensor mask,
                        CudaTensor y) {
        float keep = 1f / (1f - rate);
        b.kernels.launch(FAMILY, "dropout_forward", CudaRandom.philoxBlocks(x.size()), x.size(), rate, keep, key.seed(),
                key.stream(), key.counter(), counter, x, mask, y);
    }

    static void backward(CudaBackend b, CudaTensor dy, CudaTensor mask, CudaTensor dx) {
        b.kernels.launch(FAMILY, "dropout_backward", dy.size(), dy.size(), dy, mask, dx);
    }
}
