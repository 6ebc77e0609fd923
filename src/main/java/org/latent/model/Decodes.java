package org.latent.model;

import org.latent.tensor.Tensor;

/** A model that maps latent codes back to data space (an autoencoder's decoder, a generator). */
public interface Decodes {
    int latentSize();

    /** Data-space outputs [n, inputSize] (pixel values, not logits) for codes z [n, latentSize], in inference mode. */
    float[] decode(Tensor z);
}
