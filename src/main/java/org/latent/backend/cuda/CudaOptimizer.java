package org.latent.backend.cuda;

import jcuda.driver.CUdeviceptr;

/**
 * Optimizer steps on the GPU (kernels/optimizer.cu); twin of CpuOptimizer. The scalars derived
 * from the hyper-parameters are computed here exactly as CpuOptimizer computes them (same
 * expressions, float or double as there) and passed in, so the kernels repeat the CPU's
 * per-element arithmetic and the results are bit-identical.
 */
final class CudaOptimizer {
    static final String FAMILY = "optimizer";

    private CudaOptimizer() {}

    /** lrState: null, or the step state's rate (then lr is ignored). */
    static void sgd(CudaBackend b, CudaTensor p, CudaTensor g, CudaTensor velocity, float lr, CudaTensor lrState, float momentum,
                    boolean nesterov) {
        b.kernels.launch(FAMILY, "sgd_step", p.size(), p.size(), lr, lrState, momentum, nesterov, p, g, velocity);
    }

    static void adam(CudaBackend b, CudaTensor p, CudaTensor g, CudaTensor m, CudaTensor v, float lr, float beta1, float beta2, float eps, long step) {
        double bc1 = 1 - Math.pow(beta1, step), bc2 = 1 - Math.pow(beta2, step);
        float stepSize = (float) (lr / bc1), sqrtBc2 = (float) Math.sqrt(bc2);
        float c1 = 1f - beta1, c2 = 1f - beta2;
        b.kernels.launch(FAMILY, "adam_step", p.size(), p.size(), beta1, beta2, c1, c2, stepSize, sqrtBc2, null, eps, p, g, m, v);
    }

    /**
     * Adam with the rate and the step count read on the device: adam_scalars computes {stepSize,
     * sqrtBc2} into a scratch pair of floats (allocated once), which adam_step reads.
     */
    static void adam(CudaBackend b, CudaTensor p, CudaTensor g, CudaTensor m, CudaTensor v, CudaTensor lr, float beta1, float beta2,
                     float eps, CudaTensor step, long stepOffset) {
        CUdeviceptr scalars = b.elementwise.stepScalars();
        b.kernels.launchGrid(FAMILY, "adam_scalars", 1, 1, 1, 1, 1, 1, 0, lr, step, stepOffset, beta1, beta2, scalars);
        float c1 = 1f - beta1, c2 = 1f - beta2;
        b.kernels.launch(FAMILY, "adam_step", p.size(), p.size(), beta1, beta2, c1, c2, 0f, 0f, scalars, eps, p, g, m, v);
    }

    /** params *= (float) (1 - (double) lr * weightDecay), lr read on the device. */
    static void decayWeights(CudaBackend b, CudaTensor p, CudaTensor lr, double weightDecay) {
        b.kernels.launch(FAMILY, "decay_weights", p.size(), p.size(), lr, weightDecay, p);
    }

    /**
     * Global-norm clipping in three launches and no host synchronization: REDUCE_BLOCKS partial
     * sums of squares (double, block order), one block that sums them and writes {total, factor}
     * to info, and a scaling pass that reads the factor from info in device memory.
     */
    static void clipByGlobalNorm(CudaBackend b, CudaTensor g, float maxNorm, CudaTensor info) {
        CUdeviceptr partials = b.elementwise.partials();
        b.kernels.launchGrid(FAMILY, "sum_squares_partials", CudaElementwise.REDUCE_BLOCKS, 1, 1, Kernels.BLOCK, 1, 1, 0,
                g.size(), g, partials);
        b.kernels.launchGrid(FAMILY, "clip_factor", 1, 1, 1, Kernels.BLOCK, 1, 1, 0, CudaElementwise.REDUCE_BLOCKS, partials,
                maxNorm, info);
        b.kernels.launch(FAMILY, "scale_by_factor", g.size(), g.size(), info, g);
    }

    static void rmsprop(CudaBackend b, CudaTensor p, CudaTensor g, CudaTensor sq, float lr, CudaTensor lrState, float rho, float eps) {
        float c = 1f - rho;
        b.kernels.launch(FAMILY, "rmsprop_step", p.size(), p.size(), lr, lrState, rho, c, eps, p, g, sq);
    }
}
