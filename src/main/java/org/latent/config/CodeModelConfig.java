package org.latent.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.latent.model.Model;

/**
 * A model section defined in Java rather than JSON: a family name and a function that makes a new,
 * unbuilt model for a per-example input shape. Made by {@link ModelConfig#of}, which registers the
 * name so that the run's own config.json reads back (for a resume in the same program); a run
 * folder of such a family can be resumed, evaluated or sampled only by code that defines it again.
 */
record CodeModelConfig(String family, Function<int[], Model> factory) implements ModelConfig {
    CodeModelConfig {
        if (family == null || !family.matches("[a-z0-9][a-z0-9_.-]*")) {
            throw new ConfigException("model.family: \"" + family + "\" must be lower-case letters, digits, '-', '_' or '.'");
        }
        Objects.requireNonNull(factory, "factory");
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("family", family);
        m.put("defined_in", "java");
        return m;
    }

    @Override
    public Model model(int[] exampleShape) {
        Model m = factory.apply(exampleShape.clone());
        if (m == null) throw new ConfigException("model.family " + family + ": its factory made no model");
        return m;
    }

    ModelConfig parse(ConfigObject o) {
        o.allowOnly("family", "defined_in");
        return this;
    }
}
