package org.latent.report;

import org.latent.rundata.Examples;
import org.latent.rundata.RunData;
import org.latent.runs.Checkpoint;
import org.latent.runs.RunFolder;
import org.latent.runs.RunSummary;
import org.latent.train.EpochMetrics;
import org.latent.train.TrainingListener;
import org.latent.train.TrainingState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.latent.eval.LatentOps;
import org.latent.model.Adversarial;
import org.latent.model.ModelContext;
import org.latent.nn.Sequential;
import org.latent.rng.RandomKey;
import org.latent.tensor.Tensor;
import org.latent.viz.Framed;
import org.latent.viz.ImageGrid;
import org.latent.viz.Plots;

/**
 * Watches an adversarial model as it trains (a listener of its run): appends every log interval's
 * discriminator and generator losses to gan-losses.csv; every {@code sample_every} epochs draws the
 * fixed samples (and after the last epoch) as samples-epoch-NNN.png (a conditional GAN's: one row per class, the same ten codes
 * in every row), interpolation strips between fixed pairs of codes as interpolation-epoch-NNN.png,
 * saves the generator as generator-epoch-NNN.safetensors and measures the discriminator's accuracy
 * on real and on generated images; warns (one line each, also in summary.json) when the discriminator's loss stays
 * near 0 or the samples lose their diversity. With a {@link GanJudge}, every {@code judge.every}
 * epochs and at the end it scores the generator and prints the scores next to the real data's.
 */
public final class GanMonitor implements TrainingListener {
    static final String LOSSES = "gan-losses.csv", JUDGE_SCORES = "gan-judge.csv";
    /** How many real and generated images the accuracy is measured on, and how many samples are drawn. */
    private static final int ACCURACY_IMAGES = 1000, SAMPLES = 100;
    /** Interpolation strips: this many, of this many points each (both ends included). */
    static final int STRIPS = 10, STRIP_POINTS = 10;
    /** The stream of the strips' end points (Decoding's sample stream is 6). */
    private static final long STRIP_STREAM = 10L << 32;
    /** A discriminator loss below this for this many consecutive log intervals is a collapse warning. */
    static final double LOW_LOSS = 0.05;
    static final int LOW_LOSS_INTERVALS = 5;
    /** Samples whose mean per-pixel standard deviation falls below this fraction of the real images' are a warning. */
    static final double LOW_DIVERSITY = 0.25;

    private final ModelContext model;
    private final Adversarial gan;
    private final int sampleEvery;
    private final String family;
    private final float pixelLow;
    private final RunFolder folder;
    private final RunData data;
    private final long seed;
    private final GanJudge judge;
    private final Tensor real, realClasses;
    private final double realPixelStd;
    private final List<Map<String, Object>> checks = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private int epoch, epochs, finishedEpoch, stepsPerEpoch = 1, lowLossStretch;
    private boolean lowLossWarned, diversityWarned;

    /** {@code judge} may be null. */
    public GanMonitor(ModelContext model, Adversarial gan, int sampleEvery, String family, RunFolder folder, RunData data, float pixelLow, long seed,
               GanJudge judge) {
        this.pixelLow = pixelLow;
        this.model = model;
        this.gan = gan;
        this.sampleEvery = sampleEvery;
        this.family = family;
        this.folder = folder;
        this.data = data;
        this.seed = seed;
        this.judge = judge;
        Examples train = data.train();
        int n = Math.min(ACCURACY_IMAGES, train.count());
        float[] first = new float[n * train.size()];
        System.arraycopy(train.input(), 0, first, 0, first.length);
        real = model.backend().upload(first, n, train.size());
        realClasses = gan.classes() == 0 ? null
                : model.backend().upload(java.util.Arrays.copyOf(train.target(), n * gan.classes()), n, gan.classes());
        realPixelStd = meanPixelStd(first, Math.min(SAMPLES, n), train.size());
    }

    @Override
    public void runStarted(RunFolder f, String device, String fallbackReason, ModelContext m, RunData d,
                           TrainingState start) {
        epoch = start.epoch();
    }

    @Override
    public void epochStarted(int e, int epochs, int firstStep, int steps, int batch) {
        epoch = e;
        this.epochs = epochs;
        stepsPerEpoch = steps;
    }

