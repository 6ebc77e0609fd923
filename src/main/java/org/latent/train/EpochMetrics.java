package org.latent.train;

/**
 * One row of metrics.csv: after epoch {@code epoch} (1-based) and {@code step} steps in all, the
 * epoch's mean training loss, the validation and test losses (NaN when not measured), the epoch's
 * wall time and training throughput, for a classifier the accuracies on the three sets measured
 * after the epoch in inference mode (NaN when not measured or not a classifier), and the learning
 * rate of the epoch's last step (NaN for Powell's method and in files written before the column).
 */
public record EpochMetrics(int epoch, long step, double trainLoss, double validationLoss, double testLoss, double seconds,
                           double examplesPerSecond, double trainAccuracy, double validationAccuracy, double testAccuracy,
                           double lr) {
    /** Without a learning rate (NaN). */
    public EpochMetrics(int epoch, long step, double trainLoss, double validationLoss, double testLoss, double seconds,
                        double examplesPerSecond, double trainAccuracy, double validationAccuracy, double testAccuracy) {
        this(epoch, step, trainLoss, validationLoss, testLoss, seconds, examplesPerSecond, trainAccuracy, validationAccuracy,
                testAccuracy, Double.NaN);
    }
}
