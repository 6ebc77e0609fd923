package org.latent.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Input corruption for denoising: {@code copies} corrupted copies of every training example, made
 * once before training from the seeded generator, each paired with its clean original as the
 * target. flip and salt_and_pepper use {@code probability} per pixel; gaussian adds noise of
 * standard deviation {@code sigma} (clipped to the pixel range).
 */
public record NoiseConfig(String type, double probability, double sigma, int copies) {
    public static final List<String> TYPES = List.of("flip", "salt_and_pepper", "gaussian");

    public NoiseConfig {
        type = Check.oneOf("data.noise.type", type, TYPES);
        if (type.equals("gaussian")) {
            Check.nonNegative("data.noise.sigma", sigma);
        } else {
            Check.unit("data.noise.probability", probability, true);
        }
        Check.positive("data.noise.copies", copies);
    }

    public static NoiseConfig flip(double probability, int copies) {
        return new NoiseConfig("flip", probability, 0, copies);
    }

    public static NoiseConfig saltAndPepper(double probability, int copies) {
        return new NoiseConfig("salt_and_pepper", probability, 0, copies);
    }

    public static NoiseConfig gaussian(double sigma, int copies) {
        return new NoiseConfig("gaussian", 0, sigma, copies);
    }

    static NoiseConfig parse(ConfigObject o) {
        String type = Check.oneOf(o.where("type"), o.requiredString("type"), TYPES);
        if (type.equals("gaussian")) {
            o.allowOnly("type", "sigma", "copies");
            if (!o.has("sigma")) throw new ConfigException(o.where("sigma") + ": required key is missing");
        } else {
            o.allowOnly("type", "probability", "copies");
            if (!o.has("probability")) throw new ConfigException(o.where("probability") + ": required key is missing");
        }
        return new NoiseConfig(type, o.number("probability", 0), o.number("sigma", 0), o.integer("copies", 1));
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        if (type.equals("gaussian")) m.put("sigma", sigma); else m.put("probability", probability);
        m.put("copies", copies);
        return m;
    }
}
