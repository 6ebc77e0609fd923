package org.latent.backend.cuda;

import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.jcublas.JCublas2.cublasCreate;
import static jcuda.jcublas.JCublas2.cublasDestroy;
import static jcuda.jcublas.JCublas2.cublasSetMathMode;
import static jcuda.jcublas.JCublas2.cublasSetPointerMode;
import static jcuda.jcublas.JCublas2.cublasSetStream;
import static jcuda.jcublas.JCublas2.cublasSetWorkspace;
import static jcuda.jcublas.JCublas2.cublasSgemm;
import static jcuda.jcublas.cublasMath.CUBLAS_DEFAULT_MATH;
import static jcuda.jcublas.cublasOperation.CUBLAS_OP_N;
import static jcuda.jcublas.cublasOperation.CUBLAS_OP_T;
import static jcuda.jcublas.cublasPointerMode.CUBLAS_POINTER_MODE_HOST;

import java.util.Arrays;
import jcuda.Pointer;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.jcublas.cublasHandle;
import jcuda.runtime.cudaStream_t;

/**
 * GEMM on the GPU: cuBLAS or our SGEMM kernels (kernels/gemm.cu); twin of CpuGemm. Tensors are
 * row-major; cuBLAS is column-major, and a row-major [r, c] matrix is its column-major transpose,
 * so C^T = op(B)^T op(A)^T is one column-major call with A and B swapped.
 */
final class CudaGemm {
    static final String FAMILY = "gemm";
    /** Our kernel versions in kernels/gemm.cu are 1 to VERSIONS, in the order they were written. */
    static final int VERSIONS = 4;
    /** Edge of the square tile of C one block computes, by version (v1 has one thread per element). */
    private static final int[] TILE = {0, 0, 64, 128, 64};
    private static final int THREADS = 256;
    /** v4 splits k into chunks of at least this many (a multiple of its k step, 16). */
    private static final int MIN_CHUNK = 64, K_STEP = 16;
    /** NVIDIA's recommended cuBLAS workspace for Hopper. */
    private static final long CUBLAS_WORKSPACE = 32L << 20;

    private final CudaBackend b;
    /**
     * Which of our kernel versions the OWN path runs: v4, the fastest on the models' products
     * (bench/gpu-gemm); the parity test and the benchmark change it.
     */
    int ownVersion = VERSIONS;
    private cublasHandle cublas;
    private int multiprocessors;
    /** v4's partial sums, splits x m x n floats; grown when a product needs more. */
    private CUdeviceptr partials;
    private long partialFloats;
    private final float[] alphaHost = new float[1], betaHost = new float[1];
    private final Pointer alphaPtr = Pointer.to(alphaHost), betaPtr = Pointer.to(betaHost);

    CudaGemm(CudaBackend b) {
        this.b = b;
    }

    void gemm(CudaBackend.GemmPath path, boolean transA, boolean transB, float alpha, CudaTensor a, CudaTensor bm, float beta,
              CudaTensor c) {
        int m = c.rows(), n = c.cols(), k = transA ? a.rows() : a.cols();
        if (m == 0 || n == 0) return;
        if (path == CudaBackend.GemmPath.CUBLAS) cublasGemm(transA, transB, alpha, a, bm, beta, c, m, n, k);
        else ownGemm(transA, transB, alpha, a, bm, beta, c, m, n, k);
    }

    private void cublasGemm(boolean transA, boolean transB, float alpha, CudaTensor a, CudaTensor bm, float beta, CudaTensor c,
                            int m, int n, int k) {
        cublasHandle h = handle();
        alphaHost[0] = alpha;
        betaHost[0] = beta;
        // Leading dimensions are the row lengths; cuBLAS rejects 0 even where k == 0 makes them unused.
        int status = cublasSgemm(h, transB ? CUBLAS_OP_T : CUBLAS_OP_N, transA ? CUBLAS_OP_T : CUBLAS_OP_N, n, m, k,
                alphaPtr, bm.ptr, Math.max(1, bm.cols()), a.ptr, Math.max(1, a.cols()), betaPtr, c.ptr, n);
        CudaCheck.cublas(status, "cublasSgemm", "m " + m, "n " + n, "k " + k, "transA " + transA, "transB " + transB);
    }

