package org.latent.runs;

import org.latent.rundata.ClassifierData;
import org.latent.rundata.RunData;
import org.latent.train.TrainingSession;
import org.latent.train.TrainingState;
import java.nio.file.Path;
import org.latent.backend.Backend;
import org.latent.backend.Backends;
import org.latent.config.ClassifierConfig;
import org.latent.config.ConfigFiles;
import org.latent.config.RunConfig;
import org.latent.model.ModelContext;

/** A finished or stopped run opened again: its config, its model loaded from the checkpoint, optionally its data. */
public final class SavedRun implements AutoCloseable {
    public final RunConfig config;
    public final RunFolder folder;
    public final RunData data;
    public final Backend backend;
    public final String device, fallbackReason;
    public final ModelContext model;
    public final TrainingState state;

    private SavedRun(RunConfig config, RunFolder folder, RunData data, Backends.Choice choice, ModelContext model,
                     TrainingState state) {
        this.config = config;
        this.folder = folder;
        this.data = data;
        this.backend = choice.backend();
        this.device = TrainingSession.describe(backend);
        this.fallbackReason = choice.fallbackReason();
        this.model = model;
        this.state = state;
    }

    /** {@code device} overrides the run's (null: as configured); data is loaded only when {@code withData}. */
    public static SavedRun open(Path dir, String device, Path dataFolder, boolean withData) {
        RunFolder folder = RunFolder.existing(dir);
        RunConfig c = ConfigFiles.read(folder.file(RunFolder.CONFIG));
        if (device != null) c = c.withDevice(device);
        RunData data = withData ? ClassifierData.forModel(c, RunData.load(c.data(), c.seed(), dataFolder), dataFolder) : null;
        int[] shape = RunData.exampleShape(c.data());
        if (c.model() instanceof ClassifierConfig cc && cc.encoderRun() != null) shape = new int[] {ClassifierData.encoderLatent(cc)};
        Backends.Choice choice = Backends.open(c.device());
        try {
            ModelContext model = ModelContext.build(c.model().model(shape), choice.backend(), shape, c.training().batch(), c.seed(),
                    c.optimizer()::create);
            TrainingState state = Checkpoint.load(folder, model).state();
            return new SavedRun(c, folder, data, choice, model, state);
        } catch (RuntimeException e) {
            choice.backend().close();
            throw e;
        }
    }

    @Override
    public void close() {
        backend.close();
    }
}
