package org.latent.backend.cpu;

import org.latent.backend.*;
import org.latent.rng.RandomKey;

/** Losses and penalties on the CPU. */
final class CpuLoss {
    private CpuLoss() {}

    static void squaredError(CpuTensor p, CpuTensor t, float scale, CpuTensor loss, CpuTensor grad) {
        throw new UnsupportedOperationException("TODO");
    }

    static void bceWithLogits(CpuTensor logits, CpuTensor t, float scale, CpuTensor loss, CpuTensor grad) {
        throw new UnsupportedOperationException("TODO");
    }

    static void bceWithProbabilities(CpuTensor p, CpuTensor t, float scale, CpuTensor loss, CpuTensor grad) {
        throw new UnsupportedOperationException("TODO");
    }

    static void softmaxCrossEntropy(CpuTensor logits, CpuTensor t, float scale, CpuTensor loss, CpuTensor grad, CpuTensor probs) {
        throw new UnsupportedOperationException("TODO");
    }

    static void gaussianReparameterize(CpuTensor stats, CpuTensor eps, float klScale, CpuTensor z, CpuTensor kl) {
        throw new UnsupportedOperationException("TODO");
    }

    static void gaussianReparameterizeBackward(CpuTensor stats, CpuTensor eps, CpuTensor dz, float klScale, CpuTensor dstats) {
        throw new UnsupportedOperationException("TODO");
    }

    static void wasserstein(CpuTensor score, CpuTensor sign, float scale, CpuTensor loss, CpuTensor grad) {
        throw new UnsupportedOperationException("TODO");
    }

    static double l1ActivityPenalty(CpuTensor a, float lambda, CpuTensor grad) {
        throw new UnsupportedOperationException("TODO");
    }

    static double klSparsityPenalty(CpuTensor a, float p, float beta, CpuTensor grad) {
        throw new UnsupportedOperationException("TODO");
    }

    static double weightPenalty(CpuTensor w, float l1, float l2, CpuTensor grad) {
        throw new UnsupportedOperationException("TODO");
    }
}
