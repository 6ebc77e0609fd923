package org.latent.config;

import java.util.Map;

/**
 * Where a run's own data lies, for {@code data.dataset} "images" ({@link ImagesConfig}) or "numpy"
 * ({@link NumpyConfig}). Paths are used as given (relative ones from the working directory); nothing
 * is downloaded for them.
 */
public sealed interface FilesConfig permits ImagesConfig, NumpyConfig {
    /** The training file or folder, as the config gives it. */
    String path();

    /** The separate test file or folder; null when there is none. */
    String testPath();

    /** The data set's config name: "images" or "numpy". */
    String dataset();

    /**
     * Whether {@code other} gives the same training examples: the same kind of files, the same
     * training file or folder (however the path is spelt: relative or absolute, with "." or "..",
     * a link) and the same reading of it ({@link #sameReading}). Test sets and labels may differ: a
     * judging classifier trained with a test folder judges a GAN trained without one.
     */
    default boolean sameExamples(FilesConfig other) {
        return other != null && dataset().equals(other.dataset()) && samePath(path(), other.path()) && sameReading(other);
    }

    /** Whether the examples are read the same way (channels and size; the archive member). */
    boolean sameReading(FilesConfig other);

    /** Two paths of one file or folder. */
    static boolean samePath(String a, String b) {
        java.nio.file.Path pa = java.nio.file.Path.of(a).toAbsolutePath().normalize();
        java.nio.file.Path pb = java.nio.file.Path.of(b).toAbsolutePath().normalize();
        if (pa.equals(pb)) return true;
        try {
            return java.nio.file.Files.exists(pa) && java.nio.file.Files.exists(pb) && java.nio.file.Files.isSameFile(pa, pb);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Adds this section's keys to the resolved {@code data} object. */
    void putJson(Map<String, Object> m);
}
