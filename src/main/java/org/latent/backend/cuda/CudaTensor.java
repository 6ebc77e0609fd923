package org.latent.backend.cuda;

import jcuda.driver.CUdeviceptr;
import org.latent.backend.Backend;
import org.latent.tensor.Shapes;
import org.latent.tensor.Tensor;

/** A tensor in device memory: {@code size()} floats starting at {@code ptr}. */
public final class CudaTensor extends Tensor {
    private final CudaBackend backend;
    final CUdeviceptr ptr;
    /** Floats available from ptr to the end of the allocation (bounds for views). */
    private final long capacity;
    /** This tensor as a kernel parameter (a pointer to its device pointer), made on first launch and reused (Kernels). */
    private jcuda.Pointer param;

    CudaTensor(CudaBackend backend, CUdeviceptr ptr, long capacity, int[] shape) {
        super(shape);
        this.backend = backend;
        this.ptr = ptr;
        this.capacity = capacity;
        if (size() > capacity) {
            throw new IllegalArgumentException("view of shape " + Shapes.str(shape) + " does not fit in the "
                    + capacity + " floats left in its allocation");
        }
    }

    jcuda.Pointer param() {
        jcuda.Pointer p = param;
        if (p == null) param = p = jcuda.Pointer.to(ptr);
        return p;
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public boolean sameElements(Tensor other) {
        return other instanceof CudaTensor c && c.ptr.equals(ptr) && java.util.Arrays.equals(c.shape(), shape());
    }

    @Override
    public CudaTensor view(int offset, int... shape) {
        if (offset < 0 || offset > capacity) throw new IllegalArgumentException("view offset " + offset + " outside allocation of " + capacity);
        return new CudaTensor(backend, ptr.withByteOffset(4L * offset), capacity - offset, shape);
    }
}
