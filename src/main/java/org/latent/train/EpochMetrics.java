package org.latent.train;

/**
 * One row of metrics.csv: after epoch {@code epoch} (1-based) and {@code step} steps in all, the
 * epoch's mean training loss, the validation and test losses (NaN when not measured), the epoch's
 * wall time and training throughput.
 */
public record EpochMetrics(int epoch, long step, double trainLoss, double validationLoss, double testLoss, double seconds,
                           double examplesPerSecond) {}
