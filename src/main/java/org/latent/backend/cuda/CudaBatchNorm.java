package org.latent.backend.cuda;

/**
 * Batch normalization on the GPU (kernels/batchnorm.cu); twin of CpuBatchNorm. Our own kernels
 * rather than cuDNN's, so that the statistics are reduced the way the CPU does (in double) and the
 * running variance follows the documented (unbiased) convention. The training forward and the
 * backward run one block per channel; x is read as [n, c, spatial].
 */
final class CudaBatchNorm {
    static final String FAMILY = "batchnorm";

    private CudaBatchNorm() {}

    static void forwardTraining(CudaBackend b, CudaTensor x, CudaTensor gamma, CudaTensor beta, float momentum, float eps,
                                CudaTensor runningMean, CudaTensor runningVar, CudaTensor y, CudaTensor saveMean,
                                CudaTensor saveInvStd) {
        if (x.size() == 0) return;
        b.kernels.launchGrid(FAMILY, "batchnorm_forward_training", x.dim(1), 1, 1, Kernels.BLOCK, 1, 1, 0, x.dim(0), x.dim(1),
                x.spatial(), momentum, eps, x, gamma, beta, runningMean, runningVar, y, saveMean, saveInvStd);
    }

    static void forwardInference(CudaBackend b, CudaTensor x, CudaTensor gamma, CudaTensor beta, float eps,
                                 CudaTensor runningMean, CudaTensor runningVar, CudaTensor y) {
        if (x.size() == 0) return;
        b.kernels.launch(FAMILY, "batchnorm_forward_inference", x.size(), x.dim(0), x.dim(1), x.spatial(), eps, x, gamma, beta,
                runningMean, runningVar, y);
    }

    static void backward(CudaBackend b, CudaTensor x, CudaTensor gamma, CudaTensor saveMean, CudaTensor saveInvStd,
                         CudaTensor dy, CudaTensor dx, CudaTensor dgamma, CudaTensor dbeta) {
        if (x.size() == 0) return;
        b.kernels.launchGrid(FAMILY, "batchnorm_backward", x.dim(1), 1, 1, Kernels.BLOCK, 1, 1, 0, x.dim(0), x.dim(1),
                x.spatial(), x, gamma, saveMean, saveInvStd, dy, dx, dgamma, dbeta);
    }
}
