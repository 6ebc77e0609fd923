package org.latent.backend.cuda;

/** A failed CUDA driver, cuBLAS or cuDNN call: names the call, the status and what it was working on. */
public final class CudaException extends RuntimeException {
    public CudaException(String message) {
        super(message);
    }

    public CudaException(String message, Throwable cause) {
        super(message, cause);
    }
}
