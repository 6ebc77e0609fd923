package org.latent.backend.cpu;

/**
 * Losses and penalties on the CPU. Batch losses read their inputs as [N, D] matrices, split the
 * rows over threads (each row writes only its own loss and gradient elements) and sum each row in
 * double. Penalties run on one thread and return a sum accumulated in double.
 * A null loss or grad is simply not written.
 */
final class CpuLoss {
    private CpuLoss() {}

    /** Keras' epsilon: probabilities are clipped to [EPS, 1 - EPS] (both as float32) before the logs. */
    private static final float EPS = 1e-7f;
    private static final float ONE_MINUS_EPS = 1f - EPS;

    private interface RowLoss {
        /** For the row at flat indices [from, to): writes its gradient (when grad is not null), returns scale * its loss. */
        double row(int from, int to);
    }

    /**
     * parallelFor's cost of an element that takes an exponential or a logarithm, in its units of
     * about one arithmetic operation: without it E4's softmax cross-entropy (512 x 10) and E1's
     * reparameterization (100 x 20) stayed on one thread.
     */
    private static final int TRANSCENDENTAL = 20;

    /**
     * Runs {@code body} on every row of an [N, D] input and stores what it returns into loss;
     * costPerElement in parallelFor's units.
     */
    private static void perRow(CpuTensor input, CpuTensor loss, int costPerElement, RowLoss body) {
        int n = input.rows(), d = input.cols();
        CpuThreads.parallelFor(n, (long) d * costPerElement, (r0, r1) -> {
            for (int i = r0; i < r1; i++) {
                double l = body.row(i * d, (i + 1) * d);
                if (loss != null) loss.data[loss.offset + i] = (float) l;
            }
        });
    }

    static void squaredError(CpuTensor p, CpuTensor t, float scale, CpuTensor loss, CpuTensor grad) {
        perRow(p, loss, 1, (from, to) -> {
            double sum = 0;
            for (int j = from; j < to; j++) {
                double d = (double) p.data[p.offset + j] - t.data[t.offset + j];
                sum += d * d;
                if (grad != null) grad.data[grad.offset + j] = (float) (2.0 * scale * d);
            }
            return scale * sum;
        });
    }

    /** Per element max(x, 0) - x t + log(1 + exp(-|x|)); gradient sigmoid(x) - t. */
    static void bceWithLogits(CpuTensor logits, CpuTensor t, float scale, CpuTensor loss, CpuTensor grad) {
        perRow(logits, loss, TRANSCENDENTAL, (from, to) -> {
            double sum = 0;
            for (int j = from; j < to; j++) {
                double x = logits.data[logits.offset + j], target = t.data[t.offset + j];
                sum += CpuActivation.softplus(x) - x * target;
                if (grad != null) grad.data[grad.offset + j] = (float) (scale * (CpuActivation.sigmoid(x) - target));
            }
            return scale * sum;
        });
    }

    /**
     * -(t log q + (1 - t) log(1 - q)) with q = p clipped to [EPS, 1 - EPS]. As in the frameworks
     * (the gradient of a clip), the gradient is zero where p lies outside the clip range, and
     * (p - t) / (p (1 - p)) inside it.
     */
    static void bceWithProbabilities(CpuTensor p, CpuTensor t, float scale, CpuTensor loss, CpuTensor grad) {
        perRow(p, loss, TRANSCENDENTAL, (from, to) -> {
            double sum = 0;
            for (int j = from; j < to; j++) {
                float raw = p.data[p.offset + j];
                double q = Math.min(Math.max(raw, EPS), ONE_MINUS_EPS), target = t.data[t.offset + j];
                sum -= target * Math.log(q) + (1 - target) * Math.log1p(-q);
                if (grad != null) {
                    boolean clipped = raw < EPS || raw > ONE_MINUS_EPS;
                    grad.data[grad.offset + j] = clipped ? 0f : (float) (scale * (q - target) / (q * (1 - q)));
                }
            }
            return scale * sum;
        });
    }

    /**
     * Loss sum_k t_k (lse - x_k) with lse = log sum_k exp(x_k); its gradient is
     * p_j * sum_k t_k - t_j, which is p - t for target rows that sum to 1.
     */
    static void softmaxCrossEntropy(CpuTensor logits, CpuTensor t, float scale, CpuTensor loss, CpuTensor grad,
                                    CpuTensor probs) {
        float[] x = logits.data, td = t.data;
        int xo = logits.offset, tgo = t.offset;
        perRow(logits, loss, TRANSCENDENTAL, (from, to) -> {
            float max = Float.NEGATIVE_INFINITY;
            for (int j = from; j < to; j++) max = Math.max(max, x[xo + j]);
            double expSum = 0, targetSum = 0, targetDotLogits = 0;
            for (int j = from; j < to; j++) {
                expSum += Math.exp(x[xo + j] - max);
                targetSum += td[tgo + j];
                targetDotLogits += (double) td[tgo + j] * x[xo + j];
            }
            double lse = max + Math.log(expSum);
            for (int j = from; j < to; j++) {
                double prob = Math.exp(x[xo + j] - lse);
                if (grad != null) grad.data[grad.offset + j] = (float) (scale * (prob * targetSum - td[tgo + j]));
                if (probs != null) probs.data[probs.offset + j] = (float) prob;
            }
            return scale * (targetSum * lse - targetDotLogits);
        });
    }

