package org.latent.backend.cuda;

import jcuda.driver.CUresult;
import jcuda.jcublas.cublasStatus;
import jcuda.jcudnn.cudnnStatus;

/** Turns status codes into exceptions that name the call and its arguments. */
final class CudaCheck {
    private CudaCheck() {}

    static void driver(int status, String call, Object... context) {
        if (status != CUresult.CUDA_SUCCESS) {
            throw new CudaException(call + describe(context) + " failed: " + CUresult.stringFor(status) + " (" + status + ")");
        }
    }

    static void cublas(int status, String call, Object... context) {
        if (status != cublasStatus.CUBLAS_STATUS_SUCCESS) {
            throw new CudaException(call + describe(context) + " failed: " + cublasStatus.stringFor(status) + " (" + status + ")");
        }
    }

    /** cuDNN 9 renumbered its status codes; the number is printed as well as the cuDNN 8 name. */
    static void cudnn(int status, String call, Object... context) {
        if (status != cudnnStatus.CUDNN_STATUS_SUCCESS) {
            throw new CudaException(call + describe(context) + " failed: cuDNN status " + status
                    + (status < 100 ? " (" + cudnnStatus.stringFor(status) + ")" : ""));
        }
    }

    private static String describe(Object... context) {
        if (context.length == 0) return "";
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < context.length; i++) {
            Object c = context[i];
            sb.append(i == 0 ? "" : ", ").append(c instanceof int[] a ? java.util.Arrays.toString(a) : String.valueOf(c));
        }
        return sb.append(')').toString();
    }
}
