package org.latent.eval;

/**
 * The top principal directions of a data set: {@code directions} [k][d] are unit vectors, by
 * decreasing variance, each signed so that its largest-magnitude coordinate is positive;
 * {@code variances[i]} is the sample variance (divisor n - 1) along direction i; {@code mean} [d]
 * is the data's mean.
 */
public record PrincipalComponents(double[] mean, double[][] directions, double[] variances) {}
