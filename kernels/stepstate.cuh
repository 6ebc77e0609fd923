// Reads of the step state (backend/StepState.java): counters are two floats [lo, hi], each a whole
// number below 2^24, value lo + hi * 2^24 (exact below 2^48); scalars are one float. Ops of a
// training step take a pointer to them (null: the host argument alone), so a step captured in a
// CUDA graph reads each step's values when it runs.
#pragma once

// The counter's value, 0 for a null pointer.
__device__ __forceinline__ long long step_counter(const float* c) {
    return c == nullptr ? 0LL : (long long)c[0] + ((long long)c[1] << 24);
}

// The scalar at s, or the host's value when s is null.
__device__ __forceinline__ float step_scalar(const float* s, float host) {
    return s == nullptr ? host : *s;
}
