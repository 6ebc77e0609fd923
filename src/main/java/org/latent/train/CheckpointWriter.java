package org.latent.train;

import org.latent.rundata.RunData;
import org.latent.runs.Checkpoint;
import org.latent.runs.RunFolder;
import java.util.List;
import org.latent.model.ModelContext;

/**
 * Writes the run's checkpoint when one is due. A checkpoint is never written from non-finite
 * weights: training then stops with the last good checkpoint kept, and {@link #kept} says which.
 */
public final class CheckpointWriter implements TrainingListener {
    private final RunFolder folder;
    private final ModelContext model;
    private final String family;
    private final long seed;
    private TrainingState lastSaved;

    public CheckpointWriter(RunFolder folder, ModelContext model, String family, long seed) {
        this.folder = folder;
        this.model = model;
        this.family = family;
        this.seed = seed;
    }

    @Override
    public void runStarted(RunFolder f, String device, String fallbackReason, ModelContext m, RunData data, TrainingState start) {
        lastSaved = start.globalStep() > 0 ? start : null;
    }

    @Override
    public void checkpoint(TrainingState state, List<float[]> history, int historyImages) {
        try {
            Checkpoint.save(folder, model, family, state, seed, history, historyImages);
        } catch (NonFiniteException e) {
            throw new NonFiniteException(e.getMessage() + ". Training stopped; " + kept() + ". A smaller optimizer.lr usually helps.");
        }
        lastSaved = state;
    }

    /** Which checkpoint survives, for messages: "the last good checkpoint (epoch 3, global step 1650) is kept in runs/x". */
    public String kept() {
        if (lastSaved == null) return "no checkpoint had been written yet";
        return "the last good checkpoint (epoch " + lastSaved.epoch() + (lastSaved.stepInEpoch() > 0
                ? " + " + lastSaved.stepInEpoch() + " steps" : "") + ", global step " + lastSaved.globalStep()
                + ") is kept in " + folder.dir();
    }
}
