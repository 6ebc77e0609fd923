package org.latent.model;

/**
 * A model whose decoder turns draws from N(0, I) into samples of the data (a VAE's prior, a GAN's
 * generator): it gets sample grids, `latent sample` and, with a judge, scores.
 */
public interface Generates extends Decodes {}
