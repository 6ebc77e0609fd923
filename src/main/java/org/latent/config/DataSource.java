package org.latent.config;

import java.util.Locale;

/** The data sets a config's {@code data.dataset} can name, parsed once at the config boundary. */
public enum DataSource {
    MNIST, FASHION_MNIST, FREY, FONTS,
    /** One's own folder of images ({@link ImagesConfig}). */
    IMAGES,
    /** One's own NumPy arrays ({@link NumpyConfig}). */
    NUMPY;

    /** The name configs use: "mnist", "fashion-mnist", "frey", "fonts", "images", "numpy". */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether the data are one's own files (images, numpy) rather than a built-in data set. */
    public boolean own() {
        return this == IMAGES || this == NUMPY;
    }

    static DataSource of(String configName) {
        return valueOf(configName.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
