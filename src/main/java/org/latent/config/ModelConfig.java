package org.latent.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.latent.backend.Backend;
import org.latent.model.Model;

/**
 * The "model" section: a model family and its settings. A new family is a record implementing this
 * interface plus one entry in {@link #FAMILIES}.
 */
public sealed interface ModelConfig permits VaeConfig, AutoencoderConfig, ClassifierConfig, GanConfig {

    /** Family name to parser of its section. */
    Map<String, Function<ConfigObject, ModelConfig>> FAMILIES = families();

    String family();

    Map<String, Object> toJson();

    /** Builds the model for examples of {@code inputSize} features, batches of up to {@code maxBatch}. */
    Model create(Backend backend, int inputSize, int maxBatch, long seed);

    static ModelConfig parse(ConfigObject o) {
        String family = Check.oneOf(o.where("family"), o.requiredString("family"), List.copyOf(FAMILIES.keySet()));
        return FAMILIES.get(family).apply(o);
    }

    private static Map<String, Function<ConfigObject, ModelConfig>> families() {
        Map<String, Function<ConfigObject, ModelConfig>> m = new LinkedHashMap<>();
        m.put("vae", VaeConfig::parse);
        m.put("autoencoder", AutoencoderConfig::parse);
        m.put("classifier", ClassifierConfig::parse);
        m.put("gan", GanConfig::parse);
        return m;
    }
}
