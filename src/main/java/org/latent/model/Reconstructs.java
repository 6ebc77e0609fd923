package org.latent.model;

import org.latent.tensor.Tensor;

/** A model that reconstructs its input: the run keeps the fixed images' reconstructions after every epoch. */
public interface Reconstructs {
    /** Reconstructions [n, inputSize] of input [n, inputSize], in data space, in inference mode. */
    float[] reconstruct(Tensor input);
}