    /** z = mu + exp(logVar / 2) eps; kl[i] = klScale / 2 * sum_j (mu^2 + exp(logVar) - 1 - logVar), which is >= 0. */
    static void gaussianReparameterize(CpuTensor stats, CpuTensor eps, float klScale, CpuTensor z, CpuTensor kl) {
        int latent = eps.cols();
        perRow(eps, kl, TRANSCENDENTAL, (from, to) -> {
            int s = stats.offset + 2 * from;
            double sum = 0;
            for (int j = 0; j < latent; j++) {
                double mu = stats.data[s + j], logVar = stats.data[s + latent + j];
                z.data[z.offset + from + j] = (float) (mu + Math.exp(0.5 * logVar) * eps.data[eps.offset + from + j]);
                sum += mu * mu + Math.expm1(logVar) - logVar;
            }
            return 0.5 * klScale * sum;
        });
    }

    /**
     * dmu = dz + klScale mu; dlogVar = dz eps exp(logVar / 2) / 2 + klScale (exp(logVar) - 1) / 2.
     * dstats may be stats: each element is read before it is written.
     */
    static void gaussianReparameterizeBackward(CpuTensor stats, CpuTensor eps, CpuTensor dz, float klScale,
                                               CpuTensor dstats) {
        int n = eps.rows(), latent = eps.cols();
        CpuThreads.parallelFor(n, (long) latent * TRANSCENDENTAL, (r0, r1) -> {
            for (int i = r0; i < r1; i++) {
                int s = stats.offset + 2 * i * latent, ds = dstats.offset + 2 * i * latent;
                int e0 = eps.offset + i * latent, dz0 = dz.offset + i * latent;
                for (int j = 0; j < latent; j++) {
                    double mu = stats.data[s + j], logVar = stats.data[s + latent + j];
                    double g = dz.data[dz0 + j], e = eps.data[e0 + j];
                    dstats.data[ds + j] = (float) (g + klScale * mu);
                    dstats.data[ds + latent + j] =
                            (float) (0.5 * g * e * Math.exp(0.5 * logVar) + 0.5 * klScale * Math.expm1(logVar));
                }
            }
        });
    }

    /** loss[i] = scale * sum_j sign[i, j] score[i, j]; grad = scale * sign. */
    static void wasserstein(CpuTensor score, CpuTensor sign, float scale, CpuTensor loss, CpuTensor grad) {
        perRow(score, loss, 1, (from, to) -> {
            double sum = 0;
            for (int j = from; j < to; j++) {
                float sg = sign.data[sign.offset + j];
                sum += (double) sg * score.data[score.offset + j];
                if (grad != null) grad.data[grad.offset + j] = scale * sg;
            }
            return scale * sum;
        });
    }

    static double l1ActivityPenalty(CpuTensor a, float lambda, CpuTensor grad) {
        double sum = 0;
        for (int k = 0; k < a.size(); k++) {
            float v = a.data[a.offset + k];
            sum += Math.abs(v);
            if (grad != null) grad.data[grad.offset + k] += lambda * Math.signum(v);
        }
        return lambda * sum;
    }

    /**
     * beta * sum_j KL(p || pHat_j), pHat_j the mean of column j clamped to [EPS, 1 - EPS] so the
     * logs stay finite; every row of column j gets beta / N * (-p / pHat_j + (1 - p) / (1 - pHat_j)).
     * Columns are visited one at a time (strided) so that no scratch memory is needed.
     */
    static double klSparsityPenalty(CpuTensor a, float p, float beta, CpuTensor grad) {
        int n = a.rows(), d = a.cols();
        double total = 0;
        for (int j = 0; j < d; j++) {
            double sum = 0;
            for (int i = 0; i < n; i++) sum += a.data[a.offset + i * d + j];
            double pHat = Math.min(Math.max(sum / n, EPS), ONE_MINUS_EPS);
            total += p * Math.log(p / pHat) + (1 - p) * Math.log((1 - p) / (1 - pHat));
            if (grad != null) {
                float g = (float) (beta / n * (-p / pHat + (1 - p) / (1 - pHat)));
                for (int i = 0; i < n; i++) grad.data[grad.offset + i * d + j] += g;
            }
        }
        return beta * total;
    }

    static double weightPenalty(CpuTensor w, float l1, float l2, CpuTensor grad) {
        double abs = 0, squares = 0;
        for (int k = 0; k < w.size(); k++) {
            float v = w.data[w.offset + k];
            abs += Math.abs(v);
            squares += (double) v * v;
            if (grad != null) grad.data[grad.offset + k] += l1 * Math.signum(v) + 2 * l2 * v;
        }
        return l1 * abs + l2 * squares;
    }
}
