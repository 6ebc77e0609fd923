package org.latent.train;

import org.latent.rundata.Examples;
import org.latent.rundata.RunData;
import java.util.ArrayList;
import java.util.List;
import org.latent.backend.Backend;
import org.latent.backend.StepCounter;
import org.latent.backend.StepPlan;
import org.latent.config.TrainingConfig;
import org.latent.model.Classifies;
import org.latent.model.ModelContext;
import org.latent.model.Reconstructs;
import org.latent.optim.LearningRateSchedule;
import org.latent.optim.Optimizer;
import org.latent.optim.PowellTrainer;
import org.latent.tensor.Tensor;

/**
 * The training loop of a run: it trains and measures, and reports everything else to its
 * {@link TrainingListener} (metrics rows, checkpoints, NaN checks and progress are listeners).
 * The training set lives on the backend; each epoch's shuffled order is
 * one index tensor, and every step gathers its batch into buffers allocated once. The running loss
 * stays on the device and is read (a GPU synchronization) every {@code log_every} steps, at a stop
 * and at the end of an epoch; every read goes to the listeners' {@code lossRead}.
 *
 * <p>An epoch is a full pass, or the first {@code steps_per_epoch} batches of its order.
 *
 * <p>At the end of an epoch: the validation loss, the test loss (at the last epoch, or every epoch
 * when there is no validation set), the reconstructions of the fixed images, for a classifier the accuracies (in inference mode), a metrics row and, every
 * {@code checkpoint_every} epochs and at the end, a checkpoint. A stop request (signal or step limit)
 * is honoured after the current step with a checkpoint, mid-epoch included; the run resumes from it
 * exactly where it left off.
 *
 * <p>A step takes no host value that changes from step to step: the batch index of the epoch is a
 * counter of the model's step state on the device (gatherRows reads it), and with a learning-rate
 * {@link #schedule} the host writes the rates of the epoch's steps into a table at the epoch's start
 * and each step looks its rate up on the device ({@link Backend#lookupStepValue}) into every
 * optimizer's rate scalar; a plateau schedule sees each epoch's validation loss. Each step ends
 * with {@link ModelContext#endStep}. So on a backend made by a {@link StepPlan} the loop runs each
 * step through the plan: the first steps of a batch shape are recorded, the later ones replayed. With {@link #earlyStopping}, the run ends after the epoch whose validation loss
 * exhausts the patience, with a checkpoint, as complete.
 */
public final class TrainingLoop {
    /** How many fixed evaluation images are reconstructed after each epoch. */
    public static final int HISTORY_IMAGES = 8;

    public enum Outcome { COMPLETE, STOPPED }

    public record Result(Outcome outcome, TrainingState state, List<EpochMetrics> epochs, String stopReason) {}

    private final TrainingConfig tc;
    private final long seed;
    private final ModelContext model;
    private final Backend b;
    private final DeviceSet train, validation, test;
    private final StopSignal stop;
    private final TrainingListener listener;
    private final EpochOrder order;
    private final Tensor inBatch, targetBatch, historyInputs;
    /** The step in the epoch, on the device: gatherRows and the schedule table read it. */
    private final StepCounter batchIndex;
    /** The learning rate of each step of the epoch (with a varying schedule), written at the epoch's start. */
    private Tensor rateTable;
    private float[] rateHost;
    private final StepPlan plan;
    private final int historyImages;
    private final List<float[]> history = new ArrayList<>();
    private TrainingState lastSaved;
    private PowellTrainer.Result powell;
    private LearningRateSchedule schedule;
    private EarlyStopping earlyStopping;
    private Augmentation augmentation;
    private final boolean denoising;

