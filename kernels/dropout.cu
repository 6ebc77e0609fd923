// Inverted dropout; CPU twin: backend/cpu/CpuDropout.java. The forward pass runs one thread per
// Philox block (elements [4b, min(4b + 4, n))), the element's uniform being that of random.cu's
// fills. y may be x and dx may be dy, so no pointer is __restrict__.
#include "philox.cuh"
#include "stepstate.cuh"

// counterState: null, or a step counter added to counter (dropout in a training step).
// mask = (u >= rate) ? keep : 0 with keep = 1f / (1f - rate) computed on the host; y = x * mask.
extern "C" __global__ void dropout_forward(int n, float rate, float keep, long long seed, long long stream,
                                           long long counter, const float* counterState, const float* x, float* mask,
                                           float* y) {
    FOR_EACH_PHILOX_BLOCK(b, n) {
        PhiloxWords w = philox_block(seed, stream, counter + step_counter(counterState), b);
        long long first = 4 * b;
#pragma unroll
        for (int k = 0; k < 4; k++) {
            long long i = first + k;
            if (i >= n) break;
            float m = philox_uniform(w.w[k]) >= rate ? keep : 0.0f;
            mask[i] = m;
            y[i] = __fmul_rn(x[i], m);
        }
    }
}

// dx = dy * mask.
extern "C" __global__ void dropout_backward(int n, const float* dy, const float* mask, float* dx) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        dx[i] = __fmul_rn(dy[i], mask[i]);
    }
}
