package org.latent.config;

import java.util.Locale;
import java.util.Map;

/**
 * {@code "dataset": "numpy"}: images in a NumPy {@code .npy} file (labels optionally in a second
 * {@code .npy}), or images and labels as members of one {@code .npz} archive, read by
 * {@link org.latent.data.NumpyDatasets}. Images are uint8 (scaled by {@code data.scale}) or float32
 * (used as they are), of shape (n, d), (n, h, w) or (n, c, h, w).
 *
 * <ul>
 * <li>{@code path}: the .npy or .npz of the training images; {@code labels}: a .npy of labels
 *     beside a .npy {@code path}.</li>
 * <li>{@code images_member}, {@code labels_member}: the .npz members (default: "x" or "images",
 *     and "y" or "labels" when present).</li>
 * <li>{@code test_path}, {@code test_labels}: a separate test set in the same way.</li>
 * </ul>
 */
public record NumpyConfig(String path, String labels, String imagesMember, String labelsMember, String testPath,
                          String testLabels) implements FilesConfig {
    public NumpyConfig {
        kind("data.path", path, true);
        if (labels != null) {
            if (kind("data.path", path, true).equals("npz")) {
                throw new ConfigException("data.labels: an .npz holds its labels as a member; use \"labels_member\" (got \""
                        + labels + "\")");
            }
            requireNpy("data.labels", labels);
        }
        if (testPath != null) kind("data.test_path", testPath, true);
        if (testLabels != null) {
            if (testPath == null) throw new ConfigException("data.test_labels: needs \"test_path\", the test images");
            if (kind("data.test_path", testPath, true).equals("npz")) {
                throw new ConfigException("data.test_labels: an .npz holds its labels as a member; use \"labels_member\"");
            }
            requireNpy("data.test_labels", testLabels);
        }
        boolean anyNpz = isNpz(path) || testPath != null && isNpz(testPath);
        if (!anyNpz && (imagesMember != null || labelsMember != null)) {
            throw new ConfigException((imagesMember != null ? "data.images_member" : "data.labels_member")
                    + ": members are for .npz archives; \"" + path + "\" is a .npy file");
        }
        if (imagesMember != null && imagesMember.isBlank()) throw new ConfigException("data.images_member: must name a member");
        if (labelsMember != null && labelsMember.isBlank()) throw new ConfigException("data.labels_member: must name a member");
    }

    /** Images in a .npy file, labels in another (null: unlabelled). */
    public static NumpyConfig npy(String images, String labels) {
        return new NumpyConfig(images, labels, null, null, null, null);
    }

    /** An .npz archive with the default members ("x" or "images", "y" or "labels"). */
    public static NumpyConfig npz(String archive) {
        return new NumpyConfig(archive, null, null, null, null, null);
    }

    /** The .npz members to read (null: the defaults). */
    public NumpyConfig withMembers(String images, String labels) {
        return new NumpyConfig(path, this.labels, images, labels, testPath, testLabels);
    }

    /** A separate test set: a .npy with its labels .npy (null: none), or an .npz (labels null). */
    public NumpyConfig withTest(String test, String labelsOfTest) {
        return new NumpyConfig(path, labels, imagesMember, labelsMember, test, labelsOfTest);
    }

    @Override
    public String dataset() {
        return "numpy";
    }

    /** Whether {@code file} names an .npz archive (else a .npy file). */
    public static boolean isNpz(String file) {
        return file.toLowerCase(Locale.ROOT).endsWith(".npz");
    }

    private static String kind(String key, String file, boolean required) {
        if (file == null || file.isBlank()) {
            if (required) throw new ConfigException(key + ": required: a .npy or .npz file");
            return null;
        }
        String f = file.toLowerCase(Locale.ROOT);
        if (f.endsWith(".npy")) return "npy";
        if (f.endsWith(".npz")) return "npz";
        throw new ConfigException(key + ": \"" + file + "\" must be a .npy or .npz file (by its name)");
    }

    private static void requireNpy(String key, String file) {
        if (!"npy".equals(kind(key, file, true))) throw new ConfigException(key + ": \"" + file + "\" must be a .npy file");
    }

    static NumpyConfig parse(ConfigObject o) {
        if (!o.has("path")) throw new ConfigException(o.where("path") + ": required key is missing (a .npy or .npz file)");
        return new NumpyConfig(o.requiredString("path"), o.string("labels", null), o.string("images_member", null),
                o.string("labels_member", null), o.string("test_path", null), o.string("test_labels", null));
    }

    @Override
    public void putJson(Map<String, Object> m) {
        m.put("path", path);
        if (labels != null) m.put("labels", labels);
        if (imagesMember != null) m.put("images_member", imagesMember);
        if (labelsMember != null) m.put("labels_member", labelsMember);
        if (testPath != null) m.put("test_path", testPath);
        if (testLabels != null) m.put("test_labels", testLabels);
    }

    @Override
    public boolean sameReading(FilesConfig other) {
        return other instanceof NumpyConfig o && java.util.Objects.equals(imagesMember, o.imagesMember);
    }
}
