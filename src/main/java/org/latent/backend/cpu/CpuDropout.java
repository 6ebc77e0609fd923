package org.latent.backend.cpu;

import org.latent.backend.*;
import org.latent.rng.RandomKey;

/** Dropout on the CPU. */
final class CpuDropout {
    private CpuDropout() {}

    static void forward(CpuTensor x, float rate, RandomKey key, CpuTensor mask, CpuTensor y) {
        throw new UnsupportedOperationException("TODO");
    }

    static void backward(CpuTensor dy, CpuTensor mask, CpuTensor dx) {
        throw new UnsupportedOperationException("TODO");
    }
}
