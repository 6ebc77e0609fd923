package org.latent.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.latent.config.ConfigFiles;
import org.latent.config.RunConfig;
import org.latent.io.Json;
import org.latent.io.ProgressBar;
import org.latent.runs.RunFolder;
import org.latent.train.StopSignal;
import org.latent.train.TrainingLoop;
import org.latent.train.TrainingSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `latent train CONFIG [--device D] [--data DIR] [--out DIR] [--resume RUN] [--epochs N]`. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains a model from a JSON config (docs/config.md).",
                "Writes the run folder: config, metrics, checkpoint, figures and report.html. Ctrl-C or SIGTERM "
                        + "stops after the current step with a checkpoint; --resume continues from it."})
final class TrainCommand implements Callable<Integer> {
    static final int STOPPED = 3;

    private final Console console;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CONFIG", description = "The config file (optional with --resume).")
    private Path config;

    @Option(names = "--device", paramLabel = "DEVICE", description = "auto, cpu, cuda or cuda:N (overrides the config).")
    private String device;

    @Option(names = "--data", paramLabel = "DIR", description = "A local copy of the data; nothing is downloaded (like LATENT_DATA).")
    private Path data;

    @Option(names = "--out", paramLabel = "DIR", description = "Where run folders go (overrides the config's output, default runs).")
    private Path out;

    @Option(names = "--resume", paramLabel = "RUN", description = "Continue the run in this folder from its checkpoint.")
    private Path resume;

    @Option(names = "--epochs", paramLabel = "N",
            description = "Train for N epochs in all (overrides training.epochs; with --resume, extends or shortens the run).")
    private Integer epochs;

    @Option(names = "--stop-after-steps", paramLabel = "N",
            description = "Stop after N steps with a checkpoint, as Ctrl-C would (for time-boxed jobs).")
    private Long stopAfterSteps;

    TrainCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        if (config == null && resume == null) {
            console.err().println("latent train: a CONFIG file is needed (or --resume RUN)");
            return Failures.USAGE;
        }
        if (epochs != null) UsageException.inRange("train", "--epochs", epochs, 1, Integer.MAX_VALUE, "the number of epochs in all");
        if (stopAfterSteps != null) {
            UsageException.inRange("train", "--stop-after-steps", stopAfterSteps, 1, Long.MAX_VALUE, "the number of steps to take");
        }
        RunConfig c = config == null ? null : ConfigFiles.read(config);
        if (resume != null && nothingLeftToTrain(c)) return 0;
        StopSignal stop = new StopSignal(stopAfterSteps == null ? -1 : stopAfterSteps);
        stop.installShutdownHook();
        try {
            TrainingSession.Outcome o = TrainingSession.run(c, new TrainingSession.Options(device, data, out, resume, epochs), stop,
                    new TrainingProgress(console.err(), ProgressBar.terminal()));
            SummaryTable.print(console.out(), o.folder().dir().toString(), o.summary());
            if (o.result().outcome() == TrainingLoop.Outcome.STOPPED) {
                console.out().println("Stopped: " + o.result().stopReason() + "; checkpoint saved. Resume with:");
                console.out().println("  " + resumeCommand(o.folder().dir()));
                console.out().flush();
                return STOPPED;
            }
            console.out().println("Report: " + o.folder().file("report.html"));
            console.out().flush();
            return 0;
        } finally {
            stop.release();
        }
    }

    /**
     * The command that continues the run in {@code dir}: this one's config and the options that
     * shape the run (--epochs, --data, --device, --out), so the resumed run trains as long as asked, on
     * the same data and device; --stop-after-steps is left out.
     */
    String resumeCommand(Path dir) {
        return resumeCommand(dir, epochs);
    }

    private String resumeCommand(Path dir, Integer epochs) {
        List<String> words = new ArrayList<>(List.of(console.program(), "train"));
        if (config != null) words.add(config.toString());
        words.add("--resume");
        words.add(dir.toString());
        if (epochs != null) words.addAll(List.of("--epochs", epochs.toString()));
        if (data != null) words.addAll(List.of("--data", data.toString()));
        if (device != null) words.addAll(List.of("--device", device));
        if (out != null) words.addAll(List.of("--out", out.toString()));
        StringBuilder s = new StringBuilder();
        for (String w : words) s.append(s.length() == 0 ? "" : " ").append(Shell.quote(w));
        return s.toString();
    }

    /**
     * Whether the run to resume has already trained every epoch asked for (the config's, the run's own
     * or --epochs); if so, says so and how to train it further, and nothing is run or rewritten.
     */
    private boolean nothingLeftToTrain(RunConfig given) {
        RunFolder folder = RunFolder.existing(resume);
        Path stateFile = folder.file(RunFolder.STATE);
        if (!Files.isRegularFile(stateFile)) return false;
        Map<String, Object> state = Json.readObject(stateFile);
        if (!(state.get("epoch") instanceof Number trained) || !(state.get("step_in_epoch") instanceof Number step)
                || step.intValue() != 0) {
            return false;
        }
        int asked = epochs != null ? epochs
                : (given != null ? given : ConfigFiles.read(folder.file(RunFolder.CONFIG))).training().epochs();
        if (trained.intValue() < asked) return false;
        // Trained to the end but killed while writing its summary, figures or report (issue 17's fault
        // soak): the session runs again with no steps left, which writes them and removes the temporary
        // files the kill left.
        if (!finishedWriting(folder)) return false;
        String source = epochs != null ? "--epochs " + epochs : given != null ? config + "'s training.epochs"
                : folder.file(RunFolder.CONFIG) + "'s training.epochs";
        console.out().println("Nothing to train: " + resume + " has already trained " + trained.intValue() + (trained.intValue() == 1 ? " epoch" : " epochs")
                + (trained.intValue() == asked ? ", all " : ", more than the ") + asked + " asked for (" + source + ").");
        console.out().println("To train it further, ask for more epochs in all, e.g.:");
        console.out().println("  " + resumeCommand(resume, 2 * Math.max(1, trained.intValue())));
        console.out().println("Its report: " + folder.file(RunFolder.REPORT));
        console.out().flush();
        return true;
    }

    /** Whether a run's end was written: a summary saying complete, the report, and no temporary file of a cut-off write. */
    private static boolean finishedWriting(RunFolder folder) {
        Path summary = folder.file(RunFolder.SUMMARY);
        if (!Files.isRegularFile(summary) || !Files.isRegularFile(folder.file(RunFolder.REPORT))) return false;
        try {
            if (!"complete".equals(Json.readObject(summary).get("status"))) return false;
        } catch (RuntimeException e) {
            return false;
        }
        try (java.util.stream.Stream<Path> s = Files.list(folder.dir())) {
            return s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp"));
        } catch (java.io.IOException e) {
            return true;
        }
    }
}
