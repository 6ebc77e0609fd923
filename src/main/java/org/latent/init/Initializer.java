package org.latent.init;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.latent.backend.Backend;
import org.latent.rng.RandomKey;
import org.latent.tensor.Tensor;

/**
 * Weight initializers. They draw through the backend's Philox fills, so the CPU and the GPU give
 * identical weights for the same key.
 *
 * <p>Fans: a dense weight [in, out] has fanIn = in, fanOut = out; a convolution weight
 * [cOut, cIn, kh, kw] has fanIn = cIn * kh * kw and fanOut = cOut * kh * kw.
 */
public enum Initializer {
    /** U(-limit, limit), limit = sqrt(6 / (fanIn + fanOut)) (Keras' default for dense and conv). */
    GLOROT_UNIFORM,
    /**
     * N(0, std), std = sqrt(2 / (fanIn + fanOut)). A plain normal: Keras' glorot_normal draws from
     * a normal truncated at two standard deviations (rescaled to the same std) instead.
     */
    GLOROT_NORMAL,
    /** N(0, std), std = sqrt(1 / fanIn) (plain normal; Keras truncates). */
    LECUN_NORMAL,
    /** N(0, std), std = sqrt(2 / fanIn) (plain normal; Keras truncates). */
    HE_NORMAL,
    /** U(-limit, limit), limit = sqrt(6 / fanIn). */
    HE_UNIFORM,
    ZEROS,
    /** All ones (batch-norm gamma). */
    ONES;

    /** Fills {@code t} using {@code key}; fanOut is only read by the Glorot initializers. */
    public void init(Backend b, Tensor t, int fanIn, int fanOut, RandomKey key) {
        switch (this) {
            case ZEROS -> b.fill(t, 0f);
            case ONES -> b.fill(t, 1f);
            case GLOROT_UNIFORM -> uniform(b, t, Math.sqrt(6.0 / glorotFans(fanIn, fanOut)), key);
            case GLOROT_NORMAL -> b.randomNormal(t, 0f, (float) Math.sqrt(2.0 / glorotFans(fanIn, fanOut)), key);
            case LECUN_NORMAL -> b.randomNormal(t, 0f, (float) Math.sqrt(1.0 / fanIn(fanIn)), key);
            case HE_NORMAL -> b.randomNormal(t, 0f, (float) Math.sqrt(2.0 / fanIn(fanIn)), key);
            case HE_UNIFORM -> uniform(b, t, Math.sqrt(6.0 / fanIn(fanIn)), key);
        }
    }

    private static void uniform(Backend b, Tensor t, double limit, RandomKey key) {
        b.randomUniform(t, (float) -limit, (float) limit, key);
    }

    private int fanIn(int fanIn) {
        if (fanIn <= 0) throw new IllegalArgumentException(configName() + ": fanIn " + fanIn + " must be positive");
        return fanIn;
    }

    private int glorotFans(int fanIn, int fanOut) {
        if (fanIn <= 0 || fanOut <= 0) {
            throw new IllegalArgumentException(configName() + ": fanIn " + fanIn + " and fanOut " + fanOut
                    + " must be positive");
        }
        return fanIn + fanOut;
    }

    /** The lower-case name used in configs, e.g. "glorot_uniform". */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * An initializer by config name, case-insensitive: the lower-case constant names
     * ("glorot_uniform", "lecun_normal", ...) or the short forms "glorot" (glorot_uniform) and "he"
     * (he_normal).
     */
    public static Initializer parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("glorot")) return GLOROT_UNIFORM;
        if (n.equals("he")) return HE_NORMAL;
        for (Initializer i : values()) if (i.configName().equals(n)) return i;
        String valid = Arrays.stream(values()).map(Initializer::configName).collect(Collectors.joining(", "));
        throw new IllegalArgumentException("unknown initializer '" + name + "'; expected one of " + valid
                + " (or glorot, he)");
    }
}
