package org.latent.train;

import org.latent.runs.RunFolder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.latent.config.RunConfig;

/**
 * Training from Java: the same run the CLI's {@code latent train} makes, with its run folder
 * (config.json, metrics.csv, checkpoint.safetensors, state.json, summary.json, figures and
 * report.html), checkpoints, NaN guard and bit-identical resume.
 *
 * <pre>{@code
 * RunConfig run = RunConfig.builder("my-vae")
 *         .data(DataConfig.of("mnist"))
 *         .model(ModelConfig.of("my-vae", shape -> new Vae(encoder(), decoder()).beta(4f)))
 *         .optimizer(OptimizerConfig.adam(1e-3))
 *         .training(TrainingConfig.of(100, 10))
 *         .build();
 * Trainer.Run done = new Trainer(run).output(Path.of("runs")).fit();
 * Trainer.Run more = new Trainer(run).epochs(20).resume(done.folder());
 * }</pre>
 *
 * Listeners see the run as it goes (progress, losses, epochs); {@link #stopAfterSteps} ends a
 * run early with a checkpoint, as Ctrl-C does on the command line.
 */
public final class Trainer {
    /** How a run ended: its folder, whether every epoch was trained, its summary.json values and the epochs trained now. */
    public record Run(Path folder, boolean complete, Map<String, Object> summary, List<EpochMetrics> epochs) {
        public Path report() {
            return folder.resolve(RunFolder.REPORT);
        }
    }

    private final RunConfig config;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private Path dataFolder, output;
    private String device;
    private Integer epochs;
    private long stepLimit = -1;

    public Trainer(RunConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** A folder holding the data sets (nothing is downloaded); default: LATENT_DATA, else the download cache. */
    public Trainer dataFolder(Path dir) {
        dataFolder = dir;
        return this;
    }

    /** Where run folders are made (default: the config's output, "runs"). */
    public Trainer output(Path dir) {
        output = dir;
        return this;
    }

    /** "auto", "cpu", "cuda" or "cuda:N", over the config's device. */
    public Trainer device(String d) {
        device = d;
        return this;
    }

    /** Epochs in all, over training.epochs (when resuming: extends or shortens the run). */
    public Trainer epochs(int n) {
        epochs = n;
        return this;
    }

    /** Stops after {@code n} more steps with a checkpoint; the run can then be resumed. */
    public Trainer stopAfterSteps(long n) {
        if (n < 1) throw new IllegalArgumentException("stopAfterSteps: " + n + " must be at least 1");
        stepLimit = n;
        return this;
    }

    /**
     * Applies the command line's options, as {@code latent train} spells them, so a program can
     * take them from its own arguments: {@code --data DIR}, {@code --out DIR}, {@code --device D},
     * {@code --epochs N}, {@code --stop-after-steps N}. Anything else is an error naming it.
     */
    public Trainer options(String... args) {
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 == args.length) throw new IllegalArgumentException(flag + ": needs a value");
            String v = args[++i];
            switch (flag) {
                case "--data" -> dataFolder(Path.of(v));
                case "--out" -> output(Path.of(v));
                case "--device" -> device(v);
                case "--epochs" -> epochs(whole(flag, v));
                case "--stop-after-steps" -> stopAfterSteps(whole(flag, v));
                default -> throw new IllegalArgumentException(flag + ": unknown option; use --data, --out, --device, --epochs "
                        + "or --stop-after-steps");
            }
        }
        return this;
    }

    private static int whole(String flag, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n < 1) throw new IllegalArgumentException(flag + ": " + v + " must be at least 1");
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": \"" + v + "\" is not a whole number");
        }
    }

    public Trainer listener(TrainingListener l) {
        listeners.add(Objects.requireNonNull(l, "listener"));
        return this;
    }

    /** Trains a new run in a new folder under {@link #output}. */
    public Run fit() {
        return run(null);
    }

    /** Continues the run in {@code runFolder} from its checkpoint (its config must match, but for training length). */
    public Run resume(Path runFolder) {
        return run(Objects.requireNonNull(runFolder, "runFolder"));
    }

    private Run run(Path resume) {
        StopSignal stop = new StopSignal(stepLimit);
        try {
            TrainingSession.Outcome o = TrainingSession.run(config, new TrainingSession.Options(device, dataFolder, output, resume, epochs),
                    stop, TrainingListener.all(listeners));
            return new Run(o.folder().dir(), o.result().outcome() == TrainingLoop.Outcome.COMPLETE, o.summary(), o.result().epochs());
        } finally {
            stop.release();
        }
    }
}
