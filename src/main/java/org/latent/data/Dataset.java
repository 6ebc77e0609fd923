package org.latent.data;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * An immutable set of examples: features stored row-major as n x d floats, where d is the product
 * of the per-example shape (for example [1, 28, 28] for MNIST, [1, 28, 20] for Frey), and optionally
 * one int label per example. {@link #range} is a view that shares storage (safe because nothing
 * writes to it); everything else that returns arrays returns copies.
 */
public final class Dataset {
    private final String name;
    private final int[] shape;
    private final int exampleSize;
    private final float[] features;
    private final int[] labels;
    private final int first;
    private final int size;

    private Dataset(String name, int[] shape, float[] features, int[] labels, int first, int size) {
        this.name = name;
        this.shape = shape;
        this.exampleSize = product(shape);
        this.features = features;
        this.labels = labels;
        this.first = first;
        this.size = size;
    }

    /**
     * A data set holding copies of {@code features} (n x product(shape) floats) and {@code labels}
     * (n ints, or null for an unlabelled set).
     */
    public static Dataset of(String name, float[] features, int[] labels, int... shape) {
        return owning(name, features.clone(), labels == null ? null : labels.clone(), shape);
    }

    /** A data set of byte pixels ({@code b & 0xff}), converted to floats by {@code scale}. */
    public static Dataset fromBytes(String name, byte[] pixels, int[] labels, PixelScale scale, int... shape) {
        float[] table = new float[256];
        for (int v = 0; v < 256; v++) {
            table[v] = scale.fromByte(v);
        }
        float[] features = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            features[i] = table[pixels[i] & 0xff];
        }
        return owning(name, features, labels == null ? null : labels.clone(), shape);
    }

    /** Takes ownership of the arrays: the caller must not change them afterwards. */
    static Dataset owning(String name, float[] features, int[] labels, int... shape) {
        int d = product(shape);
        if (d <= 0) {
            throw new IllegalArgumentException("data set " + name + ": example shape " + Arrays.toString(shape)
                    + " must have positive dimensions");
        }
        if (features.length % d != 0) {
            throw new IllegalArgumentException("data set " + name + ": " + features.length
                    + " feature values are not a whole number of examples of shape " + Arrays.toString(shape));
        }
        int n = features.length / d;
        if (labels != null && labels.length != n) {
            throw new IllegalArgumentException("data set " + name + ": " + n + " examples but " + labels.length
                    + " labels");
        }
        return new Dataset(name, shape.clone(), features, labels, 0, n);
    }

    public String name() {
        return name;
    }

    /** Number of examples. */
    public int size() {
        return size;
    }

    /** The shape of one example, e.g. [1, 28, 28]. */
    public int[] shape() {
        return shape.clone();
    }

    /** Floats per example: the product of {@link #shape()}. */
    public int exampleSize() {
        return exampleSize;
    }

    public boolean hasLabels() {
        return labels != null;
    }

    public int label(int i) {
        checkIndex(i);
        if (labels == null) {
            throw new IllegalStateException("data set " + name + " has no labels");
        }
        return labels[first + i];
    }

    /** A copy of the labels. */
    public int[] labels() {
        if (labels == null) {
            throw new IllegalStateException("data set " + name + " has no labels");
        }
        return Arrays.copyOfRange(labels, first, first + size);
    }

    /** Feature {@code j} of example {@code i}. */
    public float feature(int i, int j) {
        checkIndex(i);
        if (j < 0 || j >= exampleSize) {
            throw new IndexOutOfBoundsException("feature " + j + " of examples with " + exampleSize + " features");
        }
        return features[(first + i) * exampleSize + j];
    }

    /** All features, n x d row-major, as a read-only view (no copy). */
    public FloatBuffer features() {
        return FloatBuffer.wrap(features, first * exampleSize, size * exampleSize).slice().asReadOnlyBuffer();
    }

    /** A copy of all features, n x d row-major. */
    public float[] featuresCopy() {
        return Arrays.copyOfRange(features, first * exampleSize, (first + size) * exampleSize);
    }

    /** Copies examples [from, to) into {@code dst} starting at {@code dstOffset}. */
    public void copyExamples(int from, int to, float[] dst, int dstOffset) {
        checkRange(from, to);
        System.arraycopy(features, (first + from) * exampleSize, dst, dstOffset, (to - from) * exampleSize);
    }

    /** Examples [from, to) as a view sharing this set's storage. */
    public Dataset range(int from, int to) {
        checkRange(from, to);
        return new Dataset(name, shape, features, labels, first + from, to - from);
    }

    /** The examples at {@code indices}, in that order (repeats allowed), copied. */
    public Dataset subset(int[] indices) {
        float[] f = new float[indices.length * exampleSize];
        int[] l = labels == null ? null : new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            checkIndex(i);
            System.arraycopy(features, (first + i) * exampleSize, f, k * exampleSize, exampleSize);
            if (l != null) {
                l[k] = labels[first + i];
            }
        }
        return new Dataset(name, shape, f, l, 0, indices.length);
    }

    /** The same examples under another name (no copy). */
    public Dataset named(String newName) {
        return new Dataset(newName, shape, features, labels, first, size);
    }

    /** The labels as n x {@code classes} row-major one-hot rows. */
    public float[] oneHotLabels(int classes) {
        int[] l = labels();
        float[] out = new float[l.length * classes];
        for (int i = 0; i < l.length; i++) {
            if (l[i] < 0 || l[i] >= classes) {
                throw new IllegalArgumentException("data set " + name + ": label " + l[i] + " of example " + i
                        + " is outside 0.." + (classes - 1));
            }
            out[i * classes + l[i]] = 1f;
        }
        return out;
    }

    @Override
    public String toString() {
        return "Dataset[" + name + ", " + size + " x " + Arrays.toString(shape) + (labels == null ? "" : ", labelled")
                + "]";
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("example " + i + " of data set " + name + " with " + size
                    + " examples");
        }
    }

    private void checkRange(int from, int to) {
        if (from < 0 || to > size || from > to) {
            throw new IndexOutOfBoundsException("examples [" + from + ", " + to + ") of data set " + name + " with "
                    + size + " examples");
        }
    }

    private static int product(int[] shape) {
        int p = 1;
        for (int s : shape) {
            if (s <= 0) {
                return 0;
            }
            p = Math.multiplyExact(p, s);
        }
        return shape.length == 0 ? 0 : p;
    }
}
