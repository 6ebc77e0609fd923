package org.latent.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import org.latent.io.Json;
import org.latent.runs.RunRecord;
import org.latent.train.EpochMetrics;
import org.latent.viz.Numbers;
import org.latent.viz.Plots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `latent runs [DIR]`: the runs in a folder, one line each; `latent runs compare A B ...`: their figures and config differences. */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = {"Lists the runs in a folder (default: runs): name, family, data set, status, epochs, best loss "
                + "and accuracy, training time, last change.",
                "`latent runs compare A B ...` prints one table of their figures and of the config keys where they differ."})
final class RunsCommand implements Callable<Integer> {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private final Console console;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "A folder of run folders (default: runs), or one run folder.")
    private Path dir;

    RunsCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        Path where = dir != null ? dir : Path.of("runs");
        if (!Files.isDirectory(where)) {
            console.err().println("latent runs: " + where + " is not a folder" + (dir == null ? " (no runs yet here; give the folder of your runs)" : ""));
            return Failures.USAGE;
        }
        List<RunRecord> runs = RunRecord.under(where);
        if (runs.isEmpty()) {
            console.out().println("No runs in " + where + " (a run folder holds a config.json).");
            return 0;
        }
        boolean accuracy = runs.stream().anyMatch(r -> r.bestAccuracy() != null);
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("run", "family", "data", "status", "epochs", "best loss"));
        if (accuracy) header.add("accuracy");
        header.addAll(List.of("time", "changed"));
        rows.add(header);
        for (RunRecord r : runs) {
            List<String> row = new ArrayList<>(List.of(where.equals(r.dir()) ? r.dir().toString() : r.dir().getFileName().toString(),
                    r.family(), r.dataset(), r.status(), epochs(r), best(r.bestLoss())));
            if (accuracy) row.add(best(r.bestAccuracy()));
            row.add(r.seconds() > 0 ? Durations.format(r.seconds()) : "");
            row.add(DATE.format(r.modified().toInstant()));
            rows.add(row);
        }
        table(console.out(), rows, Set.of(4, 5, 6));
        for (RunRecord r : runs) {
            if (r.problem() != null) console.out().println("  " + r.dir().getFileName() + ": " + r.problem());
        }
        return 0;
    }

    static String epochs(RunRecord r) {
        String done = r.epochsAsked() > 0 ? r.epochs() + "/" + r.epochsAsked() : String.valueOf(r.epochs());
        return r.stepInEpoch() > 0 ? done + " +" + r.stepInEpoch() + " steps" : done;
    }

    private static String best(RunRecord.Best b) {
        if (b == null) return "";
        String set = switch (b.set()) {
            case "validation" -> "val";
            default -> b.set();
        };
        return set + " " + Numbers.measurement(b.value()) + " @" + b.epoch();
    }

    /** Columns padded to their widest cell; columns in {@code right} are right-aligned. */
    static void table(PrintStream out, List<List<String>> rows, Set<Integer> right) {
        int cols = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] width = new int[cols];
        for (List<String> row : rows) for (int c = 0; c < row.size(); c++) width[c] = Math.max(width[c], row.get(c).length());
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.size(); c++) {
                String cell = row.get(c);
                String pad = " ".repeat(width[c] - cell.length());
                line.append(c == 0 ? "" : "  ").append(right.contains(c) ? pad + cell : cell + (c == row.size() - 1 ? "" : pad));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** `latent runs compare A B ...`. */
    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = {"Prints one table of the runs' figures (status, epochs, parameters, losses, accuracies, time) "
                    + "and of the config keys where they differ.",
                    "--plot FILE.png draws their loss curves over each other (validation loss where there is one, else training loss)."})
    static final class Compare implements Callable<Integer> {
        private final Console console;

        @Parameters(paramLabel = "RUN", arity = "1..*", description = "Run folders.")
        private List<Path> runs;

        @Option(names = "--plot", paramLabel = "FILE", description = "Also write their loss curves, overlaid, to this PNG.")
        private Path plot;

        Compare(Console console) {
            this.console = console;
        }

        @Override
        public Integer call() {
            List<RunRecord> rs = new ArrayList<>();
            for (Path p : runs) {
                if (!Files.isRegularFile(p.resolve("config.json"))) {
                    console.err().println("latent runs compare: " + p + " is not a run folder (it has no config.json)");
                    return Failures.USAGE;
                }
                rs.add(RunRecord.read(p));
            }
            List<List<String>> rows = new ArrayList<>();
            List<String> names = new ArrayList<>(List.of(""));
            for (RunRecord r : rs) names.add(r.dir().getFileName().toString());
            rows.add(names);
            row(rows, "family", rs, RunRecord::family);
            row(rows, "data set", rs, RunRecord::dataset);
            row(rows, "status", rs, RunRecord::status);
            row(rows, "epochs", rs, RunsCommand::epochs);
            row(rows, "steps", rs, r -> summaryNumber(r, "global_step"));
            row(rows, "parameters", rs, r -> summaryNumber(r, "parameters"));
            row(rows, "loss", rs, r -> r.summary().get("loss") instanceof String s ? s : "");
            for (String key : List.of("train_loss", "validation_loss", "test_loss", "train_accuracy", "validation_accuracy",
                    "test_accuracy")) {
                if (rs.stream().anyMatch(r -> r.summary().get(key) instanceof Number)) row(rows, key.replace('_', ' '), rs, r -> summaryNumber(r, key));
            }
            if (rs.stream().anyMatch(r -> r.bestLoss() != null && r.bestLoss().set().equals("validation"))) {
                row(rows, "best validation loss", rs, r -> r.bestLoss() != null && r.bestLoss().set().equals("validation")
                        ? Numbers.measurement(r.bestLoss().value()) + " @" + r.bestLoss().epoch() : "");
            }
            row(rows, "time", rs, r -> r.seconds() > 0 ? Durations.format(r.seconds()) : "");
            row(rows, "examples/s", rs, r -> summaryNumber(r, "examples_per_second"));
            row(rows, "device", rs, r -> r.summary().get("device") instanceof String s ? s : "");
            table(console.out(), rows, Set.of());

            // The config keys whose values differ (the name, description and output folder aside).
            List<Map<String, Object>> flat = new ArrayList<>();
            Set<String> keys = new LinkedHashSet<>();
            for (RunRecord r : rs) {
                Map<String, Object> f = r.flatConfig();
                f.keySet().removeAll(Set.of("name", "description", "output"));
                flat.add(f);
                keys.addAll(f.keySet());
            }
            List<List<String>> diff = new ArrayList<>();
            for (String k : keys) {
                Set<String> values = new LinkedHashSet<>();
                for (Map<String, Object> f : flat) values.add(configValue(f, k));
                if (values.size() > 1) {
                    List<String> row = new ArrayList<>(List.of(k));
                    for (Map<String, Object> f : flat) row.add(configValue(f, k));
                    diff.add(row);
                }
            }
            console.out().println();
            if (diff.isEmpty()) {
                console.out().println("The configs are the same (but for name, description and output).");
            } else {
                console.out().println("Config differences:");
                List<List<String>> t = new ArrayList<>();
                t.add(names);
                t.addAll(diff);
                table(console.out(), t, Set.of());
            }
            for (RunRecord r : rs) {
                if (r.problem() != null) console.out().println("  " + r.dir().getFileName() + ": " + r.problem());
            }
            if (plot != null) {
                drawCurves(rs);
                console.out().println("Loss curves: " + plot);
            }
            return 0;
        }

        private void drawCurves(List<RunRecord> rs) {
            List<Plots.Series> series = new ArrayList<>();
            for (RunRecord r : rs) {
                List<EpochMetrics> m = r.metrics();
                if (m.isEmpty()) continue;
                boolean validation = m.stream().anyMatch(e -> Double.isFinite(e.validationLoss()));
                double[] x = new double[m.size()], y = new double[m.size()];
                for (int i = 0; i < m.size(); i++) {
                    x[i] = m.get(i).epoch();
                    y[i] = validation ? m.get(i).validationLoss() : m.get(i).trainLoss();
                }
                series.add(new Plots.Series(r.dir().getFileName() + (validation ? " (validation)" : " (train)"), x, y));
            }
            if (series.isEmpty()) throw new IllegalArgumentException("--plot: none of the runs has a metrics row yet");
            String loss = rs.stream().map(r -> r.summary().get("loss")).filter(Objects::nonNull).map(String::valueOf).findFirst().orElse("loss");
            try {
                Plots.lines(plot, "Loss per epoch", "epoch", loss + " per example", series, 900, 560);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + plot + ": " + e.getMessage(), e);
            }
        }

        private static String configValue(Map<String, Object> flat, String key) {
            if (!flat.containsKey(key)) return "-";
            Object v = flat.get(key);
            return v instanceof String s ? s : Json.compact(v).strip();
        }

        private static String summaryNumber(RunRecord r, String key) {
            return r.summary().get(key) instanceof Number n ? Numbers.format(key, n) : "";
        }

        private static void row(List<List<String>> rows, String label, List<RunRecord> rs, java.util.function.Function<RunRecord, String> f) {
            List<String> row = new ArrayList<>(List.of(label));
            for (RunRecord r : rs) row.add(f.apply(r));
            rows.add(row);
        }
    }
}
