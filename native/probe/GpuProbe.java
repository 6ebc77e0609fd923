import static jcuda.driver.JCudaDriver.*;
import jcuda.*;
import jcuda.driver.*;
import java.nio.file.*;

public class GpuProbe {
    public static void main(String[] a) throws Exception {
        System.out.println("java " + System.getProperty("java.version"));
        JCudaDriver.setExceptionsEnabled(true);
        cuInit(0);
        int[] v = new int[1]; cuDriverGetVersion(v); System.out.println("driver CUDA version " + v[0]);
        CUdevice dev = new CUdevice(); cuDeviceGet(dev, 0);
        byte[] name = new byte[256]; cuDeviceGetName(name, 256, dev);
        System.out.println("device " + new String(name).trim());
        CUcontext ctx = new CUcontext(); cuCtxCreate(ctx, 0, dev);
        CUmodule m = new CUmodule(); cuModuleLoadData(m, Files.readAllBytes(Path.of(a[0])));
        CUfunction f = new CUfunction(); cuModuleGetFunction(f, m, "axpy_f32");
        int n = 1000; float[] x = new float[n], y = new float[n];
        for (int i = 0; i < n; i++) { x[i] = i; y[i] = 1; }
        CUdeviceptr dx = new CUdeviceptr(), dy = new CUdeviceptr();
        cuMemAlloc(dx, n * 4L); cuMemAlloc(dy, n * 4L);
        cuMemcpyHtoD(dx, Pointer.to(x), n * 4L); cuMemcpyHtoD(dy, Pointer.to(y), n * 4L);
        Pointer p = Pointer.to(Pointer.to(new int[]{n}), Pointer.to(new float[]{2f}), Pointer.to(dx), Pointer.to(dy));
        cuLaunchKernel(f, (n + 255) / 256, 1, 1, 256, 1, 1, 0, null, p, null);
        cuCtxSynchronize();
        cuMemcpyDtoH(Pointer.to(y), dy, n * 4L);
        boolean ok = true; for (int i = 0; i < n; i++) ok &= y[i] == 1 + 2f * i;
        System.out.println("kernel launch from fatbin: " + (ok ? "OK" : "WRONG RESULT"));
        try {
            jcuda.jcublas.JCublas2.setExceptionsEnabled(true);
            jcuda.jcublas.cublasHandle h = new jcuda.jcublas.cublasHandle();
            jcuda.jcublas.JCublas2.cublasCreate(h);
            int[] cv = new int[1]; jcuda.jcublas.JCublas2.cublasGetVersion(h, cv);
            System.out.println("JCublas2 loaded, cublas version " + cv[0]);
        } catch (Throwable t) { System.out.println("JCublas2 FAILED: " + t); Throwable c = t.getCause(); while (c != null) { System.out.println("  cause: " + c); c = c.getCause(); } }
        try {
            System.out.println("JCudnn loaded, cudnn version " + jcuda.jcudnn.JCudnn.cudnnGetVersion());
        } catch (Throwable t) { System.out.println("JCudnn FAILED: " + t); Throwable c = t.getCause(); while (c != null) { System.out.println("  cause: " + c); c = c.getCause(); } }
    }
}
