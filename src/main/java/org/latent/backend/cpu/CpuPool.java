package org.latent.backend.cpu;

import org.latent.backend.*;
import org.latent.rng.RandomKey;

/** Max pooling and nearest-neighbour upsampling on the CPU. */
final class CpuPool {
    private CpuPool() {}

    static void maxForward(CpuTensor x, CpuTensor y, PoolGeometry g) {
        throw new UnsupportedOperationException("TODO");
    }

    static void maxBackward(CpuTensor x, CpuTensor y, CpuTensor dy, CpuTensor dx, PoolGeometry g) {
        throw new UnsupportedOperationException("TODO");
    }

    static void upsampleForward(CpuTensor x, CpuTensor y, int sh, int sw) {
        throw new UnsupportedOperationException("TODO");
    }

    static void upsampleBackward(CpuTensor dy, CpuTensor dx, int sh, int sw) {
        throw new UnsupportedOperationException("TODO");
    }
}
