package org.latent.model;

import java.util.function.BiFunction;
import org.latent.backend.Backend;
import org.latent.tensor.Tensor;

/** Measuring a model over a whole set in the batches it was built for. */
public final class Evaluation {
    private Evaluation() {}

    /**
     * The mean per-example loss of {@code input} against {@code target} in batches of at most
     * {@code maxBatch}: {@code lossesOf} runs one batch in inference mode and returns its per-example
     * losses, each already divided by the batch's size (as the loss ops write them).
     */
    public static double meanLoss(Backend b, Tensor input, Tensor target, int maxBatch, BiFunction<Tensor, Tensor, Tensor> lossesOf) {
        double total = 0;
        for (int from = 0; from < input.rows(); from += maxBatch) {
            int n = Math.min(maxBatch, input.rows() - from);
            total += b.sum(lossesOf.apply(input.rows(from, n), target.rows(from, n))) * n;
        }
        return total / input.rows();
    }
}
