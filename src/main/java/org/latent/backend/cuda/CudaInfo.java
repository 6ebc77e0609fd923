package org.latent.backend.cuda;

import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;

import java.util.ArrayList;
import java.util.List;
import jcuda.driver.CUdevice;

/** What `latent info` prints about the GPU backend. */
public final class CudaInfo {
    private CudaInfo() {}

    public static List<String> describe(CudaBackend b) {
        List<String> out = new ArrayList<>();
        int[] v = new int[1];
        cuDriverGetVersion(v);
        CUdevice dev = new CUdevice();
        cuDeviceGet(dev, b.device);
        long[] mem = new long[1];
        cuDeviceTotalMem(mem, dev);
        out.add(String.format("GPU        %s (%s), %d MiB", b.name(), b.deviceName(), mem[0] >> 20));
        out.add(String.format("CUDA       driver API %d.%d", v[0] / 1000, v[0] % 1000 / 10));
        out.add("kernels    " + (CudaModules.available("elementwise") ? "fatbins in the jar" : "MISSING (built without nvcc)"));
        try {
            out.add("cuBLAS     " + cublasVersion() + " (default GEMM path: " + b.gemmPath() + ")");
        } catch (RuntimeException | LinkageError e) {
            out.add("cuBLAS     unavailable: " + e.getMessage() + " (GEMM uses our own kernel)");
        }
        try {
            CudaLibraries.prepareCudnn();
            out.add("cuDNN      " + jcuda.jcudnn.JCudnn.cudnnGetVersion() + " (default conv path: " + b.convPath() + ")");
        } catch (RuntimeException | LinkageError e) {
            out.add("cuDNN      unavailable: " + e.getMessage() + " (convolution uses our own kernels)");
        }
        for (String r : CudaLibraries.REPORT) out.add("library    " + r);
        return out;
    }

    private static int cublasVersion() {
        CudaLibraries.prepareCublas();
        jcuda.jcublas.cublasHandle h = new jcuda.jcublas.cublasHandle();
        CudaCheck.cublas(jcuda.jcublas.JCublas2.cublasCreate(h), "cublasCreate");
        try {
            int[] v = new int[1];
            CudaCheck.cublas(jcuda.jcublas.JCublas2.cublasGetVersion(h, v), "cublasGetVersion");
            return v[0];
        } finally {
            jcuda.jcublas.JCublas2.cublasDestroy(h);
        }
    }
}
