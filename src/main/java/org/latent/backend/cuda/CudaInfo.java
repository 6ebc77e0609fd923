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
        if (b.cublasProblem == null) {
            int[] version = new int[1];
            CudaCheck.cublas(jcuda.jcublas.JCublas2.cublasGetVersion(b.gemm.handle(), version), "cublasGetVersion");
            out.add("cuBLAS     " + version[0] + " (default GEMM path: " + b.gemmPath() + ")");
        } else {
            out.add("cuBLAS     unavailable: " + b.cublasProblem + " (GEMM uses our own kernel)");
        }
        if (b.cudnnProblem == null) {
            out.add("cuDNN      " + jcuda.jcudnn.JCudnn.cudnnGetVersion() + " (default conv path: " + b.convPath() + ")");
        } else {
            out.add("cuDNN      unavailable: " + b.cudnnProblem + " (convolution uses our own kernels)");
        }
        for (String r : CudaLibraries.REPORT) out.add("library    " + r);
        return out;
    }
}
