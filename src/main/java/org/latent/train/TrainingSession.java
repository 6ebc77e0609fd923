package org.latent.train;

import org.latent.report.AutoencoderAnalysis;
import org.latent.report.ClassifierResults;
import org.latent.report.GanJudge;
import org.latent.report.GanMonitor;
import org.latent.report.RunFigures;
import org.latent.report.SampleGrids;
import org.latent.rundata.ClassifierData;
import org.latent.rundata.RunData;
import org.latent.runs.Checkpoint;
import org.latent.runs.MetricsLog;
import org.latent.runs.RunFolder;
import org.latent.runs.RunSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.latent.backend.Backend;
import org.latent.backend.Backends;
import org.latent.backend.StepPlan;
import org.latent.backend.cuda.CudaBackend;
import org.latent.config.AutoencoderConfig;
import org.latent.config.ConfigException;
import org.latent.config.ConfigFiles;
import org.latent.config.GanConfig;
import org.latent.config.OptimizerConfig;
import org.latent.config.RunConfig;
import org.latent.config.ScheduleConfig;
import org.latent.optim.LearningRateSchedule;
import org.latent.model.Adversarial;
import org.latent.model.Classifies;
import org.latent.model.Generates;
import org.latent.model.ModelContext;
import org.latent.optim.PowellTrainer;

/**
 * One `latent train` invocation: loads the data (first, so a missing data set fails before anything
 * is created), opens the backend, creates or reopens the run folder, builds the model (from the
 * checkpoint when resuming), trains with SIGTERM/Ctrl-C routed to a clean stop, and writes the
 * summary, figures and report.
 */
public final class TrainingSession {

    /**
     * Command-line choices: {@code device}, {@code outputDir} override the config when not null;
     * {@code dataFolder} is a local data copy; {@code resume} an existing run folder.
     */
    /** Command-line overrides: null keeps the config's (epochs: training.epochs, also when resuming). */
    public record Options(String device, Path dataFolder, Path outputDir, Path resume, Integer epochs) {}

    public record Outcome(RunFolder folder, TrainingLoop.Result result, Map<String, Object> summary) {}

    private TrainingSession() {}

