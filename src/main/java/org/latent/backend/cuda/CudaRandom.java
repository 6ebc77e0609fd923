package org.latent.backend.cuda;

import org.latent.rng.RandomKey;

/**
 * Philox4x32-10 fills on the GPU (kernels/random.cu); twin of CpuRandom. One thread per Philox
 * block of four elements, addressed as in {@link org.latent.rng.Philox}; the key's longs are passed
 * as they are and split into words on the device. {@code counter}: null, or a step counter whose
 * value the kernel adds to the key's counter (a device key: the key holds its offset).
 */
final class CudaRandom {
    static final String FAMILY = "random";

    private CudaRandom() {}

    /** Threads needed for an n-element fill: one per Philox block. */
    static long philoxBlocks(int n) {
        return (n + 3L) / 4;
    }

    static void uniform(CudaBackend b, CudaTensor t, float lo, float hi, RandomKey key, CudaTensor counter) {
        float range = hi - lo;
        b.kernels.launch(FAMILY, "uniform_fill", philoxBlocks(t.size()), t.size(), lo, range, key.seed(), key.stream(),
                key.counter(), counter, t);
    }

    static void normal(CudaBackend b, CudaTensor t, float mean, float std, RandomKey key, CudaTensor counter) {
        b.kernels.launch(FAMILY, "normal_fill", philoxBlocks(t.size()), t.size(), mean, std, key.seed(), key.stream(),
                key.counter(), counter, t);
    }

    static void bernoulli(CudaBackend b, CudaTensor t, float p, RandomKey key, CudaTensor counter) {
        b.kernels.launch(FAMILY, "bernoulli_fill", philoxBlocks(t.size()), t.size(), p, key.seed(), key.stream(),
                key.counter(), counter, t);
    }
}
