package org.latent.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.latent.backend.Activation;
import org.latent.init.Initializer;

/** Value checks shared by the JSON reader and the Java builders, so both reject the same configs the same way. */
final class Check {
    private Check() {}

    /** The number of features of a per-example shape. */
    static int size(int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        if (n > Integer.MAX_VALUE) throw new ConfigException("data: examples of shape " + java.util.Arrays.toString(shape) + " are too large");
        return (int) n;
    }

    /**
     * {channels, side} of the square images of per-example shape {@code shape} for a conv
     * architecture: [c, side, side], or flat examples of side x side values (one channel); with
     * {@code by4} the side must be a multiple of 4.
     */
    static int[] convImage(int[] shape, String architecture, boolean by4) {
        if (shape.length == 3) {
            if (shape[1] != shape[2] || (by4 && shape[1] % 4 != 0)) {
                throw new ConfigException("model.architecture: " + architecture + " needs square images" + (by4 ? " with a side"
                        + " divisible by 4" : "") + ", not " + shape[0] + " x " + shape[1] + " x " + shape[2]
                        + " (channels x height x width); bring them to such a size with data.height, data.width and data.fit");
            }
            return new int[] {shape[0], shape[1]};
        }
        int inputSize = size(shape);
        int side = (int) Math.round(Math.sqrt(inputSize));
        if (side * side != inputSize || (by4 && side % 4 != 0)) {
            throw new ConfigException("model.architecture: " + architecture + " needs square images" + (by4 ? " with a side"
                    + " divisible by 4" : "") + ", not " + inputSize + " features");
        }
        return new int[] {1, side};
    }

    static int positive(String key, int v) {
        if (v <= 0) throw new ConfigException(key + ": " + v + " must be a positive whole number");
        return v;
    }

    static int nonNegative(String key, int v) {
        if (v < 0) throw new ConfigException(key + ": " + v + " must be 0 or more");
        return v;
    }

    static int range(String key, int v, int lo, int hi) {
        if (v < lo || v > hi) throw new ConfigException(key + ": " + v + " must be between " + lo + " and " + hi);
        return v;
    }

    static double positive(String key, double v) {
        if (!(v > 0) || Double.isInfinite(v)) throw new ConfigException(key + ": " + v + " must be a positive number");
        return v;
    }

    static double nonNegative(String key, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) throw new ConfigException(key + ": " + v + " must be a number >= 0");
        return v;
    }

    /** For decay rates and probabilities: 0 <= v < 1 (or <= 1 when {@code closed}). */
    static double unit(String key, double v, boolean closed) {
        if (!(v >= 0) || v > 1 || (!closed && v == 1)) {
            throw new ConfigException(key + ": " + v + " must be in [0, 1" + (closed ? "]" : ")"));
        }
        return v;
    }

    static List<Integer> sizes(String key, List<Integer> sizes) {
        if (sizes == null) throw new ConfigException(key + ": required");
        for (int i = 0; i < sizes.size(); i++) {
            Integer s = sizes.get(i);
            if (s == null || s <= 0) throw new ConfigException(key + "[" + i + "]: " + s + " must be a positive layer size");
        }
        return List.copyOf(sizes);
    }

    /** The value, lower-cased, if it is one of {@code allowed}; otherwise an error with the nearest valid one. */
    static String oneOf(String key, String value, Collection<String> allowed) {
        if (value == null) throw new ConfigException(key + ": required; one of " + String.join(", ", allowed));
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (allowed.contains(v)) return v;
        String near = Suggestions.nearest(v, allowed);
        throw new ConfigException(key + ": \"" + value + "\" is not one of " + String.join(", ", allowed)
                + (near == null ? "" : "; did you mean \"" + near + "\"?"));
    }

    /** Activation names as configs write them, with the aliases Activation.parse accepts. */
    static final List<String> ACTIVATIONS = activationNames();

    /** The canonical lower-case name ("logistic" becomes "sigmoid"). */
    static String activation(String key, String value) {
        return Activation.parse(oneOf(key, value, ACTIVATIONS)).name().toLowerCase(Locale.ROOT);
    }

    static String initializer(String key, String value) {
        List<String> names = new ArrayList<>();
        for (Initializer i : Initializer.values()) names.add(i.configName());
        names.add("glorot");
        names.add("he");
        return Initializer.parse(oneOf(key, value, names)).configName();
    }

    private static List<String> activationNames() {
        List<String> names = new ArrayList<>();
        for (Activation a : Activation.values()) names.add(a.name().toLowerCase(Locale.ROOT));
        names.addAll(List.of("linear", "logistic", "piecewise_linear"));
        return List.copyOf(names);
    }
}
