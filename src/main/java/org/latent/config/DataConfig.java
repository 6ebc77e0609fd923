package org.latent.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.latent.data.PixelScale;

/**
 * Which data set to train on and how to cut and prepare it.
 *
 * <ul>
 * <li>{@code validation}: training examples held out (the last ones, in file order) as the
 *     validation set; E1 holds out 5,000 of MNIST's 60,000.</li>
 * <li>{@code test}: for Frey Face, which has no test set, examples held out (from the end) as one.</li>
 * <li>{@code limit}: use at most this many training and test examples (0: all), for quick runs.</li>
 * <li>{@code font} (1, 2, 3) and {@code subset} (its first k characters): for the built-in fonts,
 *     whose training set is also their test set, as in E7.</li>
 * <li>{@code scale}: pixels in [0, 1] ("unit") or [-1, 1] ("symmetric").</li>
 * <li>{@code noise}: denoising input corruption (null: none).</li>
 * <li>{@code augment}: random flips and crops of the training images each step (null: none; {@link AugmentConfig}).</li>
 * <li>{@code files}: for "images" and "numpy", one's own data ({@link ImagesConfig},
 *     {@link NumpyConfig}); null for the built-in data sets. The last {@code validation} training
 *     examples are the validation set; the test set is {@code test_path}'s, or without one the last
 *     {@code test} examples (held out before the validation ones), or none.</li>
 * </ul>
 */
