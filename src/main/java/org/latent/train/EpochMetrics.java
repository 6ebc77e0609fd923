package org.latent.train;

/**
 * One row of metrics.csv: after epoch {@code epoch} (1-based) and {@code step} steps in all, the
 * epoch's mean training loss, the validation and test losses (NaN when not measured), the epoch's
 * wall time and training throughput, and for a classifier the accuracies on the three sets measured
 * after the epoch in inference mode (NaN when not measured or not a classifier).
 */
public record EpochMetrics(int epoch, long step, double trainLoss, double validationLoss, double testLoss, double seconds,
                           double examplesPerSecond, double trainAccuracy, double validationAccuracy, double testAccuracy) {}
