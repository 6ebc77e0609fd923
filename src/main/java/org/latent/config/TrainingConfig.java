package org.latent.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The "training" section: {@code batch} examples per step, {@code epochs} passes over the training
 * set, a checkpoint every {@code checkpoint_every} epochs (and at the end), and the running loss read
 * from the device every {@code log_every} steps (each read synchronizes a GPU). {@code
 * steps_per_epoch} (0: a full pass) cuts each epoch short after that many batches of its fresh
 * random order, so an epoch sees a random subset (E6's "234 batches per epoch" of 128 real images
 * drawn from 60,000). {@code earlyStopping} (null: none) ends the run when the validation loss
 * stops improving.
 */
public record TrainingConfig(int batch, int epochs, int checkpointEvery, int logEvery, int stepsPerEpoch,
                             EarlyStoppingConfig earlyStopping) {
    public TrainingConfig {
        Check.positive("training.batch", batch);
        Check.positive("training.epochs", epochs);
        Check.positive("training.checkpoint_every", checkpointEvery);
        Check.positive("training.log_every", logEvery);
        if (stepsPerEpoch < 0) throw new ConfigException("training.steps_per_epoch: " + stepsPerEpoch + " must be >= 0 (0: a full pass)");
    }

    public TrainingConfig(int batch, int epochs, int checkpointEvery, int logEvery, int stepsPerEpoch) {
        this(batch, epochs, checkpointEvery, logEvery, stepsPerEpoch, null);
    }

    /** A checkpoint after every epoch, the loss read every 50 steps, full passes. */
    public static TrainingConfig of(int batch, int epochs) {
        return new TrainingConfig(batch, epochs, 1, 50, 0, null);
    }

    public TrainingConfig withEpochs(int e) { return new TrainingConfig(batch, e, checkpointEvery, logEvery, stepsPerEpoch, earlyStopping); }
    public TrainingConfig withCheckpointEvery(int c) { return new TrainingConfig(batch, epochs, c, logEvery, stepsPerEpoch, earlyStopping); }
    public TrainingConfig withLogEvery(int l) { return new TrainingConfig(batch, epochs, checkpointEvery, l, stepsPerEpoch, earlyStopping); }
    public TrainingConfig withStepsPerEpoch(int s) { return new TrainingConfig(batch, epochs, checkpointEvery, logEvery, s, earlyStopping); }
    /** Early stopping on the validation loss (null: none). */
    public TrainingConfig withEarlyStopping(EarlyStoppingConfig e) { return new TrainingConfig(batch, epochs, checkpointEvery, logEvery, stepsPerEpoch, e); }

    /** The steps of an epoch over {@code examples} training examples: a full pass, or steps_per_epoch if that is fewer. */
    public int steps(int examples) {
        int pass = (examples + Math.min(batch, examples) - 1) / Math.min(batch, examples);
        return stepsPerEpoch == 0 ? pass : Math.min(pass, stepsPerEpoch);
    }

    static TrainingConfig parse(ConfigObject o) {
        o.allowOnly("batch", "epochs", "checkpoint_every", "log_every", "steps_per_epoch", "early_stopping");
        TrainingConfig d = of(o.integer("batch", 100), o.requiredInteger("epochs"));
        return new TrainingConfig(d.batch, d.epochs, o.integer("checkpoint_every", d.checkpointEvery),
                o.integer("log_every", d.logEvery), o.integer("steps_per_epoch", d.stepsPerEpoch),
                o.has("early_stopping") ? EarlyStoppingConfig.parse(o.object("early_stopping")) : null);
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("batch", batch);
        m.put("epochs", epochs);
        m.put("checkpoint_every", checkpointEvery);
        m.put("log_every", logEvery);
        if (stepsPerEpoch > 0) m.put("steps_per_epoch", stepsPerEpoch);
        if (earlyStopping != null) m.put("early_stopping", earlyStopping.toJson());
        return m;
    }
}