public record DataConfig(String dataset, int font, int subset, int validation, int test, int limit, String scale,
                         NoiseConfig noise, FilesConfig files, AugmentConfig augment) {
    public static final List<String> DATASETS = List.of("mnist", "fashion-mnist", "frey", "fonts", "images", "numpy");
    public static final List<String> SCALES = List.of("unit", "symmetric");

    public DataConfig {
        dataset = Check.oneOf("data.dataset", dataset, DATASETS);
        boolean own = dataset.equals("images") || dataset.equals("numpy");
        if (own && files == null) {
            throw new ConfigException("data.path: required for the " + dataset + " data set: "
                    + (dataset.equals("images") ? "the folder of images" : "a .npy or .npz file"));
        }
        if (files != null && !files.dataset().equals(dataset)) {
            throw new ConfigException("data.dataset: \"" + dataset + "\" cannot take " + files.dataset() + " files");
        }
        Check.range("data.font", font, 1, 3);
        Check.range("data.subset", subset, 1, 32);
        Check.nonNegative("data.validation", validation);
        Check.nonNegative("data.test", test);
        Check.nonNegative("data.limit", limit);
        scale = Check.oneOf("data.scale", scale, SCALES);
        if (dataset.equals("fonts") && validation > 0) {
            throw new ConfigException("data.validation: the fonts data set has no validation split (got " + validation + ")");
        }
        if (!dataset.equals("frey") && !own && test > 0) {
            throw new ConfigException("data.test: only Frey Face and one's own data have their test set held out of the"
                    + " training set; " + dataset + " has its own (got " + test + ")");
        }
        if (own && test > 0 && files.testPath() != null) {
            throw new ConfigException("data.test: " + test + " examples held out as the test set, but test_path \""
                    + files.testPath() + "\" is the test set; give one or the other");
        }
        if (dataset.equals("frey")) {
            Check.holdOut(validation > 0 && test > 0 ? "data.validation + data.test (" + validation + " + " + test + ")"
                    : test > 0 ? "data.test" : "data.validation", (long) validation + test, FREY_FACES, "Frey faces");
        } else if (dataset.equals("mnist") || dataset.equals("fashion-mnist")) {
            Check.holdOut("data.validation", validation, MNIST_TRAIN, dataset + " training images");
        }
        // One's own data (images, numpy): its size is known when it is read, and checked there.
        if (noise != null && !own) {
            long examples = trainingExamples(dataset, subset, validation, test, limit);
            long values = (long) noise.copies() * examples * exampleSize(dataset);
            // The clean copies, the corrupted ones and the copies RunData keeps of both.
            Check.values("data.noise.copies", noise.copies() + " noisy copies of " + Check.count(examples) + " training examples",
                    values, 16, Check.heapBytes());
        }
    }

    /** MNIST's and Fashion-MNIST's training images; Frey Face's faces (data/manifest.tsv's files, checked by md5). */
    static final int MNIST_TRAIN = 60_000, FREY_FACES = 1965;

    /** How many training examples the config leaves (before noisy copies). */
    static long trainingExamples(String dataset, int subset, int validation, int test, int limit) {
        long all = switch (dataset) {
            case "fonts" -> subset;
            case "frey" -> FREY_FACES - (long) validation - test;
            default -> MNIST_TRAIN - (long) validation;
        };
        return limit > 0 ? Math.min(limit, all) : all;
    }

    /** Values per example: 28 x 28 images, Frey's 28 x 20 faces, the fonts' 7 x 5 characters. */
    static int exampleSize(String dataset) {
        return switch (dataset) {
            case "fonts" -> 35;
            case "frey" -> 560;
            default -> 784;
        };
    }

    /** A data set with its defaults: E1's 5,000 validation images for MNIST and Fashion-MNIST, all 32 characters of font 1. */
    public static DataConfig of(String dataset) {
        String d = Check.oneOf("data.dataset", dataset, DATASETS);
        int validation = d.equals("mnist") || d.equals("fashion-mnist") ? 5000 : 0;
        if (d.equals("images") || d.equals("numpy")) {
            throw new ConfigException("data.dataset: \"" + d + "\" needs its files: DataConfig.of(ImagesConfig.of(folder, channels))"
                    + " or DataConfig.of(NumpyConfig.npy(images, labels))");
        }
        return new DataConfig(d, 1, 32, validation, 0, 0, "unit", null, null, null);
    }

    /**
     * One's own data: an image folder ({@link ImagesConfig}) or NumPy files ({@link NumpyConfig}),
     * no validation or test examples held out, pixels in [0, 1].
     */
    public static DataConfig of(FilesConfig files) {
        return new DataConfig(files.dataset(), 1, 32, 0, 0, 0, "unit", null, files, null);
    }

    /**
     * Whether this names the same data set as {@code other}: the same built-in set, or for one's own
     * data the same training files read the same way ({@link FilesConfig#sameExamples}: paths compared
     * as files, test sets and labels free to differ). Splits, limits, noise and augmentation are not compared.
     */
    public boolean sameData(DataConfig other) {
        return dataset.equals(other.dataset) && (files == null ? other.files == null : files.sameExamples(other.files));
    }

    /** The data set for messages: its name, and for one's own data the training file or folder. */
    public String describe() {
        return files == null ? dataset : dataset + " " + files.path();
    }

    /** Which data set, as an enum. */
    public DataSource source() {
        return DataSource.of(dataset);
    }

    /** The pixel range as the data package's enum: UNIT [0, 1] or SYMMETRIC [-1, 1]. */
    public PixelScale pixelScale() {
        return scale.equals("symmetric") ? PixelScale.SYMMETRIC : PixelScale.UNIT;
    }

    public DataConfig withFont(int f) { return new DataConfig(dataset, f, subset, validation, test, limit, scale, noise, files, augment); }
    public DataConfig withSubset(int k) { return new DataConfig(dataset, font, k, validation, test, limit, scale, noise, files, augment); }
    public DataConfig withValidation(int v) { return new DataConfig(dataset, font, subset, v, test, limit, scale, noise, files, augment); }
    public DataConfig withTest(int t) { return new DataConfig(dataset, font, subset, validation, t, limit, scale, noise, files, augment); }
    public DataConfig withLimit(int l) { return new DataConfig(dataset, font, subset, validation, test, l, scale, noise, files, augment); }
    public DataConfig withScale(String s) { return new DataConfig(dataset, font, subset, validation, test, limit, s, noise, files, augment); }
    public DataConfig withNoise(NoiseConfig n) { return new DataConfig(dataset, font, subset, validation, test, limit, scale, n, files, augment); }
    /** Random flips and/or crops of the training images each step (null: none). */
    public DataConfig withAugment(AugmentConfig a) { return new DataConfig(dataset, font, subset, validation, test, limit, scale, noise, files, a); }

    /** Keys of {@code data} for one's own images and arrays. */
    static final List<String> IMAGES_KEYS = List.of("dataset", "path", "test_path", "channels", "height", "width", "fit",
            "validation", "test", "limit", "scale", "noise", "augment");
    static final List<String> NUMPY_KEYS = List.of("dataset", "path", "labels", "images_member", "labels_member", "test_path",
            "test_labels", "validation", "test", "limit", "scale", "noise", "augment");

    static DataConfig parse(ConfigObject o) {
        String name = Check.oneOf(o.where("dataset"), o.requiredString("dataset"), DATASETS);
        FilesConfig files = null;
        DataConfig d;
        switch (name) {
            case "images" -> {
                o.allowOnly(IMAGES_KEYS.toArray(String[]::new));
                files = ImagesConfig.parse(o);
                d = of(files);
            }
            case "numpy" -> {
                o.allowOnly(NUMPY_KEYS.toArray(String[]::new));
                files = NumpyConfig.parse(o);
                d = of(files);
            }
            case "fonts" -> {
                o.allowOnly("dataset", "font", "subset", "scale", "noise", "augment");
                d = of(name);
            }
            case "frey" -> {
                o.allowOnly("dataset", "validation", "test", "limit", "scale", "noise", "augment");
                d = of(name);
            }
            default -> {
                o.allowOnly("dataset", "validation", "limit", "scale", "noise", "augment");
                d = of(name);
            }
        }
        return new DataConfig(d.dataset, o.integer("font", d.font), o.integer("subset", d.subset),
                o.integer("validation", d.validation), o.integer("test", d.test), o.integer("limit", d.limit),
                o.string("scale", d.scale), o.has("noise") ? NoiseConfig.parse(o.object("noise")) : null, files,
                o.has("augment") ? AugmentConfig.parse(o.object("augment")) : null);
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", dataset);
        if (files != null) {
            files.putJson(m);
            m.put("validation", validation);
            m.put("test", test);
            m.put("limit", limit);
        } else if (dataset.equals("fonts")) {
            m.put("font", font);
            m.put("subset", subset);
        } else {
            m.put("validation", validation);
            if (dataset.equals("frey")) m.put("test", test);
            m.put("limit", limit);
        }
        m.put("scale", scale);
        if (noise != null) m.put("noise", noise.toJson());
        if (augment != null) m.put("augment", augment.toJson());
        return m;
    }
}
