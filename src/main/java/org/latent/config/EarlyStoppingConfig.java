package org.latent.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code training.early_stopping}: stop when the validation loss has not improved on its best so
 * far by more than {@code min_delta} for {@code patience} epochs in a row (Keras' EarlyStopping).
 * The weights of the best epoch are kept in {@code best.safetensors} beside the last checkpoint.
 */
public record EarlyStoppingConfig(int patience, double minDelta) {
    public EarlyStoppingConfig {
        Check.positive("training.early_stopping.patience", patience);
        Check.nonNegative("training.early_stopping.min_delta", minDelta);
    }

    public static EarlyStoppingConfig of(int patience) {
        return new EarlyStoppingConfig(patience, 0);
    }

    public EarlyStoppingConfig withMinDelta(double d) {
        return new EarlyStoppingConfig(patience, d);
    }

    static EarlyStoppingConfig parse(ConfigObject o) {
        o.allowOnly("patience", "min_delta");
        if (!o.has("patience")) throw new ConfigException(o.where("patience") + ": required key is missing");
        return new EarlyStoppingConfig(o.integer("patience", 0), o.number("min_delta", 0));
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("patience", patience);
        m.put("min_delta", minDelta);
        return m;
    }
}
