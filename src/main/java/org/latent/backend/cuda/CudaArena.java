package org.latent.backend.cuda;

import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemGetInfo;

import java.util.ArrayList;
import java.util.List;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUresult;

/**
 * Device memory owned by the backend: large chunks from cuMemAlloc, carved into 256-byte aligned
 * pieces by a bump pointer and released together when the backend closes. Models allocate all
 * their buffers when they are built, so a training step never reaches cuMemAlloc.
 */
final class CudaArena implements AutoCloseable {
    private static final long CHUNK = 64L << 20, ALIGN = 256;
    private final List<CUdeviceptr> chunks = new ArrayList<>();
    private CUdeviceptr current;
    private long used, size;
    private long total;
    /** Set by the backend while it captures a graph: every allocation is then refused. */
    boolean capturing;

    /** A zero-initialization is the caller's job. */
    CUdeviceptr allocate(long bytes) {
        if (capturing) {
            throw new CudaException("cuda: an allocation of " + bytes + " bytes inside a CUDA graph capture (a scratch buffer grew in"
                    + " a captured step; the eager steps before the capture should have sized it)");
        }
        long need = (bytes + ALIGN - 1) / ALIGN * ALIGN;
        if (current == null || used + need > size) {
            long chunk = Math.max(CHUNK, need);
            CUdeviceptr p = new CUdeviceptr();
            int status = cuMemAlloc(p, chunk);
            if (status == CUresult.CUDA_ERROR_OUT_OF_MEMORY) {
                long[] free = new long[1], all = new long[1];
                cuMemGetInfo(free, all);
                throw new CudaException("out of GPU memory: asked for " + mib(chunk) + " (for a tensor of " + mib(bytes)
                        + "), " + mib(free[0]) + " free of " + mib(all[0]) + "; this backend holds " + mib(total));
            }
            CudaCheck.driver(status, "cuMemAlloc", chunk + " bytes");
            chunks.add(p);
            current = p;
            used = 0;
            size = chunk;
            total += chunk;
        }
        CUdeviceptr out = current.withByteOffset(used);
        used += need;
        return out;
    }

    long bytesHeld() {
        return total;
    }

    private static String mib(long b) {
        return String.format("%.1f MiB", b / 1048576.0);
    }

    @Override
    public void close() {
        for (CUdeviceptr p : chunks) cuMemFree(p);
        chunks.clear();
        current = null;
    }
}
