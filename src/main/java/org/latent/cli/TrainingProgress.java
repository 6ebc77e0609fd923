package org.latent.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.latent.io.ProgressBar;
import org.latent.model.Decodes;
import org.latent.model.Encodes;
import org.latent.model.ModelContext;
import org.latent.report.Phase;
import org.latent.train.EpochMetrics;
import org.latent.rundata.RunData;
import org.latent.runs.RunFolder;
import org.latent.train.TrainingListener;
import org.latent.train.TrainingState;

/** The progress of `latent train` on stderr: what is being trained where, then one progress bar per epoch. */
final class TrainingProgress implements TrainingListener {
    /** Without a terminal, epoch lines come at most this often (first and last epochs always). */
    private static final long QUIET_NANOS = 2_000_000_000L;
    /** Without a terminal, an epoch's first progress line comes once it has run this long (later ones once a minute). */
    static final long FIRST_LINE_NANOS = 2_000_000_000L;

    private final PrintStream err;
    private final boolean live;
    private final long quietMillis, firstLineNanos;
    private ProgressBar bar;
    private int steps, firstStep, batch, examples, done;
    private double loss = Double.NaN;
    private EpochMetrics finished;
    private int epoch, epochs;
    private long lastLine = System.nanoTime() - QUIET_NANOS;
    private long epochStart;
    private boolean firstLine, lineOpen;
    private String evaluated = "the losses";
    private Phase evaluation;

    TrainingProgress(PrintStream err, boolean live) {
        this(err, live, Phase.QUIET_MILLIS, FIRST_LINE_NANOS);
    }

    /**
     * {@code quietMillis}: after the last step, how long the epoch's evaluation may run before a line says so;
     * {@code firstLineNanos}: without a terminal, how long an epoch runs before its first progress line.
     */
    TrainingProgress(PrintStream err, boolean live, long quietMillis, long firstLineNanos) {
        this.err = err;
        this.live = live;
        this.quietMillis = quietMillis;
        this.firstLineNanos = firstLineNanos;
    }

    @Override
    public void runStarted(RunFolder folder, String device, String fallbackReason, ModelContext model, RunData data,
                           TrainingState start) {
        err.printf(Locale.ROOT, "run      %s%n", folder.dir());
        Object m = model.model();
        int latent = m instanceof Encodes e ? e.latentSize() : m instanceof Decodes d ? d.latentSize() : 0;
        err.printf(Locale.ROOT, "model    %s%s, %,d parameters%n", m.getClass().getSimpleName(),
                latent > 0 ? ", latent " + latent : "", model.trainableCount());
        err.printf(Locale.ROOT, "data     %s%n", data);
        err.printf(Locale.ROOT, "device   %s%s%n", device, fallbackReason == null ? "" : " (" + fallbackReason + ")");
        if (start.globalStep() > 0) {
            err.printf(Locale.ROOT, "resuming after %d epochs + %d steps (global step %d)%n", start.epoch(),
                    start.stepInEpoch(), start.globalStep());
        }
        examples = data.train().count();
        List<String> sets = new ArrayList<>();
        if (data.validation() != null) sets.add("validation");
        if (data.test() != null) sets.add("test");
        evaluated = sets.isEmpty() ? "the losses" : String.join(" and ", sets) + " losses";
    }

    @Override
    public synchronized void epochStarted(int epoch, int epochs, int firstStep, int steps, int batch) {
        this.epochStart = System.nanoTime();
        this.firstLine = false;
        this.steps = steps;
        this.firstStep = firstStep;
        this.batch = batch;
        this.done = firstStep;
        this.loss = Double.NaN;
        this.finished = null;
        this.epoch = epoch;
        this.epochs = epochs;
        String label = String.format(Locale.ROOT, "epoch %" + String.valueOf(epochs).length() + "d/%d", epoch, epochs);
        bar = new ProgressBar(err, label, steps, live, (d, total, seconds) -> detail(d, seconds));
    }

    @Override
    public synchronized void progress(int done, double runningLoss) {
        this.done = done;
        this.loss = runningLoss;
        if (!live && !firstLine && System.nanoTime() - epochStart >= firstLineNanos) {
            // A long epoch's first line comes now, not after the minute between log lines.
            firstLine = true;
            bar.finish(done);
        } else {
            bar.update(done);
        }
        lineOpen = live;
        if (done == steps && evaluation == null) {
            // The loop now measures the epoch (losses, accuracies, reconstructions); say so if that takes a while.
            evaluation = Phase.start(String.format(Locale.ROOT, "epoch %d/%d trained; measuring %s", epoch, epochs, evaluated), err,
                    quietMillis, this::endLine);
        }
    }

    /** Ends a progress bar's line before another line is printed. */
    private synchronized void endLine() {
        if (lineOpen) err.println();
        lineOpen = false;
    }

    @Override
    public void epochFinished(EpochMetrics m) {
        Phase e;
        synchronized (this) {
            e = evaluation;
            evaluation = null;
        }
        // Closed outside this object's lock: the phase's timer thread takes the phase's lock, then this one's (endLine).
        if (e != null) e.close();
        finish(m);
    }

    private synchronized void finish(EpochMetrics m) {
        finished = m;
        long now = System.nanoTime();
        if (live || epoch == 1 || epoch == epochs || now - lastLine >= QUIET_NANOS) {
            bar.finish(steps);
            lastLine = now;
        }
        lineOpen = false;
    }

    private String detail(long d, double seconds) {
        long trained = Math.min((long) (d - firstStep) * batch, examples);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%d/%d steps", d, steps));
        if (finished != null) {
            s.append(String.format(Locale.ROOT, " %,.0f ex/s %.1fs", finished.examplesPerSecond(), finished.seconds()));
            s.append(String.format(Locale.ROOT, " loss %.4f", finished.trainLoss()));
            if (!Double.isNaN(finished.validationLoss())) s.append(String.format(Locale.ROOT, " val %.4f", finished.validationLoss()));
            if (!Double.isNaN(finished.testLoss())) s.append(String.format(Locale.ROOT, " test %.4f", finished.testLoss()));
            if (!Double.isNaN(finished.validationAccuracy())) {
                s.append(String.format(Locale.ROOT, " val acc %.4f", finished.validationAccuracy()));
            }
            if (!Double.isNaN(finished.testAccuracy())) s.append(String.format(Locale.ROOT, " test acc %.4f", finished.testAccuracy()));
            return s.toString();
        }
        if (trained > 0) {
            double rate = trained / seconds;
            double eta = (steps - d) * seconds / Math.max(1, d - firstStep);
            s.append(String.format(Locale.ROOT, " %,.0f ex/s ETA %s", rate, Durations.format(eta)));
        }
        if (!Double.isNaN(loss)) s.append(String.format(Locale.ROOT, " loss %.4f", loss));
        return s.toString();
    }
}