    @Override
    public void lossRead(String what, double value, long globalStep, int epochNumber, int done, int steps) {
        if (!what.equals(TRAINING_LOSS)) return;
        double d = gan.discriminatorLoss(), g = gan.generatorLoss();
        append(LOSSES, "epoch,step,discriminator_loss,generator_loss\n", String.format(Locale.ROOT, "%d,%d,%.6g,%.6g%n", epoch, done, d, g));
        // A Wasserstein critic's loss is negative when it works, so only a BCE loss near 0 means collapse.
        lowLossStretch = gan.lossNearZeroIsCollapse() && d < LOW_LOSS ? lowLossStretch + 1 : 0;
        if (lowLossStretch >= LOW_LOSS_INTERVALS && !lowLossWarned) {
            lowLossWarned = true;
            warn(String.format(Locale.ROOT, "discriminator loss below %.2f for %d log intervals in a row (epoch %d): "
                    + "it wins outright; the generator has likely collapsed or diverged", LOW_LOSS, LOW_LOSS_INTERVALS, epoch));
        }
    }

    @Override
    public void epochFinished(EpochMetrics m) {
        finishedEpoch = m.epoch();
        if (judge != null && m.epoch() % judge.every() == 0) judge(m.epoch());
        if (m.epoch() % sampleEvery != 0 && m.epoch() != epochs) return;
        try (Phase p = Phase.start(String.format(Locale.ROOT, "epoch %d: the fixed samples, the discriminator's accuracy on %,d real "
                + "and generated images, the generator's weights", m.epoch(), ACCURACY_IMAGES))) {
            check(m);
        }
    }

    private void check(EpochMetrics m) {
        float[] samples = samples();
        double[] accuracy = gan.discriminatorAccuracy(real, realClasses, ACCURACY_IMAGES);
        double std = meanPixelStd(samples, SAMPLES, model.inputSize());
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("epoch", m.epoch());
        check.put("discriminator_accuracy_real", accuracy[0]);
        check.put("discriminator_accuracy_fake", accuracy[1]);
        check.put("sample_pixel_std", std);
        check.put("real_pixel_std", realPixelStd);
        checks.add(check);
        if (std < LOW_DIVERSITY * realPixelStd && !diversityWarned) {
            diversityWarned = true;
            warn(String.format(Locale.ROOT, "sample diversity fell at epoch %d: per-pixel standard deviation across the "
                    + "fixed samples %.4f, below %.0f%% of the real images' %.4f (mode collapse)", m.epoch(), std,
                    100 * LOW_DIVERSITY, realPixelStd));
        }
        if (model.networks().containsKey("generator")) {
            Checkpoint.saveNetwork(folder.file(String.format(Locale.ROOT, "generator-epoch-%03d.safetensors", m.epoch())), model,
                    family, "generator", m.epoch());
        }
        draw(String.format(Locale.ROOT, "samples-epoch-%03d.png", m.epoch()), samples, SAMPLES, 10,
                String.format(Locale.ROOT, "The fixed samples after epoch %d%s", m.epoch(),
                        gan.classes() == 0 ? "" : " (row r: class r mod " + gan.classes() + ")"));
        draw(String.format(Locale.ROOT, "interpolation-epoch-%03d.png", m.epoch()), strips(), STRIPS * STRIP_POINTS, STRIP_POINTS,
                String.format(Locale.ROOT, "Between fixed pairs of codes after epoch %d (one pair a row)", m.epoch()));
    }

    private void draw(String name, float[] images, int count, int columns, String title) {
        try {
            int zoom = ImageGrid.zoomFor(data.height(), 56);
            ImageGrid.writeFramed(folder.file(name), images, count, data.channels(), data.height(), data.width(), columns, zoom,
                    ImageGrid.padFor(data.height(), zoom), pixelLow, 1f, Framed.Axes.titled(title));
        } catch (IOException | RuntimeException | LinkageError e) {
            System.err.println("[latent] " + name + " not drawn: " + e.getMessage());
        }
    }

    /** The fixed samples: draws from the sample stream, or for a conditional GAN ten of them in one row per class. */
    private float[] samples() {
        int classes = gan.classes();
        if (classes == 0) return Decoding.samplePrior(model, gan, SAMPLES, seed);
        float[] ten = codes(10, Decoding.SAMPLE_STREAM);
        float[] z = new float[SAMPLES * gan.latentSize()];
        int[] classOf = new int[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            System.arraycopy(ten, (i % 10) * gan.latentSize(), z, i * gan.latentSize(), gan.latentSize());
            classOf[i] = (i / 10) % classes;
        }
        return gan.generate(z, classOf);
    }

