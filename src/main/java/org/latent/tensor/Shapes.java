package org.latent.tensor;

import java.util.Arrays;

/** Shape arithmetic and the checks every op uses to reject tensors that do not fit. */
public final class Shapes {
    private Shapes() {}

    public static int size(int... shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + str(shape));
            n *= d;
        }
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("shape " + str(shape) + " has more than 2^31-1 elements");
        return (int) n;
    }

    public static String str(int... shape) {
        return Arrays.toString(shape);
    }

    public static String str(Tensor t) {
        return t == null ? "null" : Arrays.toString(t.shape());
    }

    /** Throws unless {@code t} has exactly {@code n} elements. */
    public static void requireSize(String op, String name, Tensor t, long n) {
        if (t == null) throw new IllegalArgumentException(op + ": " + name + " is null, expected " + n + " elements");
        if (t.size() != n) {
            throw new IllegalArgumentException(op + ": " + name + " has shape " + str(t) + " (" + t.size()
                    + " elements), expected " + n + " elements");
        }
    }

    /** Throws unless {@code t} has exactly the given shape. */
    public static void requireShape(String op, String name, Tensor t, int... shape) {
        if (t == null) throw new IllegalArgumentException(op + ": " + name + " is null, expected shape " + str(shape));
        if (!Arrays.equals(t.shape(), shape)) {
            throw new IllegalArgumentException(op + ": " + name + " has shape " + str(t) + ", expected " + str(shape));
        }
    }

    /** Throws unless {@code a} and {@code b} have the same number of elements. */
    public static void requireSameSize(String op, String nameA, Tensor a, String nameB, Tensor b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException(op + ": " + nameA + " " + str(a) + " and " + nameB + " " + str(b)
                    + " must have the same number of elements");
        }
    }

    public static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }
}
