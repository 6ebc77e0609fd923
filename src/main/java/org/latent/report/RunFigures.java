package org.latent.report;

import org.latent.rundata.Examples;
import org.latent.rundata.RunData;
import org.latent.runs.MetricsLog;
import org.latent.runs.RunFolder;
import org.latent.train.EpochMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.latent.config.DataSource;
import org.latent.config.RunConfig;
import org.latent.io.Json;
import org.latent.model.Adversarial;
import org.latent.model.Classifies;
import org.latent.model.Decodes;
import org.latent.model.Encodes;
import org.latent.model.Generates;
import org.latent.model.ModelContext;
import org.latent.viz.Framed;
import org.latent.viz.ImageGrid;
import org.latent.viz.LatentFigures;
import org.latent.viz.Plots;
import org.latent.viz.Report;

/**
 * The figures of a run and its report.html: the loss curves, the fixed images reconstructed after
 * each epoch, prior samples (VAE), and for a 2-D latent space the scatter of codes coloured by label
 * (a glyph map for fonts) and the decoded manifold (VAE); an interpolation between two codes. A
 * classifier's figures are the loss curves, the confusion matrix and the most confident mistakes.
 */
public final class RunFigures {
    /** Most epochs shown in the reconstruction figure; longer runs show evenly spaced epochs. */
    private static final int MAX_EPOCH_ROWS = 20;
    /** Most points in the latent scatter. */
    private static final int MAX_POINTS = 5000;
    private static final int SAMPLES = 100;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT);

    private final RunFolder folder;
    private final RunConfig config;
    private final ModelContext model;
    private final RunData data;
    private final int c, h, w, zoom, pad;
    private final float lo, hi;
    private final List<Report.Figure> figures = new ArrayList<>();

    private RunFigures(RunFolder folder, RunConfig config, ModelContext model, RunData data) {
        this.folder = folder;
        this.config = config;
        this.model = model;
        this.data = data;
        this.c = data.channels();
        this.h = data.height();
        this.w = data.width();
        this.zoom = ImageGrid.zoomFor(h, 56);
        this.pad = ImageGrid.padFor(h, zoom);
        this.lo = config.data().pixelScale().low();
        this.hi = 1f;
    }

    /** Writes every figure that applies and report.html. */
    /** Writes the figures the model's capabilities allow, then report.html. */
    public static void write(RunFolder folder, RunConfig config, ModelContext model, RunData data, List<float[]> history,
                      int historyImages, Map<String, Object> summary) {
        try (Phase p = Phase.start("drawing the figures and " + RunFolder.REPORT)) {
            draw(folder, config, model, data, history, historyImages, summary);
        }
    }

    private static void draw(RunFolder folder, RunConfig config, ModelContext model, RunData data, List<float[]> history,
                             int historyImages, Map<String, Object> summary) {
        RunFigures f = new RunFigures(folder, config, model, data);
        Object m = model.model();
        f.draw("loss curve", f::lossCurves);
        if (m instanceof Classifies classifier) {
            // The session has just measured them for summary.json: read back rather than evaluated again.
            ClassifierResults results = fromSummary(summary);
            if (results == null) results = ClassifierResults.of(classifier, model.backend(), data.evaluationSet());
            ClassifierResults r = results;
            int errors = summary.get("confusion") instanceof Map<?, ?> c && c.get("errors") instanceof Number e
                    ? e.intValue() : r.mistakes().size();
            f.draw("confusion matrix", () -> f.confusion(r, errors));
            if (data.exampleShape().length == 3) f.draw("most confident mistakes", () -> f.mistakes(r));
        }
        if (!history.isEmpty()) f.draw("reconstructions", () -> f.reconstructions(history, historyImages));
        if (m instanceof Generates g) f.draw("samples", () -> f.samples(g));
        if (m instanceof Adversarial) f.draw("GAN losses", f::ganLosses);
        if (m instanceof Encodes e && e.latentSize() == 2) f.draw("latent map", () -> f.latentMap(e));
        if (m instanceof Generates g && g.latentSize() == 2) f.draw("manifold", () -> f.manifold(g));
        if (m instanceof Encodes e && m instanceof Decodes d) f.draw("interpolation", () -> f.interpolation(e, d));
        f.draw("report", () -> Report.write(folder.dir(), new Report.Page(config.name() + " (" + config.model().family() + ", "
                + data.description() + ")", config.description(), ZonedDateTime.now().format(DATE), summary,
                Json.pretty(config.toJson()), f.figures)));
    }

    private interface Drawing {
        void run() throws IOException;
    }

    /**
     * Figures come after the checkpoint and summary are saved, so a figure that cannot be drawn (a
     * full disk, a headless server without fonts for chart text) is reported in one line and the
     * run still succeeds.
     */
    private void draw(String what, Drawing d) {
        try {
            d.run();
        } catch (IOException | RuntimeException | LinkageError e) {
            String why = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
            System.err.println("[latent] " + what + " not drawn: " + why);
        }
    }

    private void lossCurves() throws IOException {
        List<EpochMetrics> rows = MetricsLog.read(folder.file(RunFolder.METRICS));
        if (rows.isEmpty()) return;
        double[] x = new double[rows.size()], train = new double[rows.size()], val = new double[rows.size()],
                test = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            x[i] = rows.get(i).epoch();
            train[i] = rows.get(i).trainLoss();
            val[i] = rows.get(i).validationLoss();
            test[i] = rows.get(i).testLoss();
        }
        List<Plots.Series> series = new ArrayList<>();
        series.add(new Plots.Series("train", x, train));
        if (anyFinite(val)) series.add(new Plots.Series("validation", x, val));
        // The test loss may be known only after the last epoch: then it is one marked point.
        if (anyFinite(test)) series.add(new Plots.Series("test", x, test));
        String testNote = anyFinite(test) && !allFinite(test) ? "; the test loss where it was measured (marked points)" : "";
        double[] lr = new double[rows.size()];
        for (int i = 0; i < lr.length; i++) lr[i] = rows.get(i).lr();
        if (allFinite(lr) && java.util.Arrays.stream(lr).distinct().count() > 1) {
            Plots.lines(folder.file("loss.png"), "Loss per epoch", "epoch", model.model().lossName() + " per example", series,
                    new Plots.Series("learning rate", x, lr), "learning rate (last step of the epoch)", 800, 500);
            figures.add(new Report.Figure("loss.png", "Mean " + model.model().lossName() + " per example after each epoch"
                    + testNote + ", and the learning rate of each epoch's last step (right axis)."));
            return;
        }
        Plots.lines(folder.file("loss.png"), "Loss per epoch", "epoch", model.model().lossName() + " per example", series, 800, 500);
        figures.add(new Report.Figure("loss.png", "Mean " + model.model().lossName() + " per example after each epoch" + testNote + "."));
    }

    /** gan-losses.png is drawn by the GanMonitor, which knows the steps per epoch. */
    private void ganLosses() {
        if (!Files.exists(folder.file("gan-losses.png"))) return;
        figures.add(new Report.Figure("gan-losses.png", "Discriminator and generator loss (binary cross-entropy per example) "
                + "of every log interval; samples-epoch-NNN.png hold the fixed samples every few epochs."));
    }

    /** The confusion counts and the most confident mistakes as summary.json holds them, or null. */
    static ClassifierResults fromSummary(Map<String, Object> summary) {
        try {
            if (!(summary.get("confusion") instanceof Map<?, ?> c) || !(c.get("counts") instanceof List<?> rows)
                    || !(summary.get("most_confidently_wrong") instanceof List<?> wrong)) {
                return null;
            }
            int[][] counts = new int[rows.size()][];
            for (int i = 0; i < counts.length; i++) {
                List<?> row = (List<?>) rows.get(i);
                counts[i] = new int[row.size()];
                for (int j = 0; j < row.size(); j++) counts[i][j] = ((Number) row.get(j)).intValue();
            }
            List<ClassifierResults.Mistake> mistakes = new ArrayList<>();
            for (Object o : wrong) {
                Map<?, ?> w = (Map<?, ?>) o;
                mistakes.add(new ClassifierResults.Mistake(((Number) w.get("index")).intValue(), ((Number) w.get("true")).intValue(),
                        ((Number) w.get("said")).intValue(), ((Number) w.get("probability")).floatValue()));
            }
            return new ClassifierResults(String.valueOf(c.get("set")), counts, mistakes);
        } catch (ClassCastException | NullPointerException e) {
            return null;
        }
    }

    private void confusion(ClassifierResults r, int errors) throws IOException {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < r.confusion().length; c++) names.add(String.valueOf(c));
        Plots.confusion(folder.file("confusion.png"), "Confusion matrix, " + r.set(), r.confusion(), names);
        figures.add(new Report.Figure("confusion.png", "True class (rows) against predicted class (columns) for the "
                + r.examples() + " " + r.set() + " examples; " + errors + " misclassified."));
    }

    /** The most confidently misclassified images, one per row, labelled with the true and predicted class. */
    private void mistakes(ClassifierResults r) throws IOException {
        List<ClassifierResults.Mistake> shown = r.mostConfident();
        if (shown.isEmpty()) return;
        Examples set = data.evaluationSet();
        int d = set.size();
        float[] images = new float[shown.size() * d];
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < shown.size(); i++) {
            System.arraycopy(set.input(), shown.get(i).index() * d, images, i * d, d);
            labels.add(shown.get(i).caption());
        }
        ImageGrid.writeLabelledRows(folder.file("mistakes.png"), images, shown.size(), 1, c, h, w, zoom, pad, lo, hi, labels);
        figures.add(new Report.Figure("mistakes.png", "The " + shown.size() + " " + set.name()
                + " images misclassified with the highest probability on the wrong class."));
    }

    private void reconstructions(List<float[]> history, int images) throws IOException {
        if (history.isEmpty()) return;
        Examples shown = data.evaluationSet();
        int d = shown.size();
        List<Integer> epochs = shownEpochs(history.size());
        List<String> labels = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        rows.add(slice(shown.input(), images * d));
        labels.add("input");
        if (shown.denoising()) {
            rows.add(slice(shown.target(), images * d));
            labels.add("clean");
        }
        for (int e : epochs) {
            rows.add(history.get(e - 1));
            labels.add("epoch " + e);
        }
        float[] all = new float[rows.size() * images * d];
        for (int i = 0; i < rows.size(); i++) System.arraycopy(rows.get(i), 0, all, i * images * d, images * d);
        ImageGrid.writeLabelledRows(folder.file("reconstructions.png"), all, rows.size(), images, c, h, w, zoom, pad, lo, hi, labels);
        figures.add(new Report.Figure("reconstructions.png", "The first " + images + " " + shown.name()
                + " images (top) and their reconstructions after each epoch" + (epochs.size() < history.size()
                ? " (" + epochs.size() + " of " + history.size() + " epochs shown)" : "") + "."));
    }

    private void samples(Generates g) throws IOException {
        float[] s = Decoding.samplePrior(model, g, SAMPLES, config.seed());
        int z = ImageGrid.zoomFor(h, 84);
        ImageGrid.writeFramed(folder.file("samples.png"), toUnit(s), SAMPLES, c, h, w, 10, z, ImageGrid.padFor(h, z), 0f, 1f,
                Framed.Axes.titled(SAMPLES + " samples: images decoded from z ~ N(0, I)"));
        figures.add(new Report.Figure("samples.png", SAMPLES + " images decoded from z ~ N(0, I)."));
    }

    private void latentMap(Encodes encoder) throws IOException {
        Examples set = data.evaluationSet();
        int n = Math.min(MAX_POINTS, set.count());
        float[] codes = Decoding.encode(model, encoder, slice(set.input(), n * set.size()));
        if (config.data().source() == DataSource.FONTS) {
            LatentFigures.glyphMap(folder.file("latent.png"), codes, toUnit(slice(set.target(), n * set.size())), n, h, w, 3,
                    800, 800);
            figures.add(new Report.Figure("latent.png", "Each character drawn at its 2-D code."));
            return;
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = set.labels() != null ? set.labels()[i] : i * 10 / n;
        if (set.labels() != null) {
            Plots.scatter(folder.file("latent.png"), "Latent codes of " + set.name(), codes, labels, 800, 700);
            figures.add(new Report.Figure("latent.png", "Codes of " + n + " " + set.name() + " images, coloured by label."));
            return;
        }
        // No labels (Frey Face): the images are frames of a video in order, so colour by position in the
        // sequence, in tenths; neighbouring frames show similar expressions and should lie near each other.
        Map<Integer, String> names = new LinkedHashMap<>();
        for (int t = 0; t < 10; t++) {
            int from = (t * n + 9) / 10, to = ((t + 1) * n + 9) / 10 - 1;
            names.put(t, "images " + from + "-" + to);
        }
        Plots.scatter(folder.file("latent.png"), "Latent codes of " + set.name() + ", coloured by position in the sequence",
                codes, labels, names, 800, 700);
        figures.add(new Report.Figure("latent.png", "Codes of the first " + n + " " + set.name() + " images, coloured by "
                + "their index in the data set (the order of the video the faces come from), in tenths: the legend gives "
                + "each colour's index range."));
    }

    private void manifold(Decodes d) throws IOException {
        int z = ImageGrid.zoomFor(h, 42);
        LatentFigures.manifold(folder.file("manifold.png"), decoder(d), 20, c, h, w, z, ImageGrid.padFor(h, z),
                "The decoder over the latent plane");
        figures.add(new Report.Figure("manifold.png", "The decoder over the latent plane: a 20 x 20 grid of "
                + "z = (\u03a6\u207b\u00b9(u), \u03a6\u207b\u00b9(v))."));
    }

    private void interpolation(Encodes encoder, Decodes d) throws IOException {
        Examples set = data.evaluationSet();
        if (set.count() < 2) return;
        int other = 1;
        if (set.labels() != null) {
            while (other < set.count() - 1 && set.labels()[other] == set.labels()[0]) other++;
        }
        int size = set.size(), j = encoder.latentSize();
        float[] pair = new float[2 * size];
        System.arraycopy(set.input(), 0, pair, 0, size);
        System.arraycopy(set.input(), other * size, pair, size, size);
        float[] codes = Decoding.encode(model, encoder, pair);
        float[] a = new float[j], b = new float[j];
        System.arraycopy(codes, 0, a, 0, j);
        System.arraycopy(codes, j, b, 0, j);
        int z = ImageGrid.zoomFor(h, 84);
        LatentFigures.interpolation(folder.file("interpolation.png"), decoder(d), a, b, 10, c, h, w, z, ImageGrid.padFor(h, z),
                "From the code a of " + set.name() + " image 0 to the code b of image " + other);
        figures.add(new Report.Figure("interpolation.png", "Decoded points on the segment between the codes of "
                + set.name() + " images 0 and " + other + "."));
    }

    private Function<float[], float[]> decoder(Decodes d) {
        return z -> toUnit(Decoding.decode(model, d, z));
    }

    /** Pixels in [0, 1] for the figures that assume it. */
    private float[] toUnit(float[] v) {
        if (lo == 0f) return v;
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (v[i] - lo) / (hi - lo);
        return out;
    }

    private static List<Integer> shownEpochs(int epochs) {
        List<Integer> out = new ArrayList<>();
        if (epochs <= MAX_EPOCH_ROWS) {
            for (int e = 1; e <= epochs; e++) out.add(e);
            return out;
        }
        for (int i = 0; i < MAX_EPOCH_ROWS; i++) {
            int e = 1 + (int) Math.round(i * (epochs - 1) / (double) (MAX_EPOCH_ROWS - 1));
            if (out.isEmpty() || out.get(out.size() - 1) != e) out.add(e);
        }
        return out;
    }

    private static float[] slice(float[] a, int n) {
        float[] out = new float[n];
        System.arraycopy(a, 0, out, 0, n);
        return out;
    }

    private static boolean anyFinite(double[] v) {
        for (double x : v) if (Double.isFinite(x)) return true;
        return false;
    }

    private static boolean allFinite(double[] v) {
        for (double x : v) if (!Double.isFinite(x)) return false;
        return true;
    }

}
