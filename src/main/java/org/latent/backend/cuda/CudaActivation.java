package org.latent.backend.cuda;

import org.latent.backend.Activation;

/**
 * Bias + activation on the GPU (kernels/activation.cu); twin of CpuActivation, over x read as
 * [N, C, S]. Elementwise kernels and softmax (one thread per example and position) use 1-D
 * grid-stride launches; dbias and dslope use one block per channel, each summing its channel in
 * double in a fixed order, so they repeat bit for bit.
 */
final class CudaActivation {
    private static final String FAMILY = "activation";

    private CudaActivation() {}

    static void forward(CudaBackend b, CudaTensor x, CudaTensor bias, Activation act, float alpha, CudaTensor slope,
                        CudaTensor y) {
        int n = x.dim(0), c = x.dim(1), s = x.spatial();
        if (act == Activation.SOFTMAX) {
            b.kernels.launch(FAMILY, "softmax_forward", (long) n * s, n, c, s, x, bias, y);
        } else {
            b.kernels.launch(FAMILY, "bias_act_forward", x.size(), n, c, s, act.code(), alpha, x, bias, slope, y);
        }
    }

    static void backward(CudaBackend b, CudaTensor x, CudaTensor bias, Activation act, float alpha, CudaTensor slope,
                         CudaTensor y, CudaTensor dy, CudaTensor dx, CudaTensor dbias, CudaTensor dslope) {
        int n = x.dim(0), c = x.dim(1), s = x.spatial();
        // Before dx is written: dx may be dy, and the slope gradient needs dy.
        if (dslope != null) perChannel(b, "prelu_slope_grad", c, n, c, s, x, bias, dy, dslope);
        if (act == Activation.SOFTMAX) {
            b.kernels.launch(FAMILY, "softmax_backward", (long) n * s, n, c, s, y, dy, dx);
        } else {
            b.kernels.launch(FAMILY, "bias_act_backward", x.size(), n, c, s, act.code(), alpha, x, bias, slope, y, dy,
                    dx);
        }
        if (dbias != null) perChannel(b, "channel_sum", c, n, c, s, dx, dbias);
    }

    /** One block per channel. */
    private static void perChannel(CudaBackend b, String kernel, int channels, Object... args) {
        if (channels > 0) b.kernels.launchGrid(FAMILY, kernel, channels, 1, 1, Kernels.BLOCK, 1, 1, 0, args);
    }
}