    private void ownGemm(boolean transA, boolean transB, float alpha, CudaTensor a, CudaTensor bm, float beta, CudaTensor c,
                         int m, int n, int k) {
        String kernel = "sgemm_v" + ownVersion + "_" + (transA ? "t" : "n") + (transB ? "t" : "n");
        Object[] args = {m, n, k, alpha, a, a.cols(), bm, bm.cols(), beta, c};
        if (ownVersion == 1) {
            b.kernels.launch(FAMILY, kernel, (long) m * n, args);
            return;
        }
        int tile = TILE[ownVersion];
        long tiles = ((long) m + tile - 1) / tile * (((long) n + tile - 1) / tile);
        if (tiles > Integer.MAX_VALUE) {
            throw new CudaException("gemm " + m + "x" + n + " needs " + tiles + " tiles of " + tile + "x" + tile
                    + ", more blocks than one launch can have");
        }
        if (ownVersion == 4) splitK(kernel, args, (int) tiles, m, n, k, alpha, beta, c);
        else b.kernels.launchGrid(FAMILY, kernel, (int) tiles, 1, 1, THREADS, 1, 1, 0, args);
    }

    /** v4: k split into chunks when the tiles alone leave multiprocessors idle; chunks summed in order. */
    private void splitK(String kernel, Object[] args, int tiles, int m, int n, int k, float alpha, float beta, CudaTensor c) {
        // Two blocks per multiprocessor, as far as k gives each chunk MIN_CHUNK.
        int splits = (int) Math.max(1, Math.min((2L * multiprocessors() + tiles - 1) / tiles, k / MIN_CHUNK));
        int chunk = k;
        if (splits > 1) {
            chunk = ((k + splits - 1) / splits + K_STEP - 1) / K_STEP * K_STEP;
            splits = (k + chunk - 1) / chunk;
        }
        CUdeviceptr partial = splits == 1 ? null : partials((long) splits * m * n);
        Object[] splitArgs = Arrays.copyOf(args, args.length + 2);
        splitArgs[args.length] = chunk;
        splitArgs[args.length + 1] = partial;
        b.kernels.launchGrid(FAMILY, kernel, tiles, splits, 1, THREADS, 1, 1, 0, splitArgs);
        if (splits > 1) b.kernels.launch(FAMILY, "sgemm_v4_sum", (long) m * n, m, n, splits, alpha, partial, beta, c);
    }

    private CUdeviceptr partials(long floats) {
        if (floats > partialFloats) {
            partials = b.arena.allocate(4 * floats);
            partialFloats = floats;
        }
        return partials;
    }

    private int multiprocessors() {
        if (multiprocessors == 0) {
            CUdevice d = new CUdevice();
            CudaCheck.driver(cuDeviceGet(d, b.device), "cuDeviceGet", b.device);
            int[] count = new int[1];
            CudaCheck.driver(cuDeviceGetAttribute(count, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, d),
                    "cuDeviceGetAttribute", "MULTIPROCESSOR_COUNT");
            multiprocessors = count[0];
        }
        return multiprocessors;
    }

    /**
     * The cuBLAS handle, made on first use: on the backend's stream, scalars from the host, and the
     * default math mode, which for cublasSgemm is plain float32; TF32 tensor cores are used only
     * when asked for (CUBLAS_TF32_TENSOR_OP_MATH or a FAST_TF32 compute type), which we never do.
     * The workspace comes from the arena, so cuBLAS allocates nothing during a step and its calls
     * can be captured into a CUDA graph.
     */
    cublasHandle handle() {
        if (cublas != null) return cublas;
        CudaLibraries.prepareCublas();
        cublasHandle h = new cublasHandle();
        CudaCheck.cublas(cublasCreate(h), "cublasCreate");
        cublas = h;
        CudaCheck.cublas(cublasSetStream(h, new cudaStream_t(b.stream)), "cublasSetStream");
        // After setStream, which resets the workspace to cuBLAS's own.
        CudaCheck.cublas(cublasSetWorkspace(h, b.arena.allocate(CUBLAS_WORKSPACE), CUBLAS_WORKSPACE), "cublasSetWorkspace",
                CUBLAS_WORKSPACE + " bytes");
        CudaCheck.cublas(cublasSetPointerMode(h, CUBLAS_POINTER_MODE_HOST), "cublasSetPointerMode");
        CudaCheck.cublas(cublasSetMathMode(h, CUBLAS_DEFAULT_MATH), "cublasSetMathMode");
        return h;
    }

    void close() {
        if (cublas == null) return;
        cublasHandle h = cublas;
        cublas = null;
        CudaCheck.cublas(cublasDestroy(h), "cublasDestroy");
    }
}
