package org.latent.backend.cpu;

/** Matrix products on the CPU. */
final class CpuGemm {
    private CpuGemm() {}

    /** The plain triple loop: the reference every faster GEMM is tested against. */
    static void reference(boolean transA, boolean transB, float alpha, CpuTensor a, CpuTensor b, float beta, CpuTensor c) {
        int m = c.rows(), n = c.cols(), k = transA ? a.rows() : a.cols();
        int lda = a.cols(), ldb = b.cols();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float acc = 0f;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a.data[a.offset + p * lda + i] : a.data[a.offset + i * lda + p];
                    float bv = transB ? b.data[b.offset + j * ldb + p] : b.data[b.offset + p * ldb + j];
                    acc += av * bv;
                }
                int ci = c.offset + i * n + j;
                c.data[ci] = alpha * acc + (beta == 0f ? 0f : beta * c.data[ci]);
            }
        }
    }

    static void gemm(boolean transA, boolean transB, float alpha, CpuTensor a, CpuTensor b, float beta, CpuTensor c) {
        reference(transA, transB, alpha, a, b, beta, c);
    }
}
