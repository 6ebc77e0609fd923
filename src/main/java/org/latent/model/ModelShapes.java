package org.latent.model;

import java.util.Arrays;
import org.latent.tensor.Tensor;

/** Shape checks and views shared by the built-in models. */
final class ModelShapes {
    private ModelShapes() {}

    static int size(int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("per-example shape " + Arrays.toString(shape) + " is too large");
        return (int) n;
    }

    /** Throws unless a network's per-example output has {@code expected} values. */
    static void require(String model, String network, int[] shape, int expected) {
        if (size(shape) != expected) {
            throw new IllegalArgumentException(model + ": the " + network + " gives " + Arrays.toString(shape) + " per example ("
                    + size(shape) + " values), expected " + expected);
        }
    }

    static void requireBatch(String model, int n, int maxBatch) {
        if (n > maxBatch) throw new IllegalArgumentException(model + ": batch of " + n + " exceeds the built maximum " + maxBatch);
    }

    /** t as rows [n, features] (a view; t itself when it already is). */
    static Tensor flat(Tensor t) {
        return t.rank() == 2 ? t : t.reshape(t.rows(), t.size() / t.rows());
    }

    /** Flat rows g [n, features] viewed as [n, example...] (g itself for flat examples). */
    static Tensor as(Tensor g, int[] example) {
        if (example.length == 1) return g;
        int[] s = new int[example.length + 1];
        s[0] = g.rows();
        System.arraycopy(example, 0, s, 1, example.length);
        return g.reshape(s);
    }
}
