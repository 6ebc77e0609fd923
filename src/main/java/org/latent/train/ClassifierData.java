package org.latent.train;

import java.nio.file.Path;
import org.latent.config.ClassifierConfig;
import org.latent.config.ConfigException;
import org.latent.config.ConfigFiles;
import org.latent.config.DataConfig;
import org.latent.config.GanConfig;
import org.latent.config.RunConfig;
import org.latent.config.VaeConfig;
import org.latent.model.Vae;

/**
 * Labelled data: a conditional GAN's one-hot targets, and a classifier's data: the labels as one-hot target rows and, with {@code features.encoder_run}, the
 * frozen encoder means of a trained VAE run in place of the pixels (E3). The codes are computed once,
 * before training, on the classifier's device. The fonts' classes are the characters' indices.
 */
final class ClassifierData {
    private ClassifierData() {}

    /** The data the run's model trains on: the pixels, with one-hot targets for a classifier or a conditional GAN. */
    static RunData forModel(RunConfig c, RunData pixels, Path dataFolder) {
        if (c.model() instanceof ClassifierConfig cc) return prepare(cc, c.data(), pixels, c.device(), dataFolder);
        if (c.model() instanceof GanConfig g && g.classes() > 0) return withOneHotTargets(pixels, g.classes(), c.data().dataset().equals("fonts"));
        return pixels;
    }

    private static RunData prepare(ClassifierConfig c, DataConfig data, RunData pixels, String device, Path dataFolder) {
        String dataset = data.dataset();
        boolean fonts = dataset.equals("fonts");
        if (c.encoderRun() == null) return withOneHotTargets(pixels, c.classes(), fonts);
        try (SavedRun run = SavedRun.open(Path.of(c.encoderRun()), device, dataFolder, false)) {
            if (!(run.model instanceof Vae vae)) {
                throw new ConfigException("model.features.encoder_run: " + c.encoderRun() + " is a "
                        + run.config.model().family() + " run, not a vae run");
            }
            DataConfig trained = run.config.data();
            if (!trained.dataset().equals(dataset) || !trained.scale().equals(data.scale())) {
                throw new ConfigException("model.features.encoder_run: " + c.encoderRun() + " was trained on "
                        + trained.dataset() + " (" + trained.scale() + " pixels), not " + dataset + " (" + data.scale() + ")");
            }
            int j = vae.latentSize();
            String by = "encoded by " + run.folder.dir().getFileName();
            int k = c.classes();
            return new RunData(pixels.description() + ", " + by, new int[] {j}, labelled(pixels.train(), vae, j, k, fonts),
                    labelled(pixels.validation(), vae, j, k, fonts), labelled(pixels.test(), vae, j, k, fonts));
        }
    }

    /** The code size of the encoder run a classifier reads, from that run's config. */
    static int encoderLatent(ClassifierConfig c) {
        RunConfig run = ConfigFiles.read(RunFolder.existing(Path.of(c.encoderRun())).file(RunFolder.CONFIG));
        if (!(run.model() instanceof VaeConfig vae)) {
            throw new ConfigException("model.features.encoder_run: " + c.encoderRun() + " is a " + run.model().family()
                    + " run, not a vae run");
        }
        return vae.latent();
    }

    /**
     * The pixels with their labels as one-hot targets over {@code classes} (a classifier's, or a
     * conditional GAN's); the fonts' classes are the characters' indices.
     */
    static RunData withOneHotTargets(RunData pixels, int classes, boolean fonts) {
        return new RunData(pixels.description(), pixels.exampleShape(), labelled(pixels.train(), null, 0, classes, fonts),
                labelled(pixels.validation(), null, 0, classes, fonts), labelled(pixels.test(), null, 0, classes, fonts));
    }

    /** The set with one-hot targets, its inputs replaced by the encoder means when {@code vae} is not null. */
    private static Examples labelled(Examples e, Vae vae, int latent, int k, boolean fonts) {
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
        float[] codes = Decoding.encode(vae, e.input());
        return new Examples(e.name() + " codes", e.count(), latent, codes, oneHot, labels);
    }
}
