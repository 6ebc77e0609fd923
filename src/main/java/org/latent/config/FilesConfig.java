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

    /** Adds this section's keys to the resolved {@code data} object. */
    void putJson(Map<String, Object> m);
}
