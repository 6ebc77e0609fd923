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
        // Whatever the input and output sizes (at least 1 each), the layers alone need this many parameters.
        long least = denseParameters(1, sizes, 1);
        if (least > MAX_VALUES) {
            throw new ConfigException(key + ": layers " + sizes + " need at least " + count(least) + " parameters ("
                    + bytes(4 * least) + " as float32), more than the " + count(MAX_VALUES) + " one parameter buffer can hold");
        }
        return List.copyOf(sizes);
    }

    /**
     * The most float32 values one buffer can hold: tensors are indexed by int ({@code tensor.Shapes}),
     * host copies are Java arrays, and every network's parameters live in one flat buffer.
     */
    static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    /** Bytes per trainable parameter while training: its value, its gradient and two optimizer moments (Adam), float32 each. */
    static final long TRAINING_BYTES_PER_PARAMETER = 16;

    /** The Java heap's limit, for estimates of what the host must hold. */
    static long heapBytes() {
        return Runtime.getRuntime().maxMemory();
    }

    /**
     * Weights and biases of dense layers {@code in -> sizes... -> out}, in 64 bits (saturating at
     * Long.MAX_VALUE, so nothing wraps around).
     */
    static long denseParameters(long in, List<Integer> sizes, long out) {
        long total = 0, previous = in;
        for (int s : sizes) {
            total = saturatedAdd(total, saturatedAdd(saturatedMultiply(previous, s), s));
            previous = s;
        }
        return saturatedAdd(total, saturatedAdd(saturatedMultiply(previous, out), out));
    }

    /**
     * Refuses, naming {@code key}, dense layers {@code in -> sizes... -> out} trained in batches of
     * {@code batch} whose parameters one flat buffer cannot hold, or whose estimated training memory
     * (16 bytes per parameter for value, gradient and Adam's two moments, plus three float32
     * activation buffers per unit per example) exceeds {@code memoryBytes} (the Java heap on the CPU:
     * {@link #heapBytes}; the GPU's memory on a GPU). Returns the estimate in bytes. For the family
     * configs' {@code create}, where the input size and batch are known.
     */
    static long denseNetwork(String key, long in, List<Integer> sizes, long out, long batch, long memoryBytes) {
        long parameters = denseParameters(in, sizes, out);
        if (parameters > MAX_VALUES) {
            throw new ConfigException(key + ": layers " + in + " -> " + sizes + " -> " + out + " have " + count(parameters)
                    + " parameters (" + bytes(saturatedMultiply(4, parameters)) + " as float32), more than the "
                    + count(MAX_VALUES) + " one parameter buffer can hold");
        }
        long units = out;
        for (int s : sizes) units = saturatedAdd(units, s);
        long widest = out;
        for (int s : sizes) widest = Math.max(widest, s);
        if (saturatedMultiply(batch, widest) > MAX_VALUES) {
            throw new ConfigException(key + ": a layer of " + count(widest) + " units in batches of " + batch + " needs "
                    + count(saturatedMultiply(batch, widest)) + " values per activation buffer, more than "
                    + count(MAX_VALUES) + "; use fewer units or a smaller training.batch");
        }
        long estimate = saturatedAdd(saturatedMultiply(TRAINING_BYTES_PER_PARAMETER, parameters),
                saturatedMultiply(12, saturatedMultiply(batch, units)));
        if (estimate > memoryBytes) {
            throw new ConfigException(key + ": layers " + in + " -> " + sizes + " -> " + out + " have " + count(parameters)
                    + " parameters; training them in batches of " + batch + " needs about " + bytes(estimate)
                    + " (parameters, gradients, optimizer moments and activations), more than the " + bytes(memoryBytes)
                    + " available" + (memoryBytes == heapBytes() ? " to Java (-Xmx; the latent launcher reads LATENT_JAVA_OPTS)" : ""));
        }
        return estimate;
    }

    /**
     * Refuses, naming {@code key}, {@code values} float32 values (for {@code what}) that one buffer cannot
     * hold or that need more than {@code memoryBytes}; returns their size in bytes.
     */
    static long values(String key, String what, long values, long memoryBytes) {
        return values(key, what, values, 4, memoryBytes);
    }

    /** As {@link #values(String, String, long, long)} when each value takes {@code bytesPerValue} bytes in all (its copies included). */
    static long values(String key, String what, long values, long bytesPerValue, long memoryBytes) {
        long bytes = saturatedMultiply(bytesPerValue, values);
        if (values > MAX_VALUES) {
            throw new ConfigException(key + ": " + what + " would be " + count(values) + " values (" + bytes(saturatedMultiply(4, values))
                    + " as float32), more than the " + count(MAX_VALUES) + " one buffer can hold");
        }
        if (bytes > memoryBytes) {
            throw new ConfigException(key + ": " + what + " would take about " + bytes(bytes) + ", more than the "
                    + bytes(memoryBytes) + " available" + (memoryBytes == heapBytes() ? " to Java (-Xmx; the latent launcher reads LATENT_JAVA_OPTS)" : ""));
        }
        return bytes;
    }

    /**
     * Refuses, naming {@code key}, holding out {@code heldOut} of {@code available} examples ({@code what}):
     * at least one must be left to train on.
     */
    static void holdOut(String key, long heldOut, long available, String what) {
        if (heldOut >= available) {
            throw new ConfigException(key + ": holding out " + count(heldOut) + " of the " + count(available) + " " + what
                    + " leaves no training examples; it must be at most " + count(available - 1));
        }
    }

    /** "1,234,567". */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** "3.2 GiB", "512 MiB", "900 bytes". */
    static String bytes(long b) {
        if (b == Long.MAX_VALUE) return "more than 8 EiB";
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        if (b < 1024) return b + " bytes";
        double v = b;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    private static long saturatedMultiply(long a, long b) {
        long r = a * b;
        long hi = Math.multiplyHigh(a, b);
        return (hi == 0 && r >= 0) || (hi == -1 && r < 0) ? r : (a < 0) == (b < 0) ? Long.MAX_VALUE : Long.MIN_VALUE;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
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
