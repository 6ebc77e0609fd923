package org.latent.config;

import java.util.Map;
import org.latent.model.Model;

/**
 * The "model" section of a run config: a model family and its settings. The families come from
 * {@link ModelFamilies}: the built-in ones and any a library registers, so a config can name a
 * family written outside this engine.
 */
public interface ModelConfig {

    /** The family's name, as in the config's {@code model.family}. */
    String family();

    /** The section as JSON values, written to the run folder's config.json (it must parse back to an equal config). */
    Map<String, Object> toJson();

    /** The model for examples of per-example shape {@code exampleShape}, not yet built. */
    Model model(int[] exampleShape);

    /**
     * A model section for a model made in Java: {@code factory} makes a new, unbuilt model for a
     * per-example input shape each time it is called (so networks must be built inside it).
     * The family name is what config.json, the summary and the report show.
     */
    static ModelConfig of(String family, java.util.function.Function<int[], Model> factory) {
        CodeModelConfig c = new CodeModelConfig(family, factory);
        ModelFamilies.registerCode(ModelFamilies.of(family, c::parse));
        return c;
    }

    static ModelConfig parse(ConfigObject o) {
        return ModelFamilies.parse(o);
    }
}
