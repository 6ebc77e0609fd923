// Optimizer steps over the flat parameter buffer, and clipping by global norm; CPU twin: backend/cpu/CpuOptimizer.java.
// Every operation is the CPU's, in the CPU's order, each rounded once: __fmul_rn / __fadd_rn /
// __fsub_rn / __fdiv_rn / __fsqrt_rn are never contracted into FMAs and are IEEE round-to-nearest
// (subnormals kept: the build does not pass -ftz). The CPU's (float) Math.sqrt(float) equals the
// correctly rounded float sqrt, since a double carries more than 2 * 24 + 2 bits. So the results
// are bit-identical to the CPU's. Scalars derived from the hyper-parameters come from the host,
// computed there exactly as the CPU computes them.

#include "reduce.cuh"
#include "stepstate.cuh"

// A *State pointer (null: the host argument) is the step state's device value of that argument, so a
// training step captured in a CUDA graph reads each step's rate and step count when it runs.

#define FOR_EACH(i, n) \
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < (n); i += (long long)gridDim.x * blockDim.x)

// State values below the smallest normal float become +0 before they are stored and used (DESIGN.md 6).
__device__ __forceinline__ float flush_subnormal(float s) {
    return fabsf(s) < 1.17549435e-38f ? 0.0f : s;
}

// v = momentum * v - lr * g; p += v, or with Nesterov p += momentum * v - lr * g (the new v).
extern "C" __global__ void sgd_step(int n, float lr, const float* lrState, float momentum, int nesterov, float* __restrict__ p,
                                    const float* __restrict__ g, float* __restrict__ velocity) {
    lr = step_scalar(lrState, lr);
    FOR_EACH(i, n) {
        float gi = g[i];
        float v = flush_subnormal(__fsub_rn(__fmul_rn(momentum, velocity[i]), __fmul_rn(lr, gi)));
        velocity[i] = v;
        float delta = nesterov ? __fsub_rn(__fmul_rn(momentum, v), __fmul_rn(lr, gi)) : v;
        p[i] = __fadd_rn(p[i], delta);
    }
}

// m = beta1 m + c1 g; v = beta2 v + c2 (g g); p -= stepSize m / (sqrt(v) / sqrtBc2 + eps), with
// c1 = 1 - beta1, c2 = 1 - beta2, stepSize = lr / (1 - beta1^step), sqrtBc2 = sqrt(1 - beta2^step).
// scalars: null, or {stepSize, sqrtBc2} computed on the device by adam_scalars.
extern "C" __global__ void adam_step(int n, float beta1, float beta2, float c1, float c2, float stepSize, float sqrtBc2,
                                     const float* scalars, float eps, float* __restrict__ p, const float* __restrict__ g,
                                     float* __restrict__ m, float* __restrict__ v) {
    if (scalars != nullptr) {
        stepSize = scalars[0];
        sqrtBc2 = scalars[1];
    }
    FOR_EACH(i, n) {
        float gi = g[i];
        float mi = flush_subnormal(__fadd_rn(__fmul_rn(beta1, m[i]), __fmul_rn(c1, gi)));
        float vi = flush_subnormal(__fadd_rn(__fmul_rn(beta2, v[i]), __fmul_rn(c2, __fmul_rn(gi, gi))));
        m[i] = mi;
        v[i] = vi;
        float denom = __fadd_rn(__fdiv_rn(__fsqrt_rn(vi), sqrtBc2), eps);
        p[i] = __fsub_rn(p[i], __fdiv_rn(__fmul_rn(stepSize, mi), denom));
    }
}

// sq = rho sq + c (g g) with c = 1 - rho; p -= lr g / (sqrt(sq) + eps).
extern "C" __global__ void rmsprop_step(int n, float lr, const float* lrState, float rho, float c, float eps,
                                        float* __restrict__ p, const float* __restrict__ g, float* __restrict__ sq) {
    lr = step_scalar(lrState, lr);
    FOR_EACH(i, n) {
        float gi = g[i];
        float s = flush_subnormal(__fadd_rn(__fmul_rn(rho, sq[i]), __fmul_rn(c, __fmul_rn(gi, gi))));
        sq[i] = s;
        p[i] = __fsub_rn(p[i], __fdiv_rn(__fmul_rn(lr, gi), __fadd_rn(__fsqrt_rn(s), eps)));
    }
}

// Clipping by the global L2 norm (CPU twin: CpuOptimizer.clipByGlobalNorm), in three launches that
// never return to the host. First pass: block b sums the squares of elements b, b + grid, ... in double.
extern "C" __global__ void sum_squares_partials(int n, const float* __restrict__ g, double* __restrict__ partials) {
    double s = 0.0;
    FOR_EACH(i, n) {
        double x = (double)g[i];
        s += x * x;
    }
    s = block_sum(s);
    if (threadIdx.x == 0) partials[blockIdx.x] = s;
}

// One block: total = sqrt(sum of the partials), coef = maxNorm / (total + 1e-6) (double, as the CPU);
// info[0] = (float) total, info[1] = (float) coef when coef < 1, else 1.
extern "C" __global__ void clip_factor(int count, const double* __restrict__ partials, float maxNorm, float* __restrict__ info) {
    double s = 0.0;
    for (int i = threadIdx.x; i < count; i += blockDim.x) s += partials[i];
    s = block_sum(s);
    if (threadIdx.x == 0) {
        double total = sqrt(s);
        double coef = (double)maxNorm / (total + 1e-6);
        info[0] = (float)total;
        info[1] = coef < 1.0 ? (float)coef : 1.0f;
    }
}

// g *= info[1], the factor read from device memory (multiplying by 1 changes nothing).
extern "C" __global__ void scale_by_factor(int n, const float* __restrict__ info, float* __restrict__ g) {
    float f = info[1];
    FOR_EACH(i, n) g[i] = __fmul_rn(g[i], f);
}

// Adam's step scalars on the device (one thread), from the rate and the step count of the step state:
// t = counter + offset + 1; bc1 = 1 - beta1^t, bc2 = 1 - beta2^t in double; out = {(float) (lr / bc1),
// (float) sqrt(bc2)}: CpuOptimizer.adam's expressions. sqrt and the division are correctly rounded on
// both sides; CUDA's double pow is within 2 ulp where Java's Math.pow is within 1, so a step scalar
// can differ from the CPU's in its last float bit, rarely (the double is rounded to float after).
extern "C" __global__ void adam_scalars(const float* lr, const float* counter, long long offset, float beta1, float beta2,
                                        float* out) {
    if (blockIdx.x != 0 || threadIdx.x != 0) return;
    double t = (double)(step_counter(counter) + offset + 1);
    double bc1 = __dsub_rn(1.0, pow((double)beta1, t)), bc2 = __dsub_rn(1.0, pow((double)beta2, t));
    out[0] = (float)__ddiv_rn((double)*lr, bc1);
    out[1] = (float)__dsqrt_rn(bc2);
}

// Decoupled weight decay with the step's rate from the step state: x *= (float) (1 - (double) lr * wd),
// the factor in double as the host computes it (no FMA).
extern "C" __global__ void decay_weights(int n, const float* lr, double weightDecay, float* x) {
    float f = (float)__dsub_rn(1.0, __dmul_rn((double)*lr, weightDecay));
    FOR_EACH(i, n) x[i] = __fmul_rn(x[i], f);
}
