package org.latent.train;

import org.latent.rundata.RunData;
import org.latent.runs.RunFolder;
import java.util.List;
import org.latent.model.ModelContext;

/**
 * What happens in a run, as the training loop reports it. The loop itself only trains and
 * measures; what a run writes and checks is done by listeners: {@link MetricsCsv} (metrics.csv),
 * {@link CheckpointWriter} (checkpoints), {@link NanGuard} (stops on NaN or infinity), the GAN
 * monitor, and the CLI's progress bars. A listener of one's own is added with
 * {@link Trainer#listener}. Losses are NaN when not read yet.
 */
public interface TrainingListener {
    /** What {@link #lossRead} calls the training loss (the others are "validation loss" and "test loss"). */
    String TRAINING_LOSS = "training loss";

    /** Training is about to start (or resume) from {@code start}. */
    default void runStarted(RunFolder folder, String device, String fallbackReason, ModelContext model, RunData data,
                            TrainingState start) {}

    /** Epoch {@code epoch} (1-based) of {@code epochs} starts at step {@code firstStep} of {@code steps}. */
    default void epochStarted(int epoch, int epochs, int firstStep, int steps, int batch) {}

    /**
     * A loss was read from the device: {@code what} is "training loss" (the mean of the steps since
     * the last read), "validation loss" or "test loss"; at global step {@code globalStep}, in epoch
     * {@code epoch} (1-based) after {@code step} of its {@code steps} steps.
     */
    default void lossRead(String what, double value, long globalStep, int epoch, int step, int steps) {}

    /** {@code done} steps of the epoch are complete; {@code runningLoss} is the epoch's mean training loss so far. */
    default void progress(int done, double runningLoss) {}

    default void epochFinished(EpochMetrics m) {}

    /** A checkpoint of {@code state} is due (every checkpoint_every epochs, at the end and at a stop). */
    default void checkpoint(TrainingState state, List<float[]> history, int historyImages) {}

    /** Every listener of {@code listeners}, called in order. */
    static TrainingListener all(List<TrainingListener> listeners) {
        List<TrainingListener> ls = List.copyOf(listeners);
        return new TrainingListener() {
            @Override
            public void runStarted(RunFolder folder, String device, String fallbackReason, ModelContext model, RunData data,
                                   TrainingState start) {
                for (TrainingListener l : ls) l.runStarted(folder, device, fallbackReason, model, data, start);
            }

            @Override
            public void epochStarted(int epoch, int epochs, int firstStep, int steps, int batch) {
                for (TrainingListener l : ls) l.epochStarted(epoch, epochs, firstStep, steps, batch);
            }

            @Override
            public void lossRead(String what, double value, long globalStep, int epoch, int step, int steps) {
                for (TrainingListener l : ls) l.lossRead(what, value, globalStep, epoch, step, steps);
            }

            @Override
            public void progress(int done, double runningLoss) {
                for (TrainingListener l : ls) l.progress(done, runningLoss);
            }

            @Override
            public void epochFinished(EpochMetrics m) {
                for (TrainingListener l : ls) l.epochFinished(m);
            }

            @Override
            public void checkpoint(TrainingState state, List<float[]> history, int historyImages) {
                for (TrainingListener l : ls) l.checkpoint(state, history, historyImages);
            }
        };
    }
}
