package org.latent.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.latent.io.AtomicFile;
import org.latent.io.Json;
import org.latent.model.ModelContext;
import org.latent.optim.LearningRateSchedule;
import org.latent.rundata.RunData;
import org.latent.runs.MetricsLog;
import org.latent.runs.RunFolder;

/**
 * The state of a plateau schedule and of early stopping, written to {@value #FILE} in the run
 * folder with every checkpoint (exact doubles), so a resumed run continues both exactly. A run
 * folder without the file, or with one of another epoch, gets the state back by replaying the
 * validation losses of metrics.csv instead (rounded to 6 decimals there).
 */
final class ControlsState implements TrainingListener {
    static final String FILE = "controls.json";

    private final RunFolder folder;
    private final LearningRateSchedule schedule;
    private final EarlyStopping early;

    ControlsState(RunFolder folder, LearningRateSchedule schedule, EarlyStopping early) {
        this.folder = folder;
        this.schedule = schedule;
        this.early = early;
    }

    /** Whether there is state to keep. */
    boolean needed() {
        return early != null || schedule != null && schedule.kind() == LearningRateSchedule.Kind.PLATEAU;
    }

    /** Restores the state of the epochs a resumed run's checkpoint holds. */
    void restore(int epochs) {
        if (epochs == 0 || !needed()) return;
        Path file = folder.file(FILE);
        if (Files.exists(file)) {
            Map<String, Object> m = Json.readObject(file);
            if (m.get("epoch") instanceof Number e && e.intValue() == epochs) {
                if (schedule != null && m.get("schedule") instanceof Map<?, ?> s) schedule.restore(cast(s));
                if (early != null && m.get("early_stopping") instanceof Map<?, ?> s) early.restore(cast(s));
                return;
            }
        }
        Path metrics = folder.file(RunFolder.METRICS);
        if (!Files.exists(metrics)) return;
        List<EpochMetrics> rows = MetricsLog.read(metrics);
        for (EpochMetrics m : rows) {
            if (m.epoch() > epochs) continue;
            if (schedule != null) schedule.epochEnd(m.validationLoss());
            if (early != null) early.replay(m.epoch(), m.validationLoss());
        }
    }

    @Override
    public void checkpoint(TrainingState state, List<float[]> history, int historyImages) {
        if (!needed()) return;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", state.epoch());
        if (schedule != null) m.put("schedule", schedule.state());
        if (early != null) m.put("early_stopping", early.state());
        AtomicFile.writeString(folder.file(FILE), Json.pretty(m));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    @Override
    public void runStarted(RunFolder f, String device, String fallbackReason, ModelContext model, RunData data, TrainingState start) {}
}
