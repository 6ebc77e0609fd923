package org.latent.model;

import org.latent.tensor.Tensor;

/**
 * An encoder that gives a Gaussian posterior q(z|x) (a VAE's): its means are {@link #encode}, its
 * standard deviations {@link #encodeSigma}. Such a run can feed a classifier (E3) and `latent sample
 * --augment`.
 */
public interface Posterior extends Encodes {
    /** Posterior standard deviations [n, latentSize] of input [n, inputSize]. */
    float[] encodeSigma(Tensor input);

    /** The encoder's last hidden activations (what feeds μ and log σ²) [n, hiddenSize()]. */
    float[] encodeHidden(Tensor input);

    /** The width of {@link #encodeHidden}: the encoder's penultimate layer's size. */
    int hiddenSize();
}