    /** STRIPS rows of STRIP_POINTS images decoded on the segments between fixed pairs of codes (a conditional GAN's strip r: class r). */
    private float[] strips() {
        int latent = gan.latentSize();
        float[][] ends = LatentOps.rows(codes(2 * STRIPS, STRIP_STREAM), latent);
        float[] z = new float[STRIPS * STRIP_POINTS * latent];
        int[] classOf = new int[STRIPS * STRIP_POINTS];
        for (int r = 0; r < STRIPS; r++) {
            float[][] line = LatentOps.interpolate(ends[2 * r], ends[2 * r + 1], STRIP_POINTS);
            for (int p = 0; p < STRIP_POINTS; p++) {
                System.arraycopy(line[p], 0, z, (r * STRIP_POINTS + p) * latent, latent);
                classOf[r * STRIP_POINTS + p] = gan.classes() == 0 ? 0 : r % gan.classes();
            }
        }
        return gan.generate(z, gan.classes() == 0 ? null : classOf);
    }

    /** count codes from N(0, I) on a fixed stream of the run's seed. */
    private float[] codes(int count, long stream) {
        Tensor t = model.backend().allocate(count, gan.latentSize());
        model.backend().randomNormal(t, 0f, 1f, new RandomKey(seed, stream, 0));
        return t.toArray();
    }

    private void judge(int afterEpoch) {
        Map<String, Object> row;
        try (Phase p = Phase.start(String.format(Locale.ROOT, "judging the generator after epoch %d", afterEpoch))) {
            row = judge.judge(model, gan, afterEpoch);
        }
        if (row == null) return;
        Map<String, Object> real = judge.ceiling();
        append(JUDGE_SCORES, "epoch,inception_score,frechet_distance\n", String.format(Locale.ROOT, "%d,%.6g,%.6g%n",
                afterEpoch, (double) row.get("inception_score"), (double) row.get("frechet_distance")));
        System.err.printf(Locale.ROOT, "[latent] epoch %d: inception-style score %.3f (real images %.3f), Fréchet distance %.3f "
                + "(real halves %.3f)%n", afterEpoch, (double) row.get("inception_score"), (double) real.get("inception_score"),
                (double) row.get("frechet_distance"), (double) real.get("frechet_distance_between_halves"));
    }

    /** What summary.json gets under "gan"; judges the last finished epoch first if it was not judged yet. */
    public Map<String, Object> summary() {
        if (judge != null && finishedEpoch > 0) judge(finishedEpoch);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generator_loss", RunSummary.number(gan.generatorLoss()));
        m.put("discriminator_loss", RunSummary.number(gan.discriminatorLoss()));
        for (Map.Entry<String, Sequential> e : model.networks().entrySet()) m.put(e.getKey() + "_parameters", e.getValue().parameterCount());
        m.put("checks", checks);
        m.put("warnings", warnings);
        if (judge != null) m.put("judge", judge.summary());
        return m;
    }

    /** The D and G losses of every log interval in gan-losses.csv, over the interval's position in epochs. */
    public void drawLosses() {
        try {
            plotLosses();
        } catch (IOException | RuntimeException | LinkageError e) {
            System.err.println("[latent] GAN losses not drawn: " + e.getMessage());
        }
    }

    private void plotLosses() throws IOException {
        if (!Files.exists(folder.file(LOSSES))) return;
        List<String> lines = Files.readAllLines(folder.file(LOSSES));
        int n = lines.size() - 1;
        if (n < 1) return;
        double[] x = new double[n], d = new double[n], g = new double[n];
        for (int i = 0; i < n; i++) {
            String[] f = lines.get(i + 1).split(",");
            x[i] = Integer.parseInt(f[0]) - 1 + Integer.parseInt(f[1]) / (double) stepsPerEpoch;
            d[i] = Double.parseDouble(f[2]);
            g[i] = Double.parseDouble(f[3]);
        }
        Plots.lines(folder.file("gan-losses.png"), "GAN losses per log interval", "epoch", gan.lossNearZeroIsCollapse() ? "BCE per example" : "loss per example",
                List.of(new Plots.Series("discriminator", x, d), new Plots.Series("generator", x, g)), 800, 500);
    }

    private void append(String name, String header, String line) {
        Path file = folder.file(name);
        try {
            if (!Files.exists(file)) Files.writeString(file, header);
            Files.writeString(file, line, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void warn(String message) {
        warnings.add(message);
        System.err.println("[latent] warning: " + message);
    }

    /** The per-pixel standard deviation across n images, averaged over the pixels. */
    static double meanPixelStd(float[] images, int n, int pixels) {
        double total = 0;
        for (int p = 0; p < pixels; p++) {
            double sum = 0, sq = 0;
            for (int i = 0; i < n; i++) {
                double v = images[i * pixels + p];
                sum += v;
                sq += v * v;
            }
            double mean = sum / n;
            total += Math.sqrt(Math.max(0, sq / n - mean * mean));
        }
        return total / pixels;
    }
}
