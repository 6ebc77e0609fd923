package org.latent.backend.cpu;

import org.latent.backend.*;
import org.latent.rng.RandomKey;

/** 2-D convolution forward, backward-data and backward-filter on the CPU. */
final class CpuConv {
    private CpuConv() {}

    static void forward(CpuTensor x, CpuTensor w, CpuTensor y, ConvGeometry g) {
        throw new UnsupportedOperationException("TODO");
    }

    static void backwardData(CpuTensor dy, CpuTensor w, CpuTensor dx, ConvGeometry g) {
        throw new UnsupportedOperationException("TODO");
    }

    static void backwardFilter(CpuTensor x, CpuTensor dy, CpuTensor dw, ConvGeometry g) {
        throw new UnsupportedOperationException("TODO");
    }
}
