// Losses and penalties; CPU twin: backend/cpu/CpuLoss.java, whose float and double steps these
// follow one for one. Batch losses run one block per example row (grid N) and sum the row in double;
// a NULL loss or grad is not written. Penalties are first passes of the deterministic two-pass
// reduction (CudaElementwise.reduce: grid REDUCE_BLOCKS, one double partial per block).
// Products that feed an addition use __fmul_rn / __dmul_rn so that nvcc does not fuse them into an
// FMA, which rounds differently from Java (and can turn the CPU's exact zeros into rounding residues).
#include "activation.cuh"
#include "stepstate.cuh"
#include "reduce.cuh"

#define GRID_STRIDE(i, n) for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < (n); \
                               i += (long long)gridDim.x * blockDim.x)

// Keras' epsilon; probabilities are clipped to [EPS, 1 - EPS], both bounds as float32.
static constexpr float EPS = 1e-7f;
static constexpr float ONE_MINUS_EPS = 1.f - EPS;

// Sum of v over the block, returned to every thread.
__device__ inline double block_sum_all(double v) {
    __shared__ double total;
    v = block_sum(v);
    if (threadIdx.x == 0) total = v;
    __syncthreads();
    v = total;
    __syncthreads();  // everyone has read total before a later call overwrites it
    return v;
}

// Maximum of v over the block (blockDim.x a multiple of 32), returned to every thread.
__device__ inline float block_max_all(float v) {
    __shared__ float warp_max[32];
    __shared__ float result;
    for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_down_sync(0xffffffffu, v, o));
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    if (lane == 0) warp_max[warp] = v;
    __syncthreads();
    if (warp == 0) {
        int warps = (blockDim.x + 31) >> 5;
        v = lane < warps ? warp_max[lane] : -INFINITY;
        for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_down_sync(0xffffffffu, v, o));
        if (lane == 0) result = v;
    }
    __syncthreads();
    return result;
}

// loss[row] = scale * (the row's sum), v being this thread's share of it.
__device__ inline void store_row_loss(double v, float scale, float* loss) {
    v = block_sum(v);
    if (loss != nullptr && threadIdx.x == 0) loss[blockIdx.x] = (float)(scale * v);
}

// Java's Math.signum(float): +-1, or v itself for +-0 and NaN.
__device__ inline float signum(float v) {
    return v > 0.f ? 1.f : (v < 0.f ? -1.f : v);
}

// min(max(v, lo), hi) that keeps NaN, like Java's Math.min/max.
__device__ inline double clamp_keep_nan(double v, double lo, double hi) {
    return isnan(v) ? v : fmin(fmax(v, lo), hi);
}

// ---- batch losses: grid N, each block one row of D features ------------------------------------

extern "C" __global__ void squared_error(int d, float scale, const float* p, const float* t, float* loss,
                                         float* grad) {
    long long row = (long long)blockIdx.x * d;
    double sum = 0.0;
    for (int j = threadIdx.x; j < d; j += blockDim.x) {
        double diff = (double)p[row + j] - t[row + j];
        sum += __dmul_rn(diff, diff);
        if (grad != nullptr) grad[row + j] = (float)(2.0 * scale * diff);
    }
    store_row_loss(sum, scale, loss);
}

// Per element softplus(x) - x t; gradient sigmoid(x) - t.
extern "C" __global__ void bce_with_logits(int d, float scale, const float* logits, const float* t, float* loss,
                                           float* grad) {
    long long row = (long long)blockIdx.x * d;
    double sum = 0.0;
    for (int j = threadIdx.x; j < d; j += blockDim.x) {
        double x = logits[row + j], target = t[row + j];
        sum += stable_softplus(x) - __dmul_rn(x, target);
        if (grad != nullptr) grad[row + j] = (float)(scale * (stable_sigmoid(x) - target));
    }
    store_row_loss(sum, scale, loss);
}

