package org.latent.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The "training" section: {@code batch} examples per step, {@code epochs} passes over the training
 * set, a checkpoint every {@code checkpoint_every} epochs (and at the end), and the running loss read
 * from the device every {@code log_every} steps (each read synchronizes a GPU).
 */
public record TrainingConfig(int batch, int epochs, int checkpointEvery, int logEvery) {
    public TrainingConfig {
        Check.positive("training.batch", batch);
        Check.positive("training.epochs", epochs);
        Check.positive("training.checkpoint_every", checkpointEvery);
        Check.positive("training.log_every", logEvery);
    }

    /** A checkpoint after every epoch, the loss read every 50 steps. */
    public static TrainingConfig of(int batch, int epochs) {
        return new TrainingConfig(batch, epochs, 1, 50);
    }

    public TrainingConfig withEpochs(int e) { return new TrainingConfig(batch, e, checkpointEvery, logEvery); }
    public TrainingConfig withCheckpointEvery(int c) { return new TrainingConfig(batch, epochs, c, logEvery); }
    public TrainingConfig withLogEvery(int l) { return new TrainingConfig(batch, epochs, checkpointEvery, l); }

    static TrainingConfig parse(ConfigObject o) {
        o.allowOnly("batch", "epochs", "checkpoint_every", "log_every");
        TrainingConfig d = of(o.integer("batch", 100), o.requiredInteger("epochs"));
        return new TrainingConfig(d.batch, d.epochs, o.integer("checkpoint_every", d.checkpointEvery),
                o.integer("log_every", d.logEvery));
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("batch", batch);
        m.put("epochs", epochs);
        m.put("checkpoint_every", checkpointEvery);
        m.put("log_every", logEvery);
        return m;
    }
}
