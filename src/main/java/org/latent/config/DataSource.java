package org.latent.config;

import java.util.Locale;

/** The data sets a config's {@code data.dataset} can name, parsed once at the config boundary. */
public enum DataSource {
    MNIST, FASHION_MNIST, FREY, FONTS;

    /** The name configs use: "mnist", "fashion-mnist", "frey", "fonts". */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static DataSource of(String configName) {
        return valueOf(configName.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
