package org.latent.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/** The table `latent train` ends with: what ran, how long, and the final losses. */
final class SummaryTable {
    private SummaryTable() {}

    static void print(PrintStream out, String runDir, Map<String, Object> s) {
        out.println();
        row(out, "run", runDir + " (" + s.get("status") + ")");
        row(out, "model", s.get("family") + ", " + String.format(Locale.ROOT, "%,d", ((Number) s.get("parameters")).longValue())
                + " parameters, on " + s.get("device"));
        row(out, "trained", s.get("epochs") + " epochs, " + String.format(Locale.ROOT, "%,d", ((Number) s.get("global_step")).longValue())
                + " steps, " + Durations.format(((Number) s.get("seconds")).doubleValue())
                + (s.get("examples_per_second") instanceof Number r ? String.format(Locale.ROOT, ", %,.0f examples/s", r.doubleValue()) : ""));
        String loss = s.get("loss") + " per example";
        loss("train", s.get("train_loss"), loss, out);
        loss("validation", s.get("validation_loss"), loss, out);
        loss("test", s.get("test_loss"), loss, out);
    }

    private static void loss(String set, Object v, String what, PrintStream out) {
        if (v instanceof Number n) row(out, set, String.format(Locale.ROOT, "%.4f  (%s)", n.doubleValue(), what));
    }

    private static void row(PrintStream out, String key, String value) {
        out.printf(Locale.ROOT, "  %-11s %s%n", key, value);
    }
}
