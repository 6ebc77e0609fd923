// The step-state ops; CPU twin: backend/cpu/CpuStepState.java. Single-thread kernels on a handful
// of floats: they move the counters on at the end of a step and compute the step's scalars, so
// nothing a training step reads changes on the host between two launches of its graph.
#include "stepstate.cuh"

#define MAX_ADVANCE 64

// The counters moved by one advance_step_state launch, passed by value (captured with the graph).
struct Advance {
    int count;
    int slot[MAX_ADVANCE];
    long long by[MAX_ADVANCE];
};

// Counter at floats [slot, slot + 1] of state += by, on whole numbers, written back as [lo, hi].
extern "C" __global__ void advance_step_state(float* state, Advance a) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= a.count) return;
    float* c = state + a.slot[i];
    long long v = step_counter(c) + a.by[i];
    c[0] = (float)(v & ((1LL << 24) - 1));
    c[1] = (float)(v >> 24);
}

// dst = table[counter + offset], NaN outside the table (a GPU kernel cannot throw).
extern "C" __global__ void lookup_step_value(int size, const float* table, const float* counter, long long offset,
                                             float* dst) {
    if (blockIdx.x != 0 || threadIdx.x != 0) return;
    long long i = step_counter(counter) + offset;
    *dst = (i >= 0 && i < size) ? table[i] : __int_as_float(0x7fc00000);
}

// k = counter + offset + 1; w = value when k >= steps, else (float) (value * ((double) k / steps));
// dst = w / divisor. Each operation is one IEEE rounding, as in Java (no FMA: __dmul_rn, __ddiv_rn).
extern "C" __global__ void warmup_scale(const float* counter, long long offset, float value, long long steps,
                                        float divisor, float* dst) {
    if (blockIdx.x != 0 || threadIdx.x != 0) return;
    long long k = step_counter(counter) + offset + 1;
    float w = k >= steps ? value : (float)__dmul_rn((double)value, __ddiv_rn((double)k, (double)steps));
    *dst = __fdiv_rn(w, divisor);
}
