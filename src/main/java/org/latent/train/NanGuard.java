package org.latent.train;

import org.latent.rundata.RunData;
import org.latent.runs.RunFolder;
import java.util.function.Supplier;

/**
 * Stops a run at the first loss read that is NaN or infinite, naming where it was seen, when the
 * training loss was last finite, and which checkpoint survives.
 */
public final class NanGuard implements TrainingListener {
    private final Supplier<String> kept;
    private long lastFinite = -1;

    /** {@code kept} says which checkpoint survives (see {@link CheckpointWriter#kept}). */
    public NanGuard(Supplier<String> kept) {
        this.kept = kept;
    }

    @Override
    public void runStarted(RunFolder folder, String device, String fallbackReason, org.latent.model.ModelContext model, RunData data,
                           TrainingState start) {
        lastFinite = start.globalStep();
    }

    @Override
    public void lossRead(String what, double value, long globalStep, int epoch, int step, int steps) {
        if (Double.isFinite(value)) {
            if (what.equals(TRAINING_LOSS)) lastFinite = globalStep;
            return;
        }
        String since = what.equals(TRAINING_LOSS) && lastFinite < globalStep
                ? "; it was last finite at global step " + lastFinite : "";
        throw new NonFiniteException(what + " is " + value + " at global step " + globalStep + " (epoch " + epoch
                + ", step " + step + " of " + steps + ")" + since + ". Training stopped; " + kept.get()
                + ". A smaller optimizer.lr usually helps.");
    }
}
