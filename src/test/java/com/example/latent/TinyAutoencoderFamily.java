package com.example.latent;

import java.util.LinkedHashMap;
import java.util.Map;
import org.latent.backend.Activation;
import org.latent.config.ConfigObject;
import org.latent.config.ModelConfig;
import org.latent.config.ModelFamily;
import org.latent.model.Autoencoder;
import org.latent.model.Model;
import org.latent.nn.Sequential;

/**
 * A config family from outside the engine, found through META-INF/services: {"family": "tiny-ae",
 * "code": K} is an autoencoder with one hidden layer of 2K units on each side.
 */
public final class TinyAutoencoderFamily implements ModelFamily {
    record Config(int code) implements ModelConfig {
        @Override public String family() { return "tiny-ae"; }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("family", family());
            m.put("code", code);
            return m;
        }

        @Override
        public Model model(int[] shape) {
            int size = 1;
            for (int d : shape) size *= d;
            return new Autoencoder(Sequential.input(shape).dense(2 * code, Activation.TANH).dense(code).build(),
                    Sequential.input(code).dense(2 * code, Activation.TANH).dense(size).build())
                    .loss(Autoencoder.Loss.CROSS_ENTROPY);
        }
    }

    @Override
    public String name() {
        return "tiny-ae";
    }

    @Override
    public ModelConfig parse(ConfigObject section) {
        section.allowOnly("family", "code");
        return new Config(section.requiredInteger("code"));
    }
}