    public TrainingLoop(TrainingConfig tc, long seed, ModelContext model, RunData data, StopSignal stop, TrainingListener listener) {
        this.tc = tc;
        this.seed = seed;
        this.model = model;
        this.b = model.backend();
        this.stop = stop;
        this.listener = listener;
        train = DeviceSet.upload(b, data.train());
        validation = DeviceSet.uploadOrNull(b, data.validation());
        test = DeviceSet.uploadOrNull(b, data.test());
        order = new EpochOrder(b, train.count(), seed);
        int batch = Math.min(tc.batch(), train.count());
        inBatch = b.allocate(batch, model.inputSize());
        targetBatch = data.train().separateTargets() ? b.allocate(batch, data.train().targetSize()) : null;
        denoising = data.train().denoising();
        Examples shown = data.evaluationSet();
        historyImages = model.model() instanceof Reconstructs ? Math.min(HISTORY_IMAGES, shown.count()) : 0;
        historyInputs = historyImages == 0 ? null : b.upload(shown.input(), historyImages, shown.size());
        batchIndex = model.stepState().counter("train.batch_in_epoch", 0);
        plan = StepPlan.of(b);
    }

    /**
     * The learning rate of every step (null: the optimizers' own, constant). A plateau schedule
     * must already have seen the validation losses of the epochs before the start (when resuming).
     */
    public TrainingLoop schedule(LearningRateSchedule s) {
        schedule = s;
        if (s != null && s.varies() && rateTable == null) {
            int steps = tc.steps(train.count());
            rateTable = b.allocate(steps);
            rateHost = new float[steps];
        }
        return this;
    }

    /**
     * Flips and/or crops every training batch after its gather (null: none); its stream was declared
     * ({@link Augmentation#declare}) before any checkpoint was loaded. Validation and test sets are never augmented.
     */
    public TrainingLoop augmentation(Augmentation a) {
        augmentation = a;
        if (a != null) a.allocate(b, inBatch.rows(), denoising);
        return this;
    }

    /** Stops when the validation loss stops improving (null: never); replayed up to the start when resuming. */
    public TrainingLoop earlyStopping(EarlyStopping e) {
        earlyStopping = e;
        return this;
    }

