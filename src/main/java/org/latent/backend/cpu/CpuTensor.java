package org.latent.backend.cpu;

import org.latent.backend.Backend;
import org.latent.tensor.Shapes;
import org.latent.tensor.Tensor;

/** A tensor in a Java float array: elements {@code data[offset, offset + size)}. */
public final class CpuTensor extends Tensor {
    final CpuBackend backend;
    public final float[] data;
    public final int offset;

    CpuTensor(CpuBackend backend, float[] data, int offset, int[] shape) {
        super(shape);
        this.backend = backend;
        this.data = data;
        this.offset = offset;
        if (offset < 0 || offset + size() > data.length) {
            throw new IllegalArgumentException("view of shape " + Shapes.str(shape) + " at offset " + offset
                    + " does not fit in storage of " + data.length + " floats");
        }
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public boolean sameElements(Tensor other) {
        return other instanceof CpuTensor c && c.data == data && c.offset == offset
                && java.util.Arrays.equals(c.shape(), shape());
    }

    @Override
    public CpuTensor view(int offset, int... shape) {
        return new CpuTensor(backend, data, this.offset + offset, shape);
    }
}
