package org.latent.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.latent.io.AtomicFile;
import org.latent.io.Json;
import org.latent.io.JsonException;
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
            if (m.get("epoch") instanceof Number e && e.doubleValue() == epochs) {
                // Every value is checked before any is put back (issue 17): a damaged file is refused
                // naming the file and the key, never half restored.
                Map<String, Object> s = null, es = null;
                if (schedule != null && schedule.kind() == LearningRateSchedule.Kind.PLATEAU) {
                    s = section(m, "schedule", file);
                    nullOrFinite(s, "schedule", "best", file);
                    count(s, "schedule", "bad_epochs", Integer.MAX_VALUE, file);
                    count(s, "schedule", "cooldown_left", Integer.MAX_VALUE, file);
                    count(s, "schedule", "reductions", Integer.MAX_VALUE, file);
                    Object lr = s.get("lr");
                    if (!(lr instanceof Number n) || !(n.doubleValue() > 0) || !Double.isFinite(n.doubleValue())) {
                        throw bad(file, "schedule", "lr", lr, "a positive finite learning rate");
                    }
                }
                if (early != null) {
                    es = section(m, "early_stopping", file);
                    nullOrFinite(es, "early_stopping", "best", file);
                    count(es, "early_stopping", "best_epoch", epochs, file);
                    count(es, "early_stopping", "wait", epochs, file);
                    count(es, "early_stopping", "last_epoch", epochs, file);
                }
                if (s != null) schedule.restore(s);
                if (es != null) early.restore(es);
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
    private static Map<String, Object> section(Map<String, Object> m, String key, Path file) {
        if (m.get(key) instanceof Map<?, ?> s) return (Map<String, Object>) s;
        throw new JsonException(file + ": \"" + key + "\" should be an object holding the state, found "
                + describe(m.get(key)) + "; the file is damaged (delete it and the state is replayed from " + RunFolder.METRICS + ")");
    }

    private static void nullOrFinite(Map<String, Object> s, String section, String key, Path file) {
        Object v = s.get(key);
        if (v == null && s.containsKey(key)) return;
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw bad(file, section, key, v, "a finite number or null");
        }
    }

    private static void count(Map<String, Object> s, String section, String key, int max, Path file) {
        Object v = s.get(key);
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < 0 || n.doubleValue() > max) {
            throw bad(file, section, key, v, "a whole number from 0 to " + max);
        }
    }

    private static JsonException bad(Path file, String section, String key, Object v, String expected) {
        return new JsonException(file + ": \"" + section + "." + key + "\" should be " + expected + ", found " + describe(v)
                + "; the file is damaged (delete it and the state is replayed from " + RunFolder.METRICS + ")");
    }

    private static String describe(Object v) {
        if (v == null) return "nothing";
        String text = v instanceof String str ? "\"" + str + "\"" : String.valueOf(v);
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    @Override
    public void runStarted(RunFolder f, String device, String fallbackReason, ModelContext model, RunData data, TrainingState start) {}
}
