// Philox4x32-10 fills; CPU twin: backend/cpu/CpuRandom.java. One thread per Philox block: thread b
// writes elements [4b, min(4b + 4, n)), so each element gets the same number as on the CPU however
// the grid is shaped. Float arithmetic after the conversion is one rounding per operation, no FMA.
#include "philox.cuh"
#include "stepstate.cuh"

// counterState: null, or a step counter whose value is added to counter (the device-keyed fills).

// y = lo + range * u with range = hi - lo computed in float on the host.
extern "C" __global__ void uniform_fill(int n, float lo, float range, long long seed, long long stream,
                                        long long counter, const float* counterState, float* __restrict__ y) {
    FOR_EACH_PHILOX_BLOCK(b, n) {
        PhiloxWords w = philox_block(seed, stream, counter + step_counter(counterState), b);
        long long first = 4 * b;
#pragma unroll
        for (int k = 0; k < 4; k++) if (first + k < n) y[first + k] = __fadd_rn(lo, __fmul_rn(range, philox_uniform(w.w[k])));
    }
}

// y = mean + std * n with n the Box-Muller normal of the element.
extern "C" __global__ void normal_fill(int n, float mean, float std, long long seed, long long stream,
                                       long long counter, const float* counterState, float* __restrict__ y) {
    FOR_EACH_PHILOX_BLOCK(b, n) {
        PhiloxWords w = philox_block(seed, stream, counter + step_counter(counterState), b);
        float z[4];
        philox_normal_pair(w.w[0], w.w[1], &z[0], &z[1]);
        philox_normal_pair(w.w[2], w.w[3], &z[2], &z[3]);
        long long first = 4 * b;
#pragma unroll
        for (int k = 0; k < 4; k++) if (first + k < n) y[first + k] = __fadd_rn(mean, __fmul_rn(std, z[k]));
    }
}

// y = 1 if u < p else 0.
extern "C" __global__ void bernoulli_fill(int n, float p, long long seed, long long stream, long long counter,
                                          const float* counterState, float* __restrict__ y) {
    FOR_EACH_PHILOX_BLOCK(b, n) {
        PhiloxWords w = philox_block(seed, stream, counter + step_counter(counterState), b);
        long long first = 4 * b;
#pragma unroll
        for (int k = 0; k < 4; k++) if (first + k < n) y[first + k] = philox_uniform(w.w[k]) < p ? 1.0f : 0.0f;
    }
}
