package org.latent.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.latent.config.ConfigFiles;
import org.latent.config.RunConfig;
import org.latent.io.ProgressBar;
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
        StopSignal stop = new StopSignal(stopAfterSteps == null ? -1 : stopAfterSteps);
        stop.installShutdownHook();
        try {
            TrainingSession.Outcome o = TrainingSession.run(c, new TrainingSession.Options(device, data, out, resume, epochs), stop,
                    new TrainingProgress(console.err(), ProgressBar.terminal()));
            SummaryTable.print(console.out(), o.folder().dir().toString(), o.summary());
            if (o.result().outcome() == TrainingLoop.Outcome.STOPPED) {
                console.out().println("Stopped: " + o.result().stopReason() + "; checkpoint saved. Resume with:");
                console.out().println("  " + console.program() + " train " + (config == null ? "" : config + " ")
                        + "--resume " + o.folder().dir());
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
}
