// Batch normalization over x [n, c, s] (s = spatial size, 1 for a [n, c] matrix); CPU twin:
// backend/cpu/CpuBatchNorm.java. Each channel is reduced over its m = n*s elements by one block,
// in double and in a fixed order (thread t takes elements t, t + blockDim, ..., then block_sum),
// so the statistics are the same on every run. Per-channel pointers may be null: no gamma means 1,
// no beta 0, and a null output is not written.
#include "reduce.cuh"

// Element j in [0, n*s) of channel ch.
__device__ inline long long channel_at(int c, int s, int ch, long long j) {
    return ((j / s) * c + ch) * s + j % s;
}

// One block per channel: mean and biased variance (two passes), y = gamma * (x - mean) * invStd
// + beta, saveMean and saveInvStd = 1 / sqrt(var + eps), and running = (1 - momentum) * running +
// momentum * batch with the unbiased variance. y may be x.
extern "C" __global__ void batchnorm_forward_training(int n, int c, int s, float momentum, float eps,
                                                      const float* x, const float* __restrict__ gamma,
                                                      const float* __restrict__ beta, float* __restrict__ runningMean,
                                                      float* __restrict__ runningVar, float* y,
                                                      float* __restrict__ saveMean, float* __restrict__ saveInvStd) {
    __shared__ double shared[2];
    const int ch = blockIdx.x;
    const long long m = (long long)n * s;

    double sum = 0.0;
    for (long long j = threadIdx.x; j < m; j += blockDim.x) sum += (double)x[channel_at(c, s, ch, j)];
    sum = block_sum(sum);
    if (threadIdx.x == 0) shared[0] = sum / (double)m;
    __syncthreads();
    const double mean = shared[0];

    double sq = 0.0;
    for (long long j = threadIdx.x; j < m; j += blockDim.x) {
        double d = (double)x[channel_at(c, s, ch, j)] - mean;
        sq += d * d;
    }
    sq = block_sum(sq);
    if (threadIdx.x == 0) {
        double var = sq / (double)m;
        shared[1] = 1.0 / sqrt(var + (double)eps);
        if (saveMean) saveMean[ch] = (float)mean;
        if (saveInvStd) saveInvStd[ch] = (float)shared[1];
        double unbiased = m > 1 ? sq / (double)(m - 1) : var;
        if (runningMean) runningMean[ch] = (float)((1.0 - momentum) * runningMean[ch] + (double)momentum * mean);
        if (runningVar) runningVar[ch] = (float)((1.0 - momentum) * runningVar[ch] + (double)momentum * unbiased);
    }
    __syncthreads();

    const float meanF = (float)mean, invStd = (float)shared[1];
    const float g = gamma ? gamma[ch] : 1.f, b = beta ? beta[ch] : 0.f;
    for (long long j = threadIdx.x; j < m; j += blockDim.x) {
        long long at = channel_at(c, s, ch, j);
        y[at] = g * ((x[at] - meanF) * invStd) + b;
    }
}

// Elementwise with the running statistics. y may be x.
extern "C" __global__ void batchnorm_forward_inference(int n, int c, int s, float eps, const float* x,
                                                       const float* __restrict__ gamma, const float* __restrict__ beta,
                                                       const float* __restrict__ runningMean,
                                                       const float* __restrict__ runningVar, float* y) {
    long long total = (long long)n * c * s;
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < total; i += (long long)gridDim.x * blockDim.x) {
        int ch = (int)((i / s) % c);
        float invStd = (float)(1.0 / sqrt((double)runningVar[ch] + (double)eps));
        float g = gamma ? gamma[ch] : 1.f, b = beta ? beta[ch] : 0.f;
        y[i] = g * ((x[i] - runningMean[ch]) * invStd) + b;
    }
}

// One block per channel, with xhat = (x - saveMean) * saveInvStd: dbeta = sum dy, dgamma =
// sum dy * xhat, dx = gamma * invStd * (dy - dbeta / m - xhat * dgamma / m). dx may be dy.
extern "C" __global__ void batchnorm_backward(int n, int c, int s, const float* x,
                                              const float* __restrict__ gamma, const float* __restrict__ saveMean,
                                              const float* __restrict__ saveInvStd, const float* dy, float* dx,
                                              float* __restrict__ dgamma, float* __restrict__ dbeta) {
    __shared__ double shared[2];
    const int ch = blockIdx.x;
    const long long m = (long long)n * s;
    const double mean = saveMean[ch], invStd = saveInvStd[ch];

    double sumDy = 0.0, sumDyXhat = 0.0;
    for (long long j = threadIdx.x; j < m; j += blockDim.x) {
        long long at = channel_at(c, s, ch, j);
        double d = dy[at];
        sumDy += d;
        sumDyXhat += d * (((double)x[at] - mean) * invStd);
    }
    sumDy = block_sum(sumDy);
    if (threadIdx.x == 0) shared[0] = sumDy;
    sumDyXhat = block_sum(sumDyXhat);
    if (threadIdx.x == 0) {
        shared[1] = sumDyXhat;
        if (dbeta) dbeta[ch] = (float)shared[0];
        if (dgamma) dgamma[ch] = (float)sumDyXhat;
    }
    __syncthreads();

    const double meanDy = shared[0] / (double)m, meanDyXhat = shared[1] / (double)m;
    const double scale = (gamma ? (double)gamma[ch] : 1.0) * invStd;
    for (long long j = threadIdx.x; j < m; j += blockDim.x) {
        long long at = channel_at(c, s, ch, j);
        double xhat = ((double)x[at] - mean) * invStd;
        dx[at] = (float)(scale * ((double)dy[at] - meanDy - xhat * meanDyXhat));
    }
}
