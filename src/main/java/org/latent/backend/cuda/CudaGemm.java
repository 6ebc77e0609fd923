package org.latent.backend.cuda;

import org.latent.backend.*;
import org.latent.rng.RandomKey;

/** GEMM on the GPU: cuBLAS or our tiled SGEMM (kernels/gemm.cu); twin of CpuGemm. */
final class CudaGemm {

    private final CudaBackend b;

    CudaGemm(CudaBackend b) {
        this.b = b;
    }

    void gemm(CudaBackend.GemmPath path, boolean transA, boolean transB, float alpha, CudaTensor a, CudaTensor bm, float beta, CudaTensor c) {
        throw new UnsupportedOperationException("TODO");
    }

    void close() {}
}
