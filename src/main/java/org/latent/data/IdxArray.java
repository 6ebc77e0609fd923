package org.latent.data;

import java.util.Arrays;

/**
 * The contents of one IDX file: its element type, its dimensions and its elements in row-major
 * order. Unsigned bytes (MNIST's pixels and labels) stay a byte[], a quarter of the memory of
 * floats; every other type is converted to float[] when read (int32 above 2^24 and doubles are
 * rounded to the nearest float).
 */
public final class IdxArray {
    private final IdxType type;
    private final int[] dims;
    private final byte[] unsignedBytes;
    private final float[] values;

    private IdxArray(IdxType type, int[] dims, byte[] unsignedBytes, float[] values) {
        this.type = type;
        this.dims = dims.clone();
        this.unsignedBytes = unsignedBytes;
        this.values = values;
    }

    static IdxArray ofUnsignedBytes(int[] dims, byte[] data) {
        return new IdxArray(IdxType.UBYTE, dims, data, null);
    }

    static IdxArray ofValues(IdxType type, int[] dims, float[] data) {
        return new IdxArray(type, dims, null, data);
    }

    public IdxType type() {
        return type;
    }

    public int rank() {
        return dims.length;
    }

    public int[] dims() {
        return dims.clone();
    }

    public int dim(int axis) {
        return dims[axis];
    }

    /** Number of elements. */
    public int size() {
        return unsignedBytes != null ? unsignedBytes.length : values.length;
    }

    /** Element {@code i} in row-major order, as a float (0..255 for unsigned bytes). */
    public float get(int i) {
        return unsignedBytes != null ? unsignedBytes[i] & 0xff : values[i];
    }

    /**
     * The elements of an unsigned-byte file (read each as {@code b & 0xff}). This is the array
     * itself, not a copy: the reader keeps no reference to it, so the owner of this IdxArray may
     * hand it on without copying 47 MB.
     */
    public byte[] unsignedBytes() {
        if (unsignedBytes == null) {
            throw new IllegalStateException("IDX elements are " + type + ", not UBYTE");
        }
        return unsignedBytes;
    }

    /** A new float[] holding every element. */
    public float[] toFloats() {
        if (values != null) {
            return values.clone();
        }
        float[] out = new float[unsignedBytes.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = unsignedBytes[i] & 0xff;
        }
        return out;
    }

    @Override
    public String toString() {
        return "IdxArray[" + type + " " + Arrays.toString(dims) + "]";
    }
}
