package org.latent.tensor;

import java.util.Arrays;
import org.latent.backend.Backend;

/**
 * A float32 array with a shape, living on one backend. A tensor may be a view into a larger
 * storage (a row range of a batch buffer, one parameter of the flat parameter buffer); views share
 * memory with their parent. Copies between backends are explicit: {@link Backend#upload} and
 * {@link Backend#download}.
 */
public abstract class Tensor {
    private final int[] shape;
    private final int size;

    protected Tensor(int[] shape) {
        this.shape = shape.clone();
        this.size = Shapes.size(shape);
    }

    public abstract Backend backend();

    /** A tensor over the same storage, starting {@code offset} elements after this one's start. */
    public abstract Tensor view(int offset, int... shape);

    public final int[] shape() {
        return shape.clone();
    }

    public final int rank() {
        return shape.length;
    }

    public final int dim(int i) {
        return shape[i];
    }

    public final int size() {
        return size;
    }

    /** Leading dimension: the batch size for activations, fan-in for dense weights. */
    public final int rows() {
        return shape.length == 0 ? 1 : shape[0];
    }

    /** Elements per row when the tensor is read as a [rows, cols] matrix. */
    public final int cols() {
        int r = rows();
        return r == 0 ? 0 : size / r;
    }

    /** Elements per (batch, channel) pair: H*W for an NCHW tensor, 1 for a [N, C] matrix. */
    public final int spatial() {
        int s = 1;
        for (int i = 2; i < shape.length; i++) s *= shape[i];
        return s;
    }

    /** Rows {@code [from, from + count)} as a view with the same trailing shape. */
    public final Tensor rows(int from, int count) {
        if (from < 0 || count < 0 || from + count > rows()) {
            throw new IllegalArgumentException("rows(" + from + ", " + count + ") out of range for shape "
                    + Shapes.str(shape));
        }
        int[] s = shape.clone();
        s[0] = count;
        return view(from * cols(), s);
    }

    /** The same elements under another shape of equal size. */
    public final Tensor reshape(int... newShape) {
        if (Shapes.size(newShape) != size) {
            throw new IllegalArgumentException("reshape: cannot view " + Shapes.str(shape) + " (" + size
                    + " elements) as " + Shapes.str(newShape) + " (" + Shapes.size(newShape) + " elements)");
        }
        return view(0, newShape);
    }

    /** Whether {@code other} is a view of the same elements (same storage, start and shape), e.g. a view made again. */
    public boolean sameElements(Tensor other) {
        return this == other;
    }

    /** Copies the tensor to a new host array (synchronizes a device backend). */
    public final float[] toArray() {
        float[] out = new float[size];
        backend().download(this, out);
        return out;
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape) + "@" + backend().name();
    }
}
