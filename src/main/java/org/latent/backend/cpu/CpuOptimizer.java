package org.latent.backend.cpu;

import org.latent.backend.*;
import org.latent.rng.RandomKey;

/** Optimizer steps over the flat parameter buffer on the CPU. */
final class CpuOptimizer {
    private CpuOptimizer() {}

    static void sgd(CpuTensor p, CpuTensor g, CpuTensor velocity, float lr, float momentum, boolean nesterov) {
        throw new UnsupportedOperationException("TODO");
    }

    static void adam(CpuTensor p, CpuTensor g, CpuTensor m, CpuTensor v, float lr, float beta1, float beta2, float eps, long step) {
        throw new UnsupportedOperationException("TODO");
    }

    static void rmsprop(CpuTensor p, CpuTensor g, CpuTensor sq, float lr, float rho, float eps) {
        throw new UnsupportedOperationException("TODO");
    }
}
