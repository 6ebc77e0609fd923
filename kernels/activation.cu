// Bias + activation forward and backward over x read as [N, C, S] (S = spatial);
// CPU twin: backend/cpu/CpuActivation.java, whose float and double steps these follow one for one.
// Products that feed an addition use __fmul_rn / __dmul_rn so that nvcc does not fuse them into an
// FMA, which would round differently from Java.
#include "activation.cuh"
#include "reduce.cuh"

#define GRID_STRIDE(i, n) for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < (n); \
                               i += (long long)gridDim.x * blockDim.x)

__device__ inline float bias_of(const float* bias, int ch) {
    return bias != nullptr ? bias[ch] : 0.f;
}

// act(z) for z = x + bias; a is the leaky/PReLU slope or the ELU scale. NaN stays NaN, as in Java.
__device__ inline float activate(int act, float z, float a) {
    switch (act) {
        case ACT_IDENTITY: return z;
        case ACT_STEP: return z > 0.f ? 1.f : 0.f;
        case ACT_SIGMOID: return (float)stable_sigmoid((double)z);
        case ACT_TANH: return (float)tanh((double)z);
        case ACT_RELU: return (z > 0.f || isnan(z)) ? z : 0.f;
        case ACT_LEAKY_RELU:
        case ACT_PRELU: return z > 0.f ? z : a * z;
        case ACT_ELU: return z > 0.f ? z : (float)((double)a * expm1((double)z));
        case ACT_SOFTPLUS: return (float)stable_softplus((double)z);
        case ACT_HARD_TANH: return isnan(z) ? z : fminf(fmaxf(z, -1.f), 1.f);
        case ACT_EXP: return (float)exp((double)z);
        default: return __int_as_float(0x7fc00000);  // not an elementwise activation: make it loud
    }
}

// dy * act'(z). Sigmoid, tanh, exp and ELU's negative side take the derivative from y, the rest
// from z, exactly as on the CPU (that also fixes the kinks: RELU'(0) = 0, HARD_TANH'(+-1) = 0).
__device__ inline float activation_grad(int act, float z, float y, float dy, float a) {
    switch (act) {
        case ACT_IDENTITY: return dy;
        case ACT_STEP: return 0.f;
        case ACT_SIGMOID: return __fmul_rn(__fmul_rn(dy, y), 1.f - y);
        case ACT_TANH: return __fmul_rn(dy, 1.f - __fmul_rn(y, y));
        case ACT_RELU: return z > 0.f ? dy : 0.f;
        case ACT_LEAKY_RELU:
        case ACT_PRELU: return z > 0.f ? dy : a * dy;
        case ACT_ELU: return z > 0.f ? dy : dy * (y + a);
        case ACT_SOFTPLUS: return (float)((double)dy * stable_sigmoid((double)z));
        case ACT_HARD_TANH: return (z > -1.f && z < 1.f) ? dy : 0.f;
        case ACT_EXP: return dy * y;
        default: return __int_as_float(0x7fc00000);
    }
}

// y = act(x + bias[ch]) elementwise; y may be x. slope is read only for PRELU.
extern "C" __global__ void bias_act_forward(int n, int c, int s, int act, float alpha, const float* x,
                                            const float* bias, const float* slope, float* y) {
    long long total = (long long)n * c * s;
    GRID_STRIDE(i, total) {
        int ch = (int)(i / s % c);
        float a = act == ACT_PRELU ? slope[ch] : alpha;
        y[i] = activate(act, x[i] + bias_of(bias, ch), a);
    }
}

// dx = dy * act'(x + bias[ch]) elementwise; dx may be dy (each element is read before it is written).
extern "C" __global__ void bias_act_backward(int n, int c, int s, int act, float alpha, const float* x,
                                             const float* bias, const float* slope, const float* y,
                                             const float* dy, float* dx) {
    long long total = (long long)n * c * s;
    GRID_STRIDE(i, total) {
        int ch = (int)(i / s % c);
        float a = act == ACT_PRELU ? slope[ch] : alpha;
        dx[i] = activation_grad(act, x[i] + bias_of(bias, ch), y[i], dy[i], a);
    }
}

// Softmax over the C channels of each (example, position), max-subtracted; one thread per
// (example, position). y may be x: each x element is read before its own y element is written.
extern "C" __global__ void softmax_forward(int n, int c, int s, const float* x, const float* bias, float* y) {
    long long positions = (long long)n * s;
    GRID_STRIDE(r, positions) {
        long long first = r / s * c * s + r % s;  // element (example, channel 0, position)
        float max = -INFINITY;
        for (int ch = 0; ch < c; ch++) max = fmaxf(max, x[first + (long long)ch * s] + bias_of(bias, ch));
        double sum = 0.0;
        for (int ch = 0; ch < c; ch++) {
            long long at = first + (long long)ch * s;
            float e = (float)exp((double)(x[at] + bias_of(bias, ch) - max));
            y[at] = e;
            sum += e;
        }
        double inv = 1.0 / sum;
        for (int ch = 0; ch < c; ch++) {
            long long at = first + (long long)ch * s;
            y[at] = (float)(y[at] * inv);
        }
    }
}

// dx_c = y_c (dy_c - sum_k dy_k y_k) per (example, position); dx may be dy.
extern "C" __global__ void softmax_backward(int n, int c, int s, const float* y, const float* dy, float* dx) {
    long long positions = (long long)n * s;
    GRID_STRIDE(r, positions) {
        long long first = r / s * c * s + r % s;
        double dot = 0.0;
        for (int ch = 0; ch < c; ch++) {
            long long at = first + (long long)ch * s;
            dot += __dmul_rn(dy[at], y[at]);
        }
        for (int ch = 0; ch < c; ch++) {
            long long at = first + (long long)ch * s;
            dx[at] = (float)((double)y[at] * ((double)dy[at] - dot));
        }
    }
}

// One block per channel (grid C): out[ch] = sum over examples and positions of t[., ch, .], in double
// and in a fixed order.
extern "C" __global__ void channel_sum(int n, int c, int s, const float* t, float* out) {
    int ch = blockIdx.x;
    long long count = (long long)n * s;
    double sum = 0.0;
    for (long long k = threadIdx.x; k < count; k += blockDim.x) {
        sum += (double)t[(k / s * c + ch) * s + k % s];
    }
    sum = block_sum(sum);
    if (threadIdx.x == 0) out[ch] = (float)sum;
}

// One block per channel (grid C): dslope[ch] = sum of dy * z where z = x + bias[ch] <= 0 (PReLU).
extern "C" __global__ void prelu_slope_grad(int n, int c, int s, const float* x, const float* bias,
                                            const float* dy, float* dslope) {
    int ch = blockIdx.x;
    float b = bias_of(bias, ch);
    long long count = (long long)n * s;
    double sum = 0.0;
    for (long long k = threadIdx.x; k < count; k += blockDim.x) {
        long long at = (k / s * c + ch) * s + k % s;
        float z = x[at] + b;
        if (z <= 0.f) sum += __dmul_rn(dy[at], z);
    }
    sum = block_sum(sum);
    if (threadIdx.x == 0) dslope[ch] = (float)sum;
}
