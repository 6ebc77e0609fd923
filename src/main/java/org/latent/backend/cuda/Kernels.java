package org.latent.backend.cuda;

import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUstream;

/**
 * Launches kernels on the backend's stream. Arguments map to kernel parameters by type: Integer
 * to int, Long to long long, Float to float, Double to double, a CudaTensor or CUdeviceptr to a
 * pointer, null to a null pointer. With LATENT_CUDA_SYNC=1 every launch is followed by a
 * synchronization, so a failing kernel is named at once instead of at the next copy.
 */
final class Kernels {
    static final int BLOCK = 256;
    private static final boolean SYNC = "1".equals(System.getenv("LATENT_CUDA_SYNC"));
    private static final CUdeviceptr NULL = new CUdeviceptr();
    private final CudaModules modules;
    private final CUstream stream;

    Kernels(CudaModules modules, CUstream stream) {
        this.modules = modules;
        this.stream = stream;
    }

    /** Enough blocks of BLOCK threads for n elements, for grid-stride kernels (capped at 65535 * 8). */
    static int blocks(long n) {
        return (int) Math.max(1, Math.min((n + BLOCK - 1) / BLOCK, 65535L * 8));
    }

    /** A 1-D launch over n elements. */
    void launch(String family, String name, long n, Object... args) {
        launchGrid(family, name, blocks(n), 1, 1, BLOCK, 1, 1, 0, args);
    }

    void launchGrid(String family, String name, int gx, int gy, int gz, int bx, int by, int bz, int sharedBytes, Object... args) {
        CUfunction f = modules.function(family, name);
        Pointer[] ps = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) ps[i] = param(args[i], name, i);
        int status = cuLaunchKernel(f, gx, gy, gz, bx, by, bz, sharedBytes, stream, Pointer.to(ps), null);
        if (status != 0) {
            CudaCheck.driver(status, "cuLaunchKernel", family + "." + name, "grid " + gx + "x" + gy + "x" + gz,
                    "block " + bx + "x" + by + "x" + bz);
        }
        if (SYNC) CudaCheck.driver(cuStreamSynchronize(stream), "kernel " + family + "." + name);
    }

    private static Pointer param(Object a, String kernel, int i) {
        if (a == null) return Pointer.to(NULL);
        if (a instanceof CudaTensor t) return Pointer.to(t.ptr);
        if (a instanceof CUdeviceptr p) return Pointer.to(p);
        if (a instanceof Integer v) return Pointer.to(new int[] {v});
        if (a instanceof Float v) return Pointer.to(new float[] {v});
        if (a instanceof Long v) return Pointer.to(new long[] {v});
        if (a instanceof Double v) return Pointer.to(new double[] {v});
        if (a instanceof Boolean v) return Pointer.to(new int[] {v ? 1 : 0});
        if (a instanceof byte[] v) return Pointer.to(v);  // a struct passed by value (its bytes, little-endian)
        throw new IllegalArgumentException("kernel " + kernel + " argument " + i + " has unsupported type " + a.getClass());
    }
}
