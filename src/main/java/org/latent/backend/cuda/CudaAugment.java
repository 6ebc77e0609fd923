package org.latent.backend.cuda;

import org.latent.rng.RandomKey;

/** Image augmentation on the GPU (kernels/augment.cu); twin of CpuAugment, bit for bit (only copies). */
final class CudaAugment {
    static final String FAMILY = "augment";

    private CudaAugment() {}

    static void augment(CudaBackend b, CudaTensor src, CudaTensor dst, RandomKey key, CudaTensor counter, boolean flip, int pad) {
        int n = src.dim(0), c = src.dim(1), h = src.dim(2), w = src.dim(3);
        b.kernels.launch(FAMILY, "augment_images", src.size(), n, c, h, w, flip ? 1 : 0, pad, key.seed(), key.stream(),
                key.counter(), counter, src, dst);
    }
}
