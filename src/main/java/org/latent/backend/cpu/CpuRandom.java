package org.latent.backend.cpu;

import org.latent.backend.*;
import org.latent.rng.RandomKey;

/** Philox4x32-10 fills on the CPU. */
final class CpuRandom {
    private CpuRandom() {}

    static void uniform(CpuTensor t, float lo, float hi, RandomKey key) {
        throw new UnsupportedOperationException("TODO");
    }

    static void normal(CpuTensor t, float mean, float std, RandomKey key) {
        throw new UnsupportedOperationException("TODO");
    }

    static void bernoulli(CpuTensor t, float p, RandomKey key) {
        throw new UnsupportedOperationException("TODO");
    }
}
