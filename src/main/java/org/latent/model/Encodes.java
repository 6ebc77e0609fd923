package org.latent.model;

import org.latent.tensor.Tensor;

/** A model that maps inputs to latent codes: its figures get the latent scatter, k-means and interpolations. */
public interface Encodes {
    int latentSize();

    /** Codes [n, latentSize] of input [n, inputSize] (n up to the built batch), in inference mode. */
    float[] encode(Tensor input);
}
