package org.latent.rundata;

import org.latent.report.Decoding;
import org.latent.runs.RunFolder;
import org.latent.runs.SavedRun;
import java.nio.file.Path;
import org.latent.config.ClassifierConfig;
import org.latent.config.ConfigException;
import org.latent.config.ConfigFiles;
import org.latent.config.DataConfig;
import org.latent.config.DataSource;
import org.latent.config.GanConfig;
import org.latent.config.RunConfig;
import org.latent.config.VaeConfig;
import org.latent.model.ModelContext;
import org.latent.model.Posterior;

/**
 * Labelled data: a conditional GAN's one-hot targets, and a classifier's data: the labels as one-hot target rows and, with {@code features.encoder_run}, the
 * frozen encoder outputs of a trained VAE run in place of the pixels (E3): its means μ, or with
 * {@code features.layer} "hidden" its last hidden layer. The codes are computed once, before
 * training, on the classifier's device. With {@code features.standardize} every input feature is
 * standardized by its mean and standard deviation over the training set (the same shift and scale for
 * validation and test; recomputed identically by {@code latent eval}). The fonts' classes are the
 * characters' indices.
 */
public final class ClassifierData {
    private ClassifierData() {}

    /** The data the run's model trains on: the pixels, with one-hot targets for a classifier or a conditional GAN. */
    public static RunData forModel(RunConfig c, RunData pixels, Path dataFolder) {
        if (c.model() instanceof ClassifierConfig cc) return prepare(cc, c.data(), pixels, c.device(), dataFolder);
        if (c.model() instanceof GanConfig g && g.classes() > 0) return withOneHotTargets(pixels, g.classes(), c.data().source() == DataSource.FONTS);
        return pixels;
    }

    /**
     * The pixels with their labels as one-hot targets over {@code classes} (a classifier's, or a
     * conditional GAN's); the fonts' classes are the characters' indices.
     */
    static RunData withOneHotTargets(RunData pixels, int classes, boolean fonts) {
        return new RunData(pixels.description(), pixels.exampleShape(), labelled(pixels.train(), null, null, 0, classes, fonts, false),
                labelled(pixels.validation(), null, null, 0, classes, fonts, false), labelled(pixels.test(), null, null, 0, classes, fonts, false));
    }

    private static RunData prepare(ClassifierConfig c, DataConfig data, RunData pixels, String device, Path dataFolder) {
        String dataset = data.dataset();
        boolean fonts = data.source() == DataSource.FONTS;
        if (c.encoderRun() == null) return standardized(c, withOneHotTargets(pixels, c.classes(), fonts));
        try (SavedRun run = SavedRun.open(Path.of(c.encoderRun()), device, dataFolder, false)) {
            if (!(run.model.model() instanceof Posterior vae)) {
                throw new ConfigException("model.features.encoder_run: " + c.encoderRun() + " is a "
                        + run.config.model().family() + " run, not a vae run");
            }
            DataConfig trained = run.config.data();
            if (!trained.sameData(data) || !trained.scale().equals(data.scale())) {
                throw new ConfigException("model.features.encoder_run: " + c.encoderRun() + " was trained on "
                        + trained.dataset() + " (" + trained.scale() + " pixels), not " + dataset + " (" + data.scale() + ")");
            }
            int j = featureSize(c, run.config);
            String by = (c.featureLayer().equals("hidden") ? "last hidden layer of " : "encoded by ") + run.folder.dir().getFileName();
            int k = c.classes();
            boolean hidden = c.featureLayer().equals("hidden");
            return standardized(c, new RunData(pixels.description() + ", " + by, new int[] {j}, labelled(pixels.train(), run.model, vae, j, k, fonts, hidden),
                    labelled(pixels.validation(), run.model, vae, j, k, fonts, hidden),
                    labelled(pixels.test(), run.model, vae, j, k, fonts, hidden)));
        }
    }

    /** The input size of a classifier on an encoder run, from that run's config: J for "mu", the last hidden size for "hidden". */
    public static int encoderLatent(ClassifierConfig c) {
        return featureSize(c, ConfigFiles.read(RunFolder.existing(Path.of(c.encoderRun())).file(RunFolder.CONFIG)));
    }

    private static int featureSize(ClassifierConfig c, RunConfig run) {
        if (!(run.model() instanceof VaeConfig vae)) {
            throw new ConfigException("model.features.encoder_run: " + c.encoderRun() + " is a " + run.model().family()
                    + " run, not a vae run");
        }
        if (!c.featureLayer().equals("hidden")) return vae.latent();
        if (vae.encoder().isEmpty()) {
            throw new ConfigException("model.features.layer: " + c.encoderRun() + "'s encoder has no hidden layer; use \"mu\"");
        }
        return vae.encoder().get(vae.encoder().size() - 1);
    }

    /** The data with each input feature standardized by the training set's mean and standard deviation (when asked). */
    private static RunData standardized(ClassifierConfig c, RunData d) {
        if (!c.standardize()) return d;
        Examples train = d.train();
        int n = train.count(), k = train.size();
        double[] mean = new double[k], sq = new double[k];
        float[] x = train.input();
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < k; f++) mean[f] += x[i * k + f];
        }
        for (int f = 0; f < k; f++) mean[f] /= n;
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < k; f++) {
                double e = x[i * k + f] - mean[f];
                sq[f] += e * e;
            }
        }
        double[] scale = new double[k];
        for (int f = 0; f < k; f++) {
            double sd = Math.sqrt(sq[f] / n);
            scale[f] = sd > 0 ? 1 / sd : 1;
        }
        return new RunData(d.description() + ", standardized", d.exampleShape(), standardize(train, mean, scale),
                standardize(d.validation(), mean, scale), standardize(d.test(), mean, scale));
    }

    /** (x - mean) * scale per feature; the targets (one-hot rows) and labels are kept. */
    static Examples standardize(Examples e, double[] mean, double[] scale) {
        if (e == null) return null;
        int k = e.size();
        float[] in = e.input(), out = new float[in.length];
        for (int i = 0; i < e.count(); i++) {
            for (int f = 0; f < k; f++) out[i * k + f] = (float) ((in[i * k + f] - mean[f]) * scale[f]);
        }
        return new Examples(e.name(), e.count(), k, out, e.target(), e.labels());
    }

    /** The set with one-hot targets, its inputs replaced by the encoder means when {@code vae} is not null. */
    private static Examples labelled(Examples e, ModelContext model, Posterior vae, int latent, int k, boolean fonts, boolean hidden) {
        if (e == null) return null;
        if (e.labels() == null) throw new ConfigException("model.classes: a model with classes needs labelled data; " + e.name() + " has no labels");
        int[] labels = e.labels().clone();
        float[] oneHot = new float[e.count() * k];
        for (int i = 0; i < labels.length; i++) {
            if (fonts) labels[i] = i;
            if (labels[i] < 0 || labels[i] >= k) {
                throw new ConfigException("model.classes: " + e.name() + " example " + i + " has label " + labels[i]
                        + ", outside 0.." + (k - 1));
            }
            oneHot[i * k + labels[i]] = 1f;
        }
        if (vae == null) return new Examples(e.name(), e.count(), e.size(), e.input(), oneHot, labels);
        float[] codes = hidden ? Decoding.encodeHidden(model, vae, e.input()) : Decoding.encode(model, vae, e.input());
        return new Examples(e.name() + " codes", e.count(), latent, codes, oneHot, labels);
    }
}
