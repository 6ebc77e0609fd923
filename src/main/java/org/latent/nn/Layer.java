package org.latent.nn;

import org.latent.tensor.Tensor;

/**
 * A layer with an explicit forward and backward. {@link #build} checks the per-example input
 * shape, declares parameters and allocates every buffer for up to {@code maxBatch} examples;
 * afterwards forward and backward allocate nothing. The output of forward and the gradient
 * returned by backward are the layer's own buffers, valid until its next call.
 */
public interface Layer {

    /** Per-example output shape for a per-example input shape; throws if the input does not fit. */
    int[] outputShape(int[] inputShape);

    void build(ParameterSet params, int[] inputShape, int maxBatch);

    /** x has shape [n, inputShape...] with n <= maxBatch. */
    Tensor forward(Tensor x, boolean training);

    /** Writes the parameter gradients and returns dL/dx for the last forward's input. */
    Tensor backward(Tensor dy);

    /**
     * Writes the parameter gradients only: backward without dL/dx, for a network's first layer,
     * whose input gradient nobody reads (a dense layer's is a third of its backward products).
     */
    default void backwardParameters(Tensor dy) {
        backward(dy);
    }

    /** A short description for summaries: "Dense(784 -> 500, relu)". */
    String describe();
}
