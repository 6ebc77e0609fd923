package org.latent.nn;

import java.util.Arrays;

/** Per-example shape helpers for layers. */
final class Shape {
    private Shape() {}

    static int size(int[] s) {
        int n = 1;
        for (int d : s) n *= d;
        return n;
    }

    static int[] of(int... dims) {
        return dims;
    }

    /** [n, example...] */
    static int[] batch(int n, int[] example) {
        int[] s = new int[example.length + 1];
        s[0] = n;
        System.arraycopy(example, 0, s, 1, example.length);
        return s;
    }

    static void requireRank(String layer, int[] input, int rank, String expected) {
        if (input.length != rank) {
            throw new IllegalArgumentException(layer + ": input of per-example shape " + Arrays.toString(input)
                    + " does not fit; expected " + expected);
        }
    }

    static String str(int[] s) {
        return Arrays.toString(s);
    }
}
