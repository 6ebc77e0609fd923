package org.latent.data;

/**
 * One array read from a {@code .npy} file or {@code .npz} member: its type, its C-order shape and
 * its elements. uint8 stays a byte[] and float32 a float[] (no widening copy); int32 and int64 are
 * held as long[].
 */
public final class NpyArray {
    private final NpyHeader header;
    private final byte[] bytes;
    private final float[] floats;
    private final long[] longs;

    NpyArray(NpyHeader header, byte[] bytes, float[] floats, long[] longs) {
        this.header = header;
        this.bytes = bytes;
        this.floats = floats;
        this.longs = longs;
    }

    /** The element type. */
    public NpyDtype dtype() {
        return header.dtype();
    }

    /** The dimensions, outermost first. */
    public int[] shape() {
        return header.shape();
    }

    /** The header the array was read with. */
    public NpyHeader header() {
        return header;
    }

    /** Number of elements. */
    public int size() {
        return (int) header.elementCount();
    }

    /**
     * The elements of a uint8 array (read each as {@code b & 0xff}): the array itself, not a copy,
     * so that a large one can be handed on without a second copy.
     */
    public byte[] unsignedBytes() {
        require(NpyDtype.UINT8);
        return bytes;
    }

    /** The elements of a float32 array: the array itself, not a copy. */
    public float[] floats() {
        require(NpyDtype.FLOAT32);
        return floats;
    }

    /** Element {@code i} of an integer array (uint8, int32 or int64). */
    public long integer(int i) {
        if (dtype() == NpyDtype.FLOAT32) {
            throw new IllegalStateException("the array holds " + dtype() + ", not integers");
        }
        return bytes != null ? bytes[i] & 0xff : longs[i];
    }

    private void require(NpyDtype t) {
        if (dtype() != t) {
            throw new IllegalStateException("the array holds " + dtype() + ", not " + t);
        }
    }

    @Override
    public String toString() {
        return "NpyArray[" + header.describe() + "]";
    }
}