    /**
     * {@code config} may be null when resuming (the run's own config.json is used). The caller owns
     * {@code stop}: it releases it once it has told the user what happened, which is when a waiting
     * SIGTERM lets the JVM exit.
     */
    public static Outcome run(RunConfig config, Options o, StopSignal stop, TrainingListener listener) {
        RunFolder resumed = o.resume() == null ? null : RunFolder.existing(o.resume());
        RunConfig c = resumed == null ? Objects.requireNonNull(config, "config") : resumeConfig(config, resumed);
        if (o.device() != null) c = c.withDevice(o.device());
        if (o.epochs() != null) c = c.withTraining(c.training().withEpochs(o.epochs()));
        RunData data = RunData.load(c.data(), c.seed(), o.dataFolder());
        data = ClassifierData.forModel(c, data, o.dataFolder());
        if (resumed != null && c.optimizer() instanceof OptimizerConfig.PowellConfig) {
            throw new ConfigException("--resume: a Powell run cannot be resumed; start it again");
        }
        Backends.Choice choice = Backends.open(c.device());
        // -Dlatent.plan=true: the model is built on a StepPlan, so the loop records each batch shape's
        // step twice and replays it after (the mechanism a CUDA graph needs; off by default).
        Backend backend = Boolean.getBoolean(PLAN_PROPERTY) ? new StepPlan(choice.backend()).backend() : choice.backend();
        GanJudge judge = null;
        RunFolder.Lock lock = null;
        try {
            // Everything that can be refused is checked before anything is written: the model builds,
            // the folder is locked against a second process, the checkpoint loads and is in range.
            int batch = Math.min(c.training().batch(), data.train().count());
            ModelContext model = ModelContext.build(c.model().model(data.exampleShape()), backend, data.exampleShape(), batch,
                    c.seed(), c.optimizer()::create);
            // Declared before a checkpoint loads, so that a resume restores its stream.
            Augmentation augmentation = Augmentation.declare(model, c.data().augment());
            GanConfig gc = c.model() instanceof GanConfig g ? g : null;
            if (model.model() instanceof Adversarial && gc != null && gc.judge() != null) {
                judge = new GanJudge(gc.judge(), c.data(), data, c.device(), o.dataFolder(), c.seed());
            }
            RunFolder folder = resumed != null ? resumed
                    : RunFolder.create(o.outputDir() != null ? o.outputDir() : Path.of(c.output()), c.name());
            lock = folder.lock();
            TrainingState start = TrainingState.start(model);
            List<float[]> history = new ArrayList<>();
            if (resumed != null) {
                Checkpoint.Restored r = Checkpoint.load(folder, model);
                start = r.state();
                start.checkResumable(c.training().steps(data.train().count()), folder.file(RunFolder.CHECKPOINT).toString());
                history = r.history();
            }
            ConfigFiles.write(c, folder.file(RunFolder.CONFIG));
            GanMonitor gan = model.model() instanceof Adversarial a
                    ? new GanMonitor(model, a, gc == null ? GanConfig.DEFAULT_SAMPLE_EVERY : gc.sampleEvery(), c.model().family(),
                            folder, data, c.data().pixelScale().low(), c.seed(), judge) : null;
            CheckpointWriter checkpoints = new CheckpointWriter(folder, model, c.model().family(), c.seed());
            List<TrainingListener> parts = new ArrayList<>(List.of(new NanGuard(checkpoints::kept), new MetricsCsv(folder), checkpoints,
                    listener));
            if (gan != null) parts.add(gan);
            if (model.model() instanceof Generates g && gan == null) {
                parts.add(new SampleGrids(model, g, folder, data, c.data().pixelScale().low(), c.seed()));
            }
            ScheduleConfig sc = c.optimizer().controls().schedule();
            EarlyStopping early = c.training().earlyStopping() == null ? null
                    : new EarlyStopping(c.training().earlyStopping(), folder, model, c.model().family());
            LearningRateSchedule schedule = sc == null ? null
                    : sc.create(c.optimizer().lr(), (long) c.training().epochs() * c.training().steps(data.train().count()));
            ControlsState controls = new ControlsState(folder, schedule, early);
            controls.restore(start.epoch());
            if (controls.needed()) parts.add(controls);
            listener = TrainingListener.all(parts);
            TrainingLoop trainer = new TrainingLoop(c.training(), c.seed(), model, data, stop, listener)
                    .schedule(schedule).earlyStopping(early).augmentation(augmentation);
            String device = describe(backend);
            listener.runStarted(folder, device, choice.fallbackReason(), model, data, start);
            TrainingLoop.Result result;
            long trainingStart = System.nanoTime();
            try {
                if (c.optimizer() instanceof OptimizerConfig.PowellConfig p) {
                    result = trainer.runPowell(p.settings());
                } else {
                    result = trainer.run(start, history);
                }
            } catch (NonFiniteException e) {
                RunSummary.update(folder, status(c, model, device, "failed", e.getMessage()));
                throw e;
            }
            Map<String, Object> values = summary(c, model, device, folder, result, (System.nanoTime() - trainingStart) / 1e9,
                    start.epochSeconds());
            if (trainer.powellResult() != null) values.put("powell", powell(trainer.powellResult()));
            if (early != null) {
                values.put("early_stopping", early.summary());
                System.err.println("[latent] " + early.message());
            }
            if (c.model() instanceof AutoencoderConfig ac) values.putAll(AutoencoderAnalysis.of(model, ac, data, c.data(), c.seed()));
            if (model.model() instanceof Classifies k) values.putAll(ClassifierResults.of(k, backend, data.evaluationSet()).summary());
            if (gan != null) {
                values.put("gan", gan.summary());
                gan.drawLosses();
            }
            Map<String, Object> summary = RunSummary.update(folder, values);
            RunFigures.write(folder, c, model, data, trainer.history(), trainer.historyImages(), summary);
            return new Outcome(folder, result, summary);
        } finally {
            if (lock != null) lock.close();
            if (judge != null) judge.close();
            backend.close();
        }
    }

    /**
     * The stored config of the run, with the training length and intervals of {@code given} (so a
     * finished run can be extended); anything else that differs is an error.
     */
    private static RunConfig resumeConfig(RunConfig given, RunFolder folder) {
        RunConfig stored = ConfigFiles.read(folder.file(RunFolder.CONFIG));
        if (given == null) return stored;
        RunConfig comparable = given.withName(stored.name()).withDevice(stored.device()).withOutput(stored.output())
                .withTraining(stored.training());
        Map<String, Object> a = comparable.toJson(), b = stored.toJson();
        a.remove("description");
        b.remove("description");
        if (!a.equals(b)) {
            List<String> keys = new ArrayList<>();
            for (String k : b.keySet()) if (!Objects.equals(a.get(k), b.get(k))) keys.add(k);
            throw new ConfigException("--resume " + folder.dir() + ": the config differs from the run's own "
                    + RunFolder.CONFIG + " in " + String.join(", ", keys) + "; only training settings (epochs, "
                    + "checkpoint_every, log_every), device and output may change when resuming");
        }
        return stored.withTraining(given.training());
    }