    /** Runs from {@code start} (a fresh state or a loaded checkpoint's) to the configured number of epochs or a stop. */
    public Result run(TrainingState start, List<float[]> startHistory) {
        history.addAll(startHistory);
        lastSaved = start.globalStep() > 0 ? start : null;
        int n = train.count(), batch = inBatch.rows();
        int steps = tc.steps(n);
        Tensor fullIn = inBatch, lastIn = inBatch.rows(0, Math.min(batch, n - (steps - 1) * batch));
        Tensor fullTarget = targetBatch, lastTarget = targetBatch == null ? null : targetBatch.rows(0, lastIn.rows());
        List<EpochMetrics> done = new ArrayList<>();
        int epoch = start.epoch(), step = start.stepInEpoch();
        long global = start.globalStep();
        double lossSum = start.epochLossSum(), priorSeconds = start.epochSeconds();
        // Steps since the last read: a run stopped between reads left them in the running losses.
        int lossSteps = start.epochLossSteps(), window = start.stepInEpoch() - start.epochLossSteps();
        while (epoch < tc.epochs()) {
            Tensor indices = order.shuffle(epoch);
            // The epoch's per-step values, written before its steps (never inside one).
            batchIndex.set(step);
            if (rateTable != null) {
                long first = global - step;
                for (int s = 0; s < steps; s++) rateHost[s] = (float) schedule.lr(first + s);
                b.write(rateHost, rateTable);
            }
            listener.epochStarted(epoch + 1, tc.epochs(), step, steps, batch);
            long t0 = System.nanoTime();
            int firstStep = step;
            while (step < steps) {
                boolean last = step == steps - 1;
                Tensor in = last ? lastIn : fullIn;
                Tensor target = targetBatch == null ? in : last ? lastTarget : fullTarget;
                if (plan != null) plan.step(in.rows(), () -> trainStep(indices, batch, in, target));
                else trainStep(indices, batch, in, target);
                if (rateTable != null) rateShown = rateHost[step];
                step++;
                global++;
                window++;
                stop.stepDone();
                // Reads at fixed steps of the epoch (not at a stop: the unread sums go into the checkpoint),
                // so a stopped and resumed epoch sums the same windows as one that never stopped.
                if (step % tc.logEvery() == 0 || step == steps) {
                    double mean = model.model().takeMeanLoss();
                    listener.lossRead(TrainingListener.TRAINING_LOSS, mean, global, epoch + 1, step, steps);
                    lossSum += mean * window;
                    lossSteps += window;
                    window = 0;
                    listener.progress(step, lossSum / lossSteps);
                } else if (step == firstStep + 1) {
                    // Progress (and an ETA) at once in a long epoch, without a loss read: reading here would
                    // regroup the epoch's loss sum and change its last bits.
                    listener.progress(step, lossSteps == 0 ? Double.NaN : lossSum / lossSteps);
                }
                if (stop.requested() && step < steps) {
                    save(new TrainingState(epoch, step, global, model.optimizerSteps(), lossSum, lossSteps, model.randomKeys(),
                            model.runningLossSteps(), priorSeconds + (System.nanoTime() - t0) / 1e9));
                    return new Result(Outcome.STOPPED, lastSaved, done, stop.reason());
                }
            }
            double trainSeconds = priorSeconds + (System.nanoTime() - t0) / 1e9;
            double trainLoss = lossSum / lossSteps;
            boolean finalEpoch = epoch + 1 == tc.epochs();
            double validationLoss = validation == null ? Double.NaN : evaluate(validation, "validation loss", global, epoch, steps);
            double testLoss = test != null && (finalEpoch || validation == null)
                    ? evaluate(test, "test loss", global, epoch, steps) : Double.NaN;
            double trainAccuracy = accuracy(train);
            double validationAccuracy = validation == null ? Double.NaN : accuracy(validation);
            double testAccuracy = Double.isNaN(testLoss) ? Double.NaN : accuracy(test);
            if (historyImages > 0) history.add(reconstructShown());
            // The whole epoch's examples over its whole training time, the part before a resume included.
            int examples = Math.min(n, steps * batch);
            EpochMetrics m = new EpochMetrics(epoch + 1, global, trainLoss, validationLoss, testLoss,
                    priorSeconds + (System.nanoTime() - t0) / 1e9, examples / trainSeconds, trainAccuracy, validationAccuracy, testAccuracy,
                    learningRate());
            done.add(m);
            listener.epochFinished(m);
            if (schedule != null) schedule.epochEnd(validationLoss);
            boolean early = earlyStopping != null && earlyStopping.epochEnd(epoch + 1, validationLoss, epoch + 1 < tc.epochs());
            epoch++;
            step = 0;
            lossSum = 0;
            lossSteps = 0;
            priorSeconds = 0;
            if (epoch % tc.checkpointEvery() == 0 || epoch == tc.epochs() || stop.requested() || early) {
                save(new TrainingState(epoch, 0, global, model.optimizerSteps(), 0, 0, model.randomKeys()));
            }
            if (early) return new Result(Outcome.COMPLETE, lastSaved, done, null);
            if (stop.requested() && epoch < tc.epochs()) return new Result(Outcome.STOPPED, lastSaved, done, stop.reason());
        }
        return new Result(Outcome.COMPLETE, lastSaved, done, null);
    }

