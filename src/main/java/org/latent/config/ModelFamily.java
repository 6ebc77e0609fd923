package org.latent.config;

/**
 * A model family that configs can name in {@code model.family}. A library adds its own by
 * implementing this and listing the class in
 * {@code META-INF/services/org.latent.config.ModelFamily} (found by {@link java.util.ServiceLoader}),
 * or by calling {@link ModelFamilies#register}.
 */
public interface ModelFamily {

    /** The name configs use, e.g. "vae". */
    String name();

    /**
     * Parses the model section (the {@code family} key included): reject unknown keys with
     * {@link ConfigObject#allowOnly} and read values through {@link ConfigObject}, which names the
     * key and the expected type on a bad value.
     */
    ModelConfig parse(ConfigObject section);
}
