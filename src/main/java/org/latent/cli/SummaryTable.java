package org.latent.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/** The table `latent train` ends with: what ran, how long, the final losses and, for a classifier, the accuracies. */
final class SummaryTable {
    private SummaryTable() {}

    static void print(PrintStream out, String runDir, Map<String, Object> s) {
        out.println();
        row(out, "run", runDir + " (" + s.get("status") + ")");
        row(out, "model", s.get("family") + ", " + String.format(Locale.ROOT, "%,d", ((Number) s.get("parameters")).longValue())
                + " parameters, on " + s.get("device"));
        long epochs = number(s, "epochs"), stepInEpoch = number(s, "step_in_epoch"), steps = number(s, "global_step");
        String trained = stepInEpoch > 0
                ? String.format(Locale.ROOT, "%,d %s + %,d steps (%,d steps in all)", epochs, epochs == 1 ? "epoch" : "epochs", stepInEpoch, steps)
                : String.format(Locale.ROOT, "%,d %s, %,d steps", epochs, epochs == 1 ? "epoch" : "epochs", steps);
        row(out, "trained", trained + ", " + Durations.format(((Number) s.get("seconds")).doubleValue())
                + (s.get("examples_per_second") instanceof Number r ? String.format(Locale.ROOT, ", %,.0f examples/s", r.doubleValue()) : ""));
        String loss = s.get("loss") + " per example";
        set(out, "train", s.get("train_loss"), s.get("train_accuracy"), loss);
        set(out, "validation", s.get("validation_loss"), s.get("validation_accuracy"), loss);
        set(out, "test", s.get("test_loss"), s.get("test_accuracy"), loss);
    }

    private static long number(Map<String, Object> s, String key) {
        return s.get(key) instanceof Number n ? n.longValue() : 0;
    }

    /** One set's loss and, when measured, its accuracy. */
    private static void set(PrintStream out, String set, Object loss, Object accuracy, String what) {
        StringBuilder v = new StringBuilder();
        if (loss instanceof Number n) v.append(String.format(Locale.ROOT, "%.4f  (%s)", n.doubleValue(), what));
        if (accuracy instanceof Number a) {
            v.append(v.length() > 0 ? "  " : "").append(String.format(Locale.ROOT, "accuracy %.2f %%", 100 * a.doubleValue()));
        }
        if (v.length() > 0) row(out, set, v.toString());
    }

    private static void row(PrintStream out, String key, String value) {
        out.printf(Locale.ROOT, "  %-11s %s%n", key, value);
    }
}
