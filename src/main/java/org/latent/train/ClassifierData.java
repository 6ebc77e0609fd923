package org.latent.train;

import java.nio.file.Path;
import org.latent.config.ClassifierConfig;
import org.latent.config.ConfigException;
import org.latent.config.ConfigFiles;
import org.latent.config.DataConfig;
import org.latent.config.RunConfig;
import org.latent.config.VaeConfig;
import org.latent.model.Vae;

/**
 * A classifier's data: the labels as one-hot target rows and, with {@code features.encoder_run}, the
 * frozen encoder means of a trained VAE run in place of the pixels (E3). The codes are computed once,
 * before training, on the classifier's device. The fonts' classes are the characters' indices.
 */
final class ClassifierData {
    private ClassifierData() {}

    static RunData prepare(ClassifierConfig c, DataConfig data, RunData pixels, String device, Path dataFolder) {
        String dataset = data.dataset();
        boolean fonts = dataset.equals("fonts");
        if (c.encoderRun() == null) {
            return new RunData(pixels.description(), pixels.exampleShape(), labelled(pixels.train(), null, 0, c, fonts),
                    labelled(pixels.validation(), null, 0, c, fonts), labelled(pixels.test(), null, 0, c, fonts));
        }
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
            return new RunData(pixels.description() + ", " + by, new int[] {j}, labelled(pixels.train(), vae, j, c, fonts),
                    labelled(pixels.validation(), vae, j, c, fonts), labelled(pixels.test(), vae, j, c, fonts));
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

    /** The set with one-hot targets, its inputs replaced by the encoder means when {@code vae} is not null. */
    private static Examples labelled(Examples e, Vae vae, int latent, ClassifierConfig c, boolean fonts) {
        if (e == null) return null;
        if (e.labels() == null) throw new ConfigException("model.family: a classifier needs labelled data; " + e.name() + " has no labels");
        int k = c.classes();
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
