import jcuda.*;
import jcuda.jcublas.*;
import jcuda.jcudnn.*;
import jcuda.runtime.*;
import jcuda.driver.*;
import static jcuda.driver.JCudaDriver.*;

public class Probe2 {
    public static void main(String[] a) throws Exception {
        System.load(new java.io.File("liblatent-cublas12.so").getAbsolutePath());
        System.load(new java.io.File("liblatent-cudnn8.so").getAbsolutePath());
        JCudaDriver.setExceptionsEnabled(true);
        cuInit(0); CUdevice dev = new CUdevice(); cuDeviceGet(dev, 0);
        CUcontext ctx = new CUcontext(); cuDevicePrimaryCtxRetain(ctx, dev); cuCtxSetCurrent(ctx);
        JCublas2.setExceptionsEnabled(true);
        cublasHandle h = new cublasHandle(); JCublas2.cublasCreate(h);
        int[] v = new int[1]; JCublas2.cublasGetVersion(h, v); System.out.println("cublas version via forwarder: " + v[0]);
        // C(2x3) = A(2x4) B(4x3), column-major for cublas
        int m = 2, n = 3, k = 4; float[] A = new float[m*k], B = new float[k*n], C = new float[m*n];
        for (int i = 0; i < A.length; i++) A[i] = i + 1; for (int i = 0; i < B.length; i++) B[i] = (i % 5) - 2;
        CUdeviceptr dA = new CUdeviceptr(), dB = new CUdeviceptr(), dC = new CUdeviceptr();
        cuMemAlloc(dA, A.length*4L); cuMemAlloc(dB, B.length*4L); cuMemAlloc(dC, C.length*4L);
        cuMemcpyHtoD(dA, Pointer.to(A), A.length*4L); cuMemcpyHtoD(dB, Pointer.to(B), B.length*4L);
        JCublas2.cublasSgemm(h, cublasOperation.CUBLAS_OP_N, cublasOperation.CUBLAS_OP_N, m, n, k, Pointer.to(new float[]{1f}), dA, m, dB, k, Pointer.to(new float[]{0f}), dC, m);
        cuCtxSynchronize(); cuMemcpyDtoH(Pointer.to(C), dC, C.length*4L);
        boolean ok = true;
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) { float s = 0; for (int p = 0; p < k; p++) s += A[p*m+i]*B[j*k+p]; ok &= s == C[j*m+i]; }
        System.out.println("cublasSgemm through forwarder: " + (ok ? "OK" : "WRONG"));
        JCudnn.setExceptionsEnabled(true);
        System.out.println("cudnn version via forwarder: " + JCudnn.cudnnGetVersion());
        cudnnHandle dh = new cudnnHandle(); JCudnn.cudnnCreate(dh);
        // conv 1x1x5x5 input, 1x1x3x3 filter, valid
        cudnnTensorDescriptor xd = new cudnnTensorDescriptor(), yd = new cudnnTensorDescriptor();
        cudnnFilterDescriptor wd = new cudnnFilterDescriptor(); cudnnConvolutionDescriptor cd = new cudnnConvolutionDescriptor();
        JCudnn.cudnnCreateTensorDescriptor(xd); JCudnn.cudnnCreateTensorDescriptor(yd); JCudnn.cudnnCreateFilterDescriptor(wd); JCudnn.cudnnCreateConvolutionDescriptor(cd);
        JCudnn.cudnnSetTensor4dDescriptor(xd, cudnnTensorFormat.CUDNN_TENSOR_NCHW, cudnnDataType.CUDNN_DATA_FLOAT, 1, 1, 5, 5);
        JCudnn.cudnnSetFilter4dDescriptor(wd, cudnnDataType.CUDNN_DATA_FLOAT, cudnnTensorFormat.CUDNN_TENSOR_NCHW, 1, 1, 3, 3);
        JCudnn.cudnnSetConvolution2dDescriptor(cd, 0, 0, 1, 1, 1, 1, cudnnConvolutionMode.CUDNN_CROSS_CORRELATION, cudnnDataType.CUDNN_DATA_FLOAT);
        int[] od = new int[4]; JCudnn.cudnnGetConvolution2dForwardOutputDim(cd, xd, wd, od, od.length > 1 ? new int[1] : null, new int[1], new int[1]);
        JCudnn.cudnnSetTensor4dDescriptor(yd, cudnnTensorFormat.CUDNN_TENSOR_NCHW, cudnnDataType.CUDNN_DATA_FLOAT, 1, 1, 3, 3);
        float[] x = new float[25], w = new float[9], y = new float[9];
        for (int i = 0; i < 25; i++) x[i] = i; for (int i = 0; i < 9; i++) w[i] = i - 4;
        CUdeviceptr dx = new CUdeviceptr(), dw = new CUdeviceptr(), dy = new CUdeviceptr();
        cuMemAlloc(dx, 100); cuMemAlloc(dw, 36); cuMemAlloc(dy, 36);
        cuMemcpyHtoD(dx, Pointer.to(x), 100); cuMemcpyHtoD(dw, Pointer.to(w), 36);
        int[] cnt = new int[1]; cudnnConvolutionFwdAlgoPerf[] perf = new cudnnConvolutionFwdAlgoPerf[8];
        for (int i = 0; i < perf.length; i++) perf[i] = new cudnnConvolutionFwdAlgoPerf();
        JCudnn.cudnnGetConvolutionForwardAlgorithm_v7(dh, xd, wd, cd, yd, 8, cnt, perf);
        System.out.println("cudnn fwd algos: " + cnt[0] + ", first " + perf[0].algo + " status " + perf[0].status);
        long[] ws = new long[1]; JCudnn.cudnnGetConvolutionForwardWorkspaceSize(dh, xd, wd, cd, yd, perf[0].algo, ws);
        CUdeviceptr dws = new CUdeviceptr(); cuMemAlloc(dws, Math.max(ws[0], 4));
        JCudnn.cudnnConvolutionForward(dh, Pointer.to(new float[]{1f}), xd, dx, wd, dw, cd, perf[0].algo, dws, ws[0], Pointer.to(new float[]{0f}), yd, dy);
        cuCtxSynchronize(); cuMemcpyDtoH(Pointer.to(y), dy, 36);
        ok = true;
        for (int oy = 0; oy < 3; oy++) for (int ox = 0; ox < 3; ox++) { float s = 0; for (int ky = 0; ky < 3; ky++) for (int kx = 0; kx < 3; kx++) s += x[(oy+ky)*5+ox+kx]*w[ky*3+kx]; ok &= Math.abs(s - y[oy*3+ox]) < 1e-3; }
        System.out.println("cudnnConvolutionForward through forwarder: " + (ok ? "OK" : "WRONG " + java.util.Arrays.toString(y)));
        int st = JCudnn.cudnnSetRNNMatrixMathType(null, 0);
    }
}