// -(t log q + (1 - t) log(1 - q)), q = p clipped; the gradient is zero where p lies outside the clip range.
extern "C" __global__ void bce_with_probabilities(int d, float scale, const float* p, const float* t, float* loss,
                                                  float* grad) {
    long long row = (long long)blockIdx.x * d;
    double sum = 0.0;
    for (int j = threadIdx.x; j < d; j += blockDim.x) {
        float raw = p[row + j];
        double q = clamp_keep_nan(raw, EPS, ONE_MINUS_EPS), target = t[row + j];
        sum -= __dmul_rn(target, log(q)) + __dmul_rn(1.0 - target, log1p(-q));
        if (grad != nullptr) {
            bool clipped = raw < EPS || raw > ONE_MINUS_EPS;
            grad[row + j] = clipped ? 0.f : (float)(scale * (q - target) / (q * (1.0 - q)));
        }
    }
    store_row_loss(sum, scale, loss);
}

// Loss sum_k t_k (lse - x_k); gradient p_j sum_k t_k - t_j; probs gets p. grad and probs may be the
// logits: every read of x in the reductions happens before the last loop writes.
extern "C" __global__ void softmax_cross_entropy(int d, float scale, const float* x, const float* t, float* loss,
                                                 float* grad, float* probs) {
    long long row = (long long)blockIdx.x * d;
    float max = -INFINITY;
    for (int j = threadIdx.x; j < d; j += blockDim.x) max = fmaxf(max, x[row + j]);
    max = block_max_all(max);
    double expSum = 0.0, targetSum = 0.0, targetDotLogits = 0.0;
    for (int j = threadIdx.x; j < d; j += blockDim.x) {
        float xj = x[row + j], tj = t[row + j];
        expSum += exp((double)(xj - max));
        targetSum += tj;
        targetDotLogits += __dmul_rn(tj, xj);
    }
    expSum = block_sum_all(expSum);
    targetSum = block_sum_all(targetSum);
    targetDotLogits = block_sum_all(targetDotLogits);
    double lse = max + log(expSum);
    for (int j = threadIdx.x; j < d; j += blockDim.x) {
        double prob = exp(x[row + j] - lse);
        if (grad != nullptr) grad[row + j] = (float)(scale * (__dmul_rn(prob, targetSum) - t[row + j]));
        if (probs != nullptr) probs[row + j] = (float)prob;
    }
    if (loss != nullptr && threadIdx.x == 0) {
        loss[blockIdx.x] = (float)(scale * (__dmul_rn(targetSum, lse) - targetDotLogits));
    }
}

// stats row = [mu | logVar] (2J), eps and z rows J: z = mu + exp(logVar / 2) eps;
// kl[row] = klScale / 2 * sum_j (mu^2 + exp(logVar) - 1 - logVar).
// klScaleState: null, or the step state's scalar that replaces klScale (a warm-up step's weight).
extern "C" __global__ void gaussian_reparameterize(int latent, float klScale, const float* klScaleState, const float* stats,
                                                   const float* eps, float* z, float* kl) {
    klScale = step_scalar(klScaleState, klScale);
    long long s = 2LL * blockIdx.x * latent, e = (long long)blockIdx.x * latent;
    double sum = 0.0;
    for (int j = threadIdx.x; j < latent; j += blockDim.x) {
        double mu = stats[s + j], logVar = stats[s + latent + j];
        z[e + j] = (float)(mu + __dmul_rn(exp(0.5 * logVar), eps[e + j]));
        sum += __dmul_rn(mu, mu) + expm1(logVar) - logVar;
    }
    sum = block_sum(sum);
    if (kl != nullptr && threadIdx.x == 0) kl[blockIdx.x] = (float)(0.5 * klScale * sum);
}

