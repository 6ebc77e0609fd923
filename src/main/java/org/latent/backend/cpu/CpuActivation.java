package org.latent.backend.cpu;

import org.latent.backend.*;
import org.latent.rng.RandomKey;

/** Bias + activation forward and backward on the CPU. */
final class CpuActivation {
    private CpuActivation() {}

    static void forward(CpuTensor x, CpuTensor bias, Activation act, float alpha, CpuTensor slope, CpuTensor y) {
        throw new UnsupportedOperationException("TODO");
    }

    static void backward(CpuTensor x, CpuTensor bias, Activation act, float alpha, CpuTensor slope, CpuTensor y,
                         CpuTensor dy, CpuTensor dx, CpuTensor dbias, CpuTensor dslope) {
        throw new UnsupportedOperationException("TODO");
    }
}
