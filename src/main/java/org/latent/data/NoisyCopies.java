package org.latent.data;

/** Corrupted inputs and their clean targets, example for example (see {@link Corruption#noisyCopies}). */
public record NoisyCopies(Dataset noisy, Dataset clean) {}
