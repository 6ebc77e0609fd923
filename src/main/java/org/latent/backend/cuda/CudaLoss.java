package org.latent.backend.cuda;

/**
 * Losses and penalties on the GPU (kernels/loss.cu); twin of CpuLoss. Batch losses run one block per
 * example row, summing the row in double; the penalties' totals come from the deterministic two-pass
 * reduction of CudaElementwise. A null loss or grad is not written.
 */
final class CudaLoss {
    private static final String FAMILY = "loss";
    private final CudaBackend b;

    CudaLoss(CudaBackend b) {
        this.b = b;
    }

    void squaredError(CudaTensor p, CudaTensor t, float scale, CudaTensor loss, CudaTensor grad) {
        perRow("squared_error", p, scale, p, t, loss, grad);
    }

    void bceWithLogits(CudaTensor logits, CudaTensor t, float scale, CudaTensor loss, CudaTensor grad) {
        perRow("bce_with_logits", logits, scale, logits, t, loss, grad);
    }

    void bceWithProbabilities(CudaTensor p, CudaTensor t, float scale, CudaTensor loss, CudaTensor grad) {
        perRow("bce_with_probabilities", p, scale, p, t, loss, grad);
    }

    void softmaxCrossEntropy(CudaTensor logits, CudaTensor t, float scale, CudaTensor loss, CudaTensor grad,
                             CudaTensor probs) {
        perRow("softmax_cross_entropy", logits, scale, logits, t, loss, grad, probs);
    }

    /** klScaleState: null, or the device scalar that replaces klScale. */
    void gaussianReparameterize(CudaTensor stats, CudaTensor eps, float klScale, CudaTensor klScaleState, CudaTensor z, CudaTensor kl) {
        perRow("gaussian_reparameterize", eps, klScale, klScaleState, stats, eps, z, kl);
    }

    void gaussianReparameterizeBackward(CudaTensor stats, CudaTensor eps, CudaTensor dz, float klScale, CudaTensor klScaleState,
                                        CudaTensor dstats) {
        int n = eps.rows(), latent = eps.cols();
        b.kernels.launch(FAMILY, "gaussian_reparameterize_backward", (long) n * latent, n, latent, klScale, klScaleState, stats,
                eps, dz, dstats);
    }

    void wasserstein(CudaTensor score, CudaTensor sign, float scale, CudaTensor loss, CudaTensor grad) {
        perRow("wasserstein", score, scale, score, sign, loss, grad);
    }

    double l1ActivityPenalty(CudaTensor a, float lambda, CudaTensor grad) {
        return lambda * b.elementwise.reduce(FAMILY, "l1_penalty_partials", a.size(), a, lambda, grad);
    }

    double klSparsityPenalty(CudaTensor a, float p, float beta, CudaTensor grad) {
        return beta * b.elementwise.reduce(FAMILY, "kl_sparsity_partials", a.cols(), a.rows(), a, p, beta, grad);
    }

    double weightPenalty(CudaTensor w, float l1, float l2, CudaTensor grad) {
        return b.elementwise.reduce(FAMILY, "weight_penalty_partials", w.size(), w, l1, l2, grad);
    }

    /** Launches {@code kernel(D, args...)} with one block per row of {@code input} read as [N, D]. */
    private void perRow(String kernel, CudaTensor input, Object... args) {
        int n = input.rows();
        if (n == 0) return;
        Object[] full = new Object[args.length + 1];
        full[0] = input.cols();
        System.arraycopy(args, 0, full, 1, args.length);
        b.kernels.launchGrid(FAMILY, kernel, n, 1, 1, Kernels.BLOCK, 1, 1, 0, full);
    }
}
