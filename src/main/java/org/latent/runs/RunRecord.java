package org.latent.runs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.latent.io.Json;
import org.latent.train.EpochMetrics;

/**
 * A run folder as `latent runs` lists it, read from its files without building anything: the config
 * (as JSON), summary.json, state.json and metrics.csv. A folder whose files are missing or damaged is
 * still listed, with {@link #problem} saying what is wrong.
 *
 * @param status    summary.json's (complete, stopped, failed), "unfinished" (a checkpoint but no summary:
 *                  training, or killed), "new" (no checkpoint yet) or "damaged"
 * @param epochs    epochs trained (state.json, else the summary's), {@code stepInEpoch} steps into the next
 * @param epochsAsked the config's training.epochs
 * @param modified  the newest of the folder's files
 */
public record RunRecord(Path dir, String name, String family, String dataset, String status, int epochs, int stepInEpoch,
                        int epochsAsked, double seconds, FileTime modified, Map<String, Object> config,
                        Map<String, Object> summary, List<EpochMetrics> metrics, String problem) {

    /** Reads the run in {@code dir}; never throws for a damaged folder. */
    public static RunRecord read(Path dir) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> config = object(dir.resolve(RunFolder.CONFIG), problems, true);
        Map<String, Object> summary = object(dir.resolve(RunFolder.SUMMARY), problems, false);
        Map<String, Object> state = object(dir.resolve(RunFolder.STATE), problems, false);
        List<EpochMetrics> metrics = List.of();
        Path csv = dir.resolve(RunFolder.METRICS);
        if (Files.isRegularFile(csv)) {
            try {
                metrics = MetricsLog.read(csv);
            } catch (RuntimeException e) {
                problems.add(RunFolder.METRICS + ": " + e.getMessage());
            }
        }
        String family = text(section(config, "model").get("family"));
        String dataset = text(section(config, "data").get("dataset"));
        int asked = number(section(config, "training").get("epochs"), 0);
        int epochs = state.get("epoch") instanceof Number n ? n.intValue()
                : summary.get("epochs") instanceof Number n ? n.intValue() : metrics.isEmpty() ? 0 : metrics.get(metrics.size() - 1).epoch();
        int step = number(state.get("step_in_epoch"), 0);
        String status;
        if (!problems.isEmpty()) status = "damaged";
        else if (summary.get("status") instanceof String s) status = s;
        else if (Files.isRegularFile(dir.resolve(RunFolder.CHECKPOINT))) status = "unfinished";
        else status = "new";
        // A run resumed and training again still has its previous summary, but a newer checkpoint.
        if (problems.isEmpty() && summary.get("status") instanceof String
                && newer(dir.resolve(RunFolder.CHECKPOINT), dir.resolve(RunFolder.SUMMARY))) {
            status = "unfinished";
        }
        double seconds = summary.get("seconds") instanceof Number n ? n.doubleValue() : metrics.stream().mapToDouble(EpochMetrics::seconds).sum();
        String name = config.get("name") instanceof String s && !s.isEmpty() ? s : dir.getFileName().toString();
        return new RunRecord(dir, name, family, dataset, status, epochs, step, asked, seconds, modified(dir), config, summary, metrics,
                problems.isEmpty() ? null : String.join("; ", problems));
    }

    /** The run folders directly under {@code parent} (folders with a config.json), by name; {@code parent} itself if it is one. */
    public static List<RunRecord> under(Path parent) {
        if (Files.isRegularFile(parent.resolve(RunFolder.CONFIG))) return List.of(read(parent));
        List<RunRecord> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(parent)) {
            for (Path d : s.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList()) {
                if (Files.isDirectory(d) && Files.isRegularFile(d.resolve(RunFolder.CONFIG))) out.add(read(d));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + parent + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** The lowest validation loss of the metrics and its epoch, else the last test loss, else the last training loss. */
    public Best bestLoss() {
        Best best = null;
        for (EpochMetrics m : metrics) {
            if (Double.isFinite(m.validationLoss()) && (best == null || m.validationLoss() < best.value())) {
                best = new Best("validation", m.validationLoss(), m.epoch());
            }
        }
        if (best != null) return best;
        for (int i = metrics.size() - 1; i >= 0; i--) {
            if (Double.isFinite(metrics.get(i).testLoss())) return new Best("test", metrics.get(i).testLoss(), metrics.get(i).epoch());
        }
        if (!metrics.isEmpty()) {
            EpochMetrics last = metrics.get(metrics.size() - 1);
            if (Double.isFinite(last.trainLoss())) return new Best("train", last.trainLoss(), last.epoch());
        }
        return null;
    }

    /** The highest validation accuracy, else the last test accuracy (summary.json's, which `latent eval` updates), or null. */
    public Best bestAccuracy() {
        Best best = null;
        for (EpochMetrics m : metrics) {
            if (Double.isFinite(m.validationAccuracy()) && (best == null || m.validationAccuracy() > best.value())) {
                best = new Best("validation", m.validationAccuracy(), m.epoch());
            }
        }
        if (best != null) return best;
        if (summary.get("test_accuracy") instanceof Number n) return new Best("test", n.doubleValue(), epochs);
        for (int i = metrics.size() - 1; i >= 0; i--) {
            if (Double.isFinite(metrics.get(i).testAccuracy())) return new Best("test", metrics.get(i).testAccuracy(), metrics.get(i).epoch());
        }
        return null;
    }

    /** A figure of a run: on which set, its value, after which epoch. */
    public record Best(String set, double value, int epoch) {}

    /** The config's values by dotted key ("model.latent", "training.epochs"; lists as one value). */
    public Map<String, Object> flatConfig() {
        Map<String, Object> out = new LinkedHashMap<>();
        flatten("", config, out);
        return out;
    }

    private static void flatten(String prefix, Map<?, ?> m, Map<String, Object> out) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String key = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> inner && !inner.isEmpty()) flatten(key + ".", inner, out);
            else out.put(key, e.getValue());
        }
    }

    private static Map<String, Object> object(Path file, List<String> problems, boolean required) {
        if (!Files.isRegularFile(file)) {
            if (required) problems.add(file.getFileName() + " is missing");
            return Map.of();
        }
        try {
            return Json.readObject(file);
        } catch (RuntimeException e) {
            problems.add(e.getMessage());
            return Map.of();
        }
    }

    private static Map<?, ?> section(Map<String, Object> config, String key) {
        return config.get(key) instanceof Map<?, ?> m ? m : Map.of();
    }

    private static String text(Object v) {
        return v == null ? "" : String.valueOf(v);
    }

    private static int number(Object v, int otherwise) {
        return v instanceof Number n ? n.intValue() : otherwise;
    }

    private static boolean newer(Path a, Path b) {
        try {
            return Files.isRegularFile(a) && Files.isRegularFile(b)
                    && Files.getLastModifiedTime(a).compareTo(Files.getLastModifiedTime(b)) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static FileTime modified(Path dir) {
        FileTime newest = FileTime.fromMillis(0);
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                FileTime t = Files.getLastModifiedTime(p);
                if (t.compareTo(newest) > 0) newest = t;
            }
        } catch (IOException e) {
            // An unreadable folder: the epoch's start.
        }
        return newest;
    }
}