// Loss of each Wasserstein row: sum_j sign score; grad = scale * sign.
extern "C" __global__ void wasserstein(int d, float scale, const float* score, const float* sign, float* loss,
                                       float* grad) {
    long long row = (long long)blockIdx.x * d;
    double sum = 0.0;
    for (int j = threadIdx.x; j < d; j += blockDim.x) {
        float sg = sign[row + j];
        sum += __dmul_rn(sg, score[row + j]);
        if (grad != nullptr) grad[row + j] = scale * sg;
    }
    store_row_loss(sum, scale, loss);
}

// ---- elementwise: 1-D grid-stride launch ----------------------------------------------------

// dmu = dz + klScale mu; dlogVar = dz eps exp(logVar / 2) / 2 + klScale (exp(logVar) - 1) / 2.
// dstats may be stats: each thread reads its mu and logVar before writing them.
extern "C" __global__ void gaussian_reparameterize_backward(int n, int latent, float klScale, const float* klScaleState,
                                                            const float* stats, const float* eps, const float* dz,
                                                            float* dstats) {
    klScale = step_scalar(klScaleState, klScale);
    long long total = (long long)n * latent;
    GRID_STRIDE(k, total) {
        long long mu_at = k / latent * 2 * latent + k % latent;
        double mu = stats[mu_at], logVar = stats[mu_at + latent], g = dz[k], e = eps[k];
        dstats[mu_at] = (float)(g + __dmul_rn(klScale, mu));
        dstats[mu_at + latent] =
                (float)(__dmul_rn(0.5 * g * e, exp(0.5 * logVar)) + __dmul_rn(0.5 * klScale, expm1(logVar)));
    }
}

// ---- penalties: first passes of CudaElementwise.reduce (grid REDUCE_BLOCKS) ---------------------

// Partial sums of |a|; adds lambda * sign(a) into grad.
extern "C" __global__ void l1_penalty_partials(int n, const float* a, float lambda, float* grad, double* partials) {
    double sum = 0.0;
    GRID_STRIDE(k, n) {
        float v = a[k];
        sum += fabsf(v);
        if (grad != nullptr) grad[k] += __fmul_rn(lambda, signum(v));
    }
    sum = block_sum(sum);
    if (threadIdx.x == 0) partials[blockIdx.x] = sum;
}

// Partial sums of l1 |w| + l2 w^2; adds l1 sign(w) + 2 l2 w into grad.
extern "C" __global__ void weight_penalty_partials(int n, const float* w, float l1, float l2, float* grad,
                                                   double* partials) {
    double sum = 0.0;
    GRID_STRIDE(k, n) {
        float v = w[k];
        sum += __dmul_rn(l1, fabsf(v)) + __dmul_rn(l2, __dmul_rn(v, v));
        if (grad != nullptr) grad[k] += __fmul_rn(l1, signum(v)) + __fmul_rn(2.f * l2, v);
    }
    sum = block_sum(sum);
    if (threadIdx.x == 0) partials[blockIdx.x] = sum;
}

// a read as [N, D]; one thread per column j (grid-stride over D) sums its column over the rows in
// order, adds KL(p || pHat_j) to the block's partial and beta / N * dKL/dpHat_j to every row of
// column j of grad; pHat_j is the column mean clamped to [EPS, 1 - EPS].
extern "C" __global__ void kl_sparsity_partials(int d, int n, const float* a, float p, float beta, float* grad,
                                                double* partials) {
    float q = 1.f - p;
    double total = 0.0;
    GRID_STRIDE(j, d) {
        double sum = 0.0;
        for (int i = 0; i < n; i++) sum += a[(long long)i * d + j];
        double pHat = clamp_keep_nan(sum / n, EPS, ONE_MINUS_EPS);
        total += __dmul_rn(p, log(p / pHat)) + __dmul_rn(q, log(q / (1.0 - pHat)));
        if (grad != nullptr) {
            float g = (float)((double)(beta / n) * (-p / pHat + q / (1.0 - pHat)));
            for (int i = 0; i < n; i++) grad[(long long)i * d + j] += g;
        }
    }
    total = block_sum(total);
    if (threadIdx.x == 0) partials[blockIdx.x] = total;
}
