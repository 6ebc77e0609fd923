package org.latent.model;

import org.latent.tensor.Tensor;

/**
 * A model trained as a game between a generator and a discriminator (or critic): the run watches
 * both losses, the discriminator's accuracy, collapse and, with a judge, the samples' scores.
 */
public interface Adversarial extends Generates {
    /** The generator's mean loss per example over the interval of the last {@link Model#takeMeanLoss} call. */
    double generatorLoss();

    /** The discriminator's mean loss per example over the same interval. */
    double discriminatorLoss();

    /** Whether a discriminator loss near 0 means it wins outright (binary cross-entropy; not a Wasserstein critic's). */
    boolean lossNearZeroIsCollapse();

    /** Classes of a class-conditional generator, 0 for an unconditional one. */
    int classes();

    /**
     * Generated images [count, inputSize] for host codes [count, latentSize] and, when conditional,
     * each row's class (ignored, may be null, when not).
     */
    float[] generate(float[] codes, int[] classOf);

    /**
     * In inference mode, the fraction of {@code real} images the discriminator calls real and the
     * fraction of {@code fakes} generated images (from a fixed stream) it calls fake;
     * {@code realClasses} are the real images' one-hot labels when conditional, else null.
     */
    double[] discriminatorAccuracy(Tensor real, Tensor realClasses, int fakes);
}
