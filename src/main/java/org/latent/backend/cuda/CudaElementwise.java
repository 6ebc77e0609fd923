package org.latent.backend.cuda;

import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

/** Elementwise ops and reductions on the GPU (kernels/elementwise.cu); twin of CpuElementwise. */
final class CudaElementwise {
    static final String FAMILY = "elementwise";
    /** Partial sums of a reduction: one double per block of the first pass, in a fixed order. */
    static final int REDUCE_BLOCKS = 256;
    private final CudaBackend b;
    private CUdeviceptr partials;
    private final double[] host = new double[1];

    CudaElementwise(CudaBackend b) {
        this.b = b;
    }

    void axpy(float alpha, CudaTensor x, CudaTensor y) {
        b.kernels.launch(FAMILY, "axpy", x.size(), x.size(), alpha, x, y);
    }

    void scale(CudaTensor x, float alpha) {
        b.kernels.launch(FAMILY, "scale", x.size(), x.size(), alpha, x);
    }

    void clamp(CudaTensor x, float lo, float hi) {
        b.kernels.launch(FAMILY, "clamp", x.size(), x.size(), lo, hi, x);
    }

    private CUdeviceptr stepScalars;

    /** Two floats of scratch for the scalars a step computes on the device (Adam's), allocated once. */
    CUdeviceptr stepScalars() {
        if (stepScalars == null) stepScalars = b.arena.allocate(8);
        return stepScalars;
    }

    /** The reduction scratch: REDUCE_BLOCKS + 1 doubles, allocated once (other families' reductions share it). */
    CUdeviceptr partials() {
        if (partials == null) partials = b.arena.allocate(8L * (REDUCE_BLOCKS + 1));
        return partials;
    }

    double sum(CudaTensor x) {
        return reduce(FAMILY, "sum_partials", x.size(), x);
    }

    /**
     * Runs a first-pass kernel {@code family.kernel(n, args..., double* partials)} that writes
     * REDUCE_BLOCKS partial sums (in double, block-ordered, so the result is the same on every
     * run), then sums them in a single block and returns the total.
     */
    double reduce(String family, String kernel, int n, Object... args) {
        b.refuseInCapture("the reduction " + family + "." + kernel + " (it returns its value to the host)");
        partials();
        Object[] full = new Object[args.length + 2];
        full[0] = n;
        System.arraycopy(args, 0, full, 1, args.length);
        full[full.length - 1] = partials;
        b.kernels.launchGrid(family, kernel, REDUCE_BLOCKS, 1, 1, Kernels.BLOCK, 1, 1, 0, full);
        b.kernels.launchGrid(FAMILY, "sum_doubles", 1, 1, 1, Kernels.BLOCK, 1, 1, 0, REDUCE_BLOCKS, partials,
                partials.withByteOffset(8L * REDUCE_BLOCKS));
        CudaCheck.driver(cuStreamSynchronize(b.stream), "cuStreamSynchronize", "reduction " + family + "." + kernel);
        CudaCheck.driver(cuMemcpyDtoH(Pointer.to(host), partials.withByteOffset(8L * REDUCE_BLOCKS), 8), "cuMemcpyDtoH");
        return host[0];
    }

    /** offset + (batch counter, when not null) * rowsPerBatch is the first index read. */
    void gatherRows(CudaTensor src, CudaTensor indices, long offset, CudaTensor batch, int rowsPerBatch, CudaTensor dst) {
        long n = (long) dst.rows() * dst.cols();
        b.kernels.launch(FAMILY, "gather_rows", n, dst.rows(), dst.cols(), src.rows(), offset, batch, rowsPerBatch, indices.size(),
                src, indices, dst);
    }
}
