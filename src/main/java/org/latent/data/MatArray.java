package org.latent.data;

import java.util.Arrays;

/**
 * One numeric variable of a MAT-file: its class, its dimensions and its real values in MATLAB's
 * column-major order (element (r, c) of an m x n matrix is at r + m * c). Values are held as
 * doubles, which is exact for every supported class.
 */
public final class MatArray {
    private final String name;
    private final MatClass matClass;
    private final int[] dims;
    private final double[] values;

    MatArray(String name, MatClass matClass, int[] dims, double[] values) {
        this.name = name;
        this.matClass = matClass;
        this.dims = dims.clone();
        this.values = values;
    }

    public String name() {
        return name;
    }

    public MatClass matClass() {
        return matClass;
    }

    public int[] dims() {
        return dims.clone();
    }

    public int dim(int axis) {
        return dims[axis];
    }

    public int size() {
        return values.length;
    }

    /** Element {@code i} in column-major order. */
    public double get(int i) {
        return values[i];
    }

    /** Element (row, col) of a 2-D array. */
    public double get(int row, int col) {
        if (dims.length != 2 || row < 0 || row >= dims[0] || col < 0 || col >= dims[1]) {
            throw new IndexOutOfBoundsException("(" + row + ", " + col + ") of " + name + " with dims "
                    + Arrays.toString(dims));
        }
        return values[row + dims[0] * col];
    }

    /** A copy of the values in column-major order. */
    public double[] values() {
        return values.clone();
    }

    @Override
    public String toString() {
        return "MatArray[" + name + ", " + matClass + " " + Arrays.toString(dims) + "]";
    }
}
