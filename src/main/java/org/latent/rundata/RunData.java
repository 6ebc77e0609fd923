package org.latent.rundata;

import java.nio.file.Path;
import java.util.Arrays;
import org.latent.config.DataConfig;
import org.latent.config.DataSource;
import org.latent.config.NoiseConfig;
import org.latent.data.Corruption;
import org.latent.data.DataStore;
import org.latent.data.Dataset;
import org.latent.data.Fonts;
import org.latent.data.FreyFaces;
import org.latent.data.NoisyCopies;
import org.latent.data.PixelScale;
import org.latent.data.Split;
import org.latent.data.Splits;
import org.latent.data.TrainTest;
import org.latent.rng.Philox;
import org.latent.rng.RandomKey;

/**
 * The data of a run, prepared on the host as the config says: the split, the pixel scale, the
 * limit, and for denoising the corrupted copies. {@code validation} and {@code test} may be null
 * (no validation split; Frey Face without a held-out test set). The built-in fonts are their own
 * test set (E7 measures the error on the training characters); with noise, the test inputs are
 * fresh corrupted copies.
 */
public record RunData(String description, int[] exampleShape, Examples train, Examples validation, Examples test) {

    /** Noise streams: one per set, so that test noise is never the training noise. */
    private static final long NOISE_STREAM = 5L << 32;

    /** The examples for held-out evaluation and figures: the test set, else the training set. */
    public Examples evaluationSet() {
        return test != null ? test : train;
    }

    /** Image rows; 1 for flat examples (a classifier's encoder codes). */
    public int height() {
        return exampleShape.length < 2 ? 1 : exampleShape[exampleShape.length - 2];
    }

    public int width() {
        return exampleShape[exampleShape.length - 1];
    }

    /** The per-example shape of a data set, known without loading it. */
    public static int[] exampleShape(DataConfig c) {
        return switch (c.source()) {
            case FONTS -> new int[] {1, Fonts.ROWS, Fonts.COLUMNS};
            case FREY -> new int[] {1, FreyFaces.HEIGHT, FreyFaces.WIDTH};
            case MNIST, FASHION_MNIST -> new int[] {1, 28, 28};
            case IMAGES, NUMPY -> OwnData.exampleShape(c);
        };
    }

    /** Channels of image examples [c, h, w]; 1 for flat examples. */
    public int channels() {
        return exampleShape.length == 3 ? exampleShape[0] : 1;
    }

    /**
     * Loads the data; {@code dataFolder} (nullable) is a local copy of the built-in data sets to use
     * instead of LATENT_DATA or the download cache. One's own data ("images", "numpy") is read from
     * the config's paths as they are; nothing is downloaded.
     */
    public static RunData load(DataConfig c, long seed, Path dataFolder) {
        PixelScale scale = c.pixelScale();
        Split split = switch (c.source()) {
            case FONTS -> fonts(c, scale);
            case FREY -> frey(c, store(dataFolder).frey(scale));
            case FASHION_MNIST -> Splits.holdOutLast(limited(store(dataFolder).fashionMnist(scale), c), c.validation());
            case MNIST -> Splits.holdOutLast(limited(store(dataFolder).mnist(scale), c), c.validation());
            case IMAGES, NUMPY -> OwnData.load(c);
        };
        boolean fonts = c.source() == DataSource.FONTS;
        String description = c.dataset() + (fonts ? " (font " + c.font() + ", " + c.subset() + " characters)"
                : c.source().own() ? " " + c.files().path() : "");
        return new RunData(description, split.train().shape(),
                examples(split.train(), c.noise(), scale, seed, 0),
                split.validation() == null || split.validation().size() == 0 ? null
                        : examples(split.validation(), c.noise(), scale, seed, 1),
                split.test() == null ? null : examples(split.test(), c.noise(), scale, seed, 2));
    }

    private static DataStore store(Path dataFolder) {
        return dataFolder != null ? DataStore.localFolder(dataFolder) : DataStore.fromEnvironment();
    }

    /** With a limit, the first {@code limit} examples after the validation cut, and the first {@code limit} test examples. */
    private static TrainTest limited(TrainTest t, DataConfig c) {
        if (c.limit() == 0) return t;
        Dataset all = t.train();
        int train = Math.min(c.limit(), all.size() - Math.min(c.validation(), all.size()));
        int keep = Math.min(all.size(), train + c.validation());
        // Keep the validation images at the end, where holdOutLast takes them from.
        int[] idx = new int[keep];
        for (int i = 0; i < train; i++) idx[i] = i;
        for (int i = 0; i < keep - train; i++) idx[train + i] = all.size() - (keep - train) + i;
        Dataset test = t.test().range(0, Math.min(c.limit(), t.test().size()));
        return new TrainTest(all.subset(idx).named(all.name()), test);
    }

    private static Split fonts(DataConfig c, PixelScale scale) {
        Dataset font = Fonts.dataset(c.font());
        int[] first = new int[c.subset()];
        for (int i = 0; i < first.length; i++) first[i] = i;
        Dataset chars = font.subset(first);
        if (scale == PixelScale.SYMMETRIC) {
            float[] f = chars.featuresCopy();
            for (int i = 0; i < f.length; i++) f[i] = 2 * f[i] - 1;
            chars = Dataset.of(chars.name(), f, chars.labels(), chars.shape());
        }
        return new Split(chars, null, chars);
    }

    /** Frey Face: the last {@code test} faces as the test set, the {@code validation} before them for validation. */
    private static Split frey(DataConfig c, Dataset all) {
        int n = all.size(), test = c.test(), validation = c.validation();
        if (test + validation >= n) {
            throw new IllegalArgumentException("data: holding out " + validation + " validation and " + test
                    + " test faces leaves no training faces of " + n);
        }
        int trainEnd = n - test - validation;
        int trainCount = c.limit() > 0 ? Math.min(c.limit(), trainEnd) : trainEnd;
        return new Split(all.range(0, trainCount), all.range(trainEnd, n - test), test == 0 ? null : all.range(n - test, n));
    }

    private static Examples examples(Dataset d, NoiseConfig noise, PixelScale scale, long seed, int set) {
        int[] labels = d.hasLabels() ? d.labels() : null;
        if (noise == null) {
            float[] x = d.featuresCopy();
            return new Examples(d.name(), d.size(), d.exampleSize(), x, x, labels);
        }
        RandomKey key = new RandomKey(seed, NOISE_STREAM + set, 0);
        Corruption corruption = switch (noise.type()) {
            case "gaussian" -> Corruption.gaussian(noise.sigma(), scale, i -> Philox.normal(key, i));
            case "salt_and_pepper" -> Corruption.saltAndPepper(noise.probability(), scale, i -> Philox.uniform(key, i));
            default -> Corruption.flip(noise.probability(), scale, i -> Philox.uniform(key, i));
        };
        NoisyCopies copies = Corruption.noisyCopies(d, noise.copies(), corruption);
        return new Examples(d.name() + " (" + noise.copies() + " noisy copies)", copies.noisy().size(), d.exampleSize(),
                copies.noisy().featuresCopy(), copies.clean().featuresCopy(),
                copies.clean().hasLabels() ? copies.clean().labels() : null);
    }

    @Override
    public String toString() {
        return description + " " + Arrays.toString(exampleShape) + ": train " + train.count()
                + (validation == null ? "" : ", validation " + validation.count())
                + (test == null ? "" : ", test " + test.count());
    }
}