    /** The system property that runs training steps through a {@link StepPlan}. */
    public static final String PLAN_PROPERTY = "latent.plan";

    public static String describe(Backend b) {
        StepPlan plan = StepPlan.of(b);
        if (plan != null) b = plan.inner();
        return b instanceof CudaBackend c ? "cuda (" + c.deviceName() + ")" : b.name();
    }

    private static Map<String, Object> status(RunConfig c, ModelContext model, String device, String status, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("status", status);
        m.put("message", message.isEmpty() ? null : message); // null replaces a stopped run's message on resume
        m.put("family", c.model().family());
        m.put("dataset", c.data().dataset());
        m.put("device", device);
        m.put("parameters", model.trainableCount());
        m.put("loss", model.model().lossName());
        return m;
    }

    /**
     * {@code seconds}: how long this invocation trained. A stopped run counts its unfinished epoch's steps
     * ({@code step_in_epoch}) and time; a resumed run adds its time to that of the invocations before it
     * (the previous summary's, else the sum of their metrics rows); {@code carriedSeconds} is the
     * resumed epoch's time before the stop, in its metrics row and already in the earlier summary.
     */
    private static Map<String, Object> summary(RunConfig c, ModelContext model, String device, RunFolder folder, TrainingLoop.Result r,
                                               double seconds, double carriedSeconds) {
        Map<String, Object> before = RunSummary.read(folder);
        boolean complete = r.outcome() == TrainingLoop.Outcome.COMPLETE;
        Map<String, Object> m = status(c, model, device, complete ? "complete" : "stopped",
                complete ? "" : r.stopReason());
        // Rows from earlier invocations (resumed runs) come from metrics.csv, this invocation's exactly from memory.
        List<EpochMetrics> all = new ArrayList<>();
        double earlierSeconds = 0;
        for (EpochMetrics e : MetricsLog.read(folder.file(RunFolder.METRICS))) {
            if (r.epochs().isEmpty() || e.epoch() < r.epochs().get(0).epoch()) {
                all.add(e);
                earlierSeconds += e.seconds();
            }
        }
        // A stop mid-epoch leaves no metrics row for its steps, but the summary it wrote has their time.
        if (before.get("seconds") instanceof Number n && List.of("stopped", "complete").contains(before.get("status"))) {
            earlierSeconds = Math.max(earlierSeconds, n.doubleValue());
        }
        all.addAll(r.epochs());
        m.put("epochs", all.isEmpty() ? 0 : all.get(all.size() - 1).epoch());
        m.put("step_in_epoch", r.state() == null ? 0 : r.state().stepInEpoch());
        m.put("global_step", r.state() == null ? 0 : r.state().globalStep());
        EpochMetrics last = all.isEmpty() ? null : all.get(all.size() - 1);
        m.put("train_loss", last == null ? null : RunSummary.number(last.trainLoss()));
        m.put("validation_loss", last == null ? null : RunSummary.number(last.validationLoss()));
        double test = Double.NaN;
        for (EpochMetrics e : all) if (!Double.isNaN(e.testLoss())) test = e.testLoss();
        m.put("test_loss", RunSummary.number(test));
        if (last != null && !Double.isNaN(last.trainAccuracy())) {
            double testAccuracy = Double.NaN;
            for (EpochMetrics e : all) if (!Double.isNaN(e.testAccuracy())) testAccuracy = e.testAccuracy();
            m.put("train_accuracy", RunSummary.number(last.trainAccuracy()));
            m.put("validation_accuracy", RunSummary.number(last.validationAccuracy()));
            m.put("test_accuracy", RunSummary.number(testAccuracy));
        }
        double thisInvocation = 0;
        double[] rates = new double[all.size()];
        for (int i = 0; i < rates.length; i++) rates[i] = all.get(i).examplesPerSecond();
        for (EpochMetrics e : r.epochs()) thisInvocation += e.seconds();
        // A resumed epoch's row counts its time before the stop too, which the earlier summary already has.
        if (!r.epochs().isEmpty()) thisInvocation -= carriedSeconds;
        m.put("seconds", earlierSeconds + Math.max(seconds, thisInvocation));
        m.put("examples_per_second", rates.length == 0 ? null : median(rates));
        m.put("report", RunFolder.REPORT);
        return m;
    }

    private static Map<String, Object> powell(PowellTrainer.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("evaluations", r.evaluations());
        m.put("converged", r.converged());
        m.put("initial_loss_sum", r.initialLoss());
        m.put("final_loss_sum", r.bestLoss());
        return m;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