    /**
     * Training by Powell's method (E7's tiny nets): one run of {@link PowellTrainer} minimizing the
     * loss summed over the whole training set, recorded as one epoch whose steps are the loss
     * evaluations. It cannot be interrupted or resumed midway.
     */
    public Result runPowell(PowellTrainer.Settings settings) {
        int n = train.count();
        listener.epochStarted(1, 1, 0, 1, n);
        long t0 = System.nanoTime();
        if (model.parameterSets().size() != 1) throw new IllegalArgumentException("optimizer powell: trains models with one parameter set");
        powell = new PowellTrainer(model.parameterSets().get(0), () -> model.model().evaluate(train.input(), train.target()) * n,
                settings).minimize();
        double seconds = (System.nanoTime() - t0) / 1e9;
        double trainLoss = powell.bestLoss() / n;
        listener.lossRead(TrainingListener.TRAINING_LOSS, trainLoss, powell.evaluations(), 1, 1, 1);
        double validationLoss = validation == null ? Double.NaN : evaluate(validation, "validation loss", powell.evaluations(), 0, 1);
        double testLoss = test == null ? Double.NaN : evaluate(test, "test loss", powell.evaluations(), 0, 1);
        if (historyImages > 0) history.add(reconstructShown());
        EpochMetrics m = new EpochMetrics(1, powell.evaluations(), trainLoss, validationLoss, testLoss,
                (System.nanoTime() - t0) / 1e9, (double) n * powell.evaluations() / seconds, Double.NaN, Double.NaN, Double.NaN);
        listener.epochFinished(m);
        save(new TrainingState(1, 0, powell.evaluations(), model.optimizerSteps(), 0, 0, model.randomKeys()));
        return new Result(Outcome.COMPLETE, lastSaved, List.of(m), null);
    }

    /** The outcome of {@link #runPowell}, or null. */
    public PowellTrainer.Result powellResult() {
        return powell;
    }

    /** The reconstructions of the fixed images after each epoch so far, and how many images each holds. */
    public List<float[]> history() {
        return history;
    }

    public int historyImages() {
        return historyImages;
    }

    /**
     * One training step on the batch at the device's batch index: gather (and augment), the step's
     * learning rate from the table, the model's step, the batch index moved on, the step ended.
     * Everything it issues is the same from step to step of a batch shape (what a plan replays).
     */
    private void trainStep(Tensor indices, int batch, Tensor in, Tensor target) {
        long at = batchIndex.offset();
        b.gatherRows(train.input(), indices, batchIndex.tensor(), at, batch, augmentation == null ? in : augmentation.input(in));
        if (targetBatch != null) {
            b.gatherRows(train.target(), indices, batchIndex.tensor(), at, batch, augmentation == null ? target : augmentation.target(target));
        }
        if (augmentation != null) augmentation.apply(b, in, target);
        if (rateTable != null) {
            for (Optimizer o : model.optimizers().values()) {
                Tensor lr = o.learningRateTensor();
                if (lr == null) throw new IllegalStateException("a learning-rate schedule needs optimizers whose rate is on the device; "
                        + o.getClass().getSimpleName() + " has none");
                b.lookupStepValue(rateTable, batchIndex.tensor(), at, lr);
            }
        }
        model.model().trainStep(in, target);
        batchIndex.take(1);
        model.endStep();
    }

    /** With a varying schedule, the rate of the last step taken (for the metrics row); NaN before one. */
    private double rateShown = Double.NaN;

    /** The learning rate of the last step: the first optimizer's (NaN for Powell's method). */
    private double learningRate() {
        if (rateTable != null && !Double.isNaN(rateShown)) return rateShown;
        return model.optimizers().isEmpty() ? Double.NaN : model.optimizers().values().iterator().next().learningRate();
    }

    private double accuracy(DeviceSet set) {
        return model.model() instanceof Classifies k ? k.accuracy(set.input(), set.target()) : Double.NaN;
    }

    /** The fixed images' reconstructions, in batches the model was built for. */
    private float[] reconstructShown() {
        Reconstructs r0 = (Reconstructs) model.model();
        float[] out = null;
        for (int from = 0; from < historyImages; from += model.maxBatch()) {
            int n = Math.min(model.maxBatch(), historyImages - from);
            float[] r = r0.reconstruct(historyInputs.rows(from, n));
            int d = r.length / n;
            if (out == null) out = new float[historyImages * d];
            System.arraycopy(r, 0, out, from * d, n * d);
        }
        return out;
    }

    private double evaluate(DeviceSet set, String what, long global, int epoch, int steps) {
        double loss = model.model().evaluate(set.input(), set.target());
        listener.lossRead(what, loss, global, epoch + 1, steps, steps);
        return loss;
    }

    private void save(TrainingState s) {
        listener.checkpoint(s, history, historyImages);
        lastSaved = s;
    }
}
