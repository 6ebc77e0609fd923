package org.latent.train;

import org.latent.model.Model;

/** What a training loop reports as it goes (progress bars, logs). Losses are NaN when not read yet. */
public interface TrainingListener {
    /** Training is about to start (or resume) from {@code start}. */
    default void runStarted(RunFolder folder, String device, String fallbackReason, Model model, RunData data,
                            TrainingState start) {}

    /** Epoch {@code epoch} (1-based) of {@code epochs} starts at step {@code firstStep} of {@code steps}. */
    default void epochStarted(int epoch, int epochs, int firstStep, int steps, int batch) {}

    /** {@code done} steps of the epoch are complete; {@code runningLoss} is the epoch's mean training loss so far. */
    default void progress(int done, double runningLoss) {}

    default void epochFinished(EpochMetrics m) {}
}
