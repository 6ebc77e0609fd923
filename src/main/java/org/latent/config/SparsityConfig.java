package org.latent.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.latent.model.Autoencoder;

/**
 * model.sparsity of an autoencoder (E8): {@code kind} l1 (weight times the sum of |code|) or kl
 * (weight times sum_j KL(target || mean activation of code unit j), which needs a sigmoid code layer).
 */
public record SparsityConfig(String kind, double weight, double target) {
    public static final List<String> KINDS = List.of("l1", "kl");

    public SparsityConfig {
        kind = Check.oneOf("model.sparsity.kind", kind, KINDS);
        Check.positive("model.sparsity.weight", weight);
        if (kind.equals("kl")) {
            if (!(target > 0 && target < 1)) throw new ConfigException("model.sparsity.target: " + target + " must be in (0, 1)");
        }
    }

    static SparsityConfig parse(ConfigObject o) {
        o.allowOnly("kind", "weight", "target");
        String kind = o.requiredString("kind");
        return new SparsityConfig(kind, o.number("weight", kind.equals("kl") ? 3 : 1e-4), o.number("target", 0.05));
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("weight", weight);
        if (kind.equals("kl")) m.put("target", target);
        return m;
    }

    Autoencoder.Sparsity create() {
        return new Autoencoder.Sparsity(kind.equals("kl") ? Autoencoder.Sparsity.Kind.KL : Autoencoder.Sparsity.Kind.L1,
                (float) weight, (float) target);
    }
}
