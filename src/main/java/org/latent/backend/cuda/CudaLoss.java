package org.latent.backend.cuda;

import org.latent.backend.*;
import org.latent.rng.RandomKey;

/** Losses and penalties on the GPU (kernels/loss.cu); twin of CpuLoss. */
final class CudaLoss {

    private final CudaBackend b;

    CudaLoss(CudaBackend b) {
        this.b = b;
    }

    void squaredError(CudaTensor p, CudaTensor t, float scale, CudaTensor loss, CudaTensor grad) {
        throw new UnsupportedOperationException("TODO");
    }

    void bceWithLogits(CudaTensor logits, CudaTensor t, float scale, CudaTensor loss, CudaTensor grad) {
        throw new UnsupportedOperationException("TODO");
    }

    void bceWithProbabilities(CudaTensor p, CudaTensor t, float scale, CudaTensor loss, CudaTensor grad) {
        throw new UnsupportedOperationException("TODO");
    }

    void softmaxCrossEntropy(CudaTensor logits, CudaTensor t, float scale, CudaTensor loss, CudaTensor grad, CudaTensor probs) {
        throw new UnsupportedOperationException("TODO");
    }

    void gaussianReparameterize(CudaTensor stats, CudaTensor eps, float klScale, CudaTensor z, CudaTensor kl) {
        throw new UnsupportedOperationException("TODO");
    }

    void gaussianReparameterizeBackward(CudaTensor stats, CudaTensor eps, CudaTensor dz, float klScale, CudaTensor dstats) {
        throw new UnsupportedOperationException("TODO");
    }

    void wasserstein(CudaTensor score, CudaTensor sign, float scale, CudaTensor loss, CudaTensor grad) {
        throw new UnsupportedOperationException("TODO");
    }

    double l1ActivityPenalty(CudaTensor a, float lambda, CudaTensor grad) {
        throw new UnsupportedOperationException("TODO");
    }

    double klSparsityPenalty(CudaTensor a, float p, float beta, CudaTensor grad) {
        throw new UnsupportedOperationException("TODO");
    }

    double weightPenalty(CudaTensor w, float l1, float l2, CudaTensor grad) {
        throw new UnsupportedOperationException("TODO");
    }
}
