// Elementwise ops and reductions; CPU twin: backend/cpu/CpuElementwise.java.
#include "reduce.cuh"
#include "stepstate.cuh"

#define GRID_STRIDE(i, n) for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < (n); \
                               i += (long long)gridDim.x * blockDim.x)

extern "C" __global__ void axpy(int n, float alpha, const float* __restrict__ x, float* __restrict__ y) {
    GRID_STRIDE(i, n) y[i] = __fadd_rn(y[i], __fmul_rn(alpha, x[i]));
}

extern "C" __global__ void scale(int n, float alpha, float* x) {
    GRID_STRIDE(i, n) x[i] *= alpha;
}

extern "C" __global__ void clamp(int n, float lo, float hi, float* x) {
    GRID_STRIDE(i, n) x[i] = fminf(fmaxf(x[i], lo), hi);
}

// First pass of sum: block b adds elements b, b + grid, ... (in the grid-stride order) in double.
extern "C" __global__ void sum_partials(int n, const float* __restrict__ x, double* __restrict__ partials) {
    double s = 0.0;
    GRID_STRIDE(i, n) s += (double)x[i];
    s = block_sum(s);
    if (threadIdx.x == 0) partials[blockIdx.x] = s;
}

// Second pass: one block sums `count` doubles into *out.
extern "C" __global__ void sum_doubles(int count, const double* __restrict__ partials, double* __restrict__ out) {
    double s = 0.0;
    for (int i = threadIdx.x; i < count; i += blockDim.x) s += partials[i];
    s = block_sum(s);
    if (threadIdx.x == 0) *out = s;
}

// dst row r = src row indices[offset + r]; indices are whole numbers stored as floats. With a batch
// counter (step state; null: none), offset += counter * rowsPerBatch; an index position outside the
// nIndices indices gives a NaN row (the CPU throws).
extern "C" __global__ void gather_rows(int rows, int cols, int srcRows, long long offset, const float* batch, int rowsPerBatch,
                                       int nIndices, const float* __restrict__ src, const float* __restrict__ indices,
                                       float* __restrict__ dst) {
    long long n = (long long)rows * cols;
    long long first = offset + step_counter(batch) * rowsPerBatch;
    GRID_STRIDE(i, n) {
        int r = (int)(i / cols), c = (int)(i % cols);
        long long at = first + r;
        int s = (at >= 0 && at < nIndices) ? (int)indices[at] : -1;
        dst[i] = (s >= 0 && s < srcRows) ? src[(long long)s * cols + c] : __int_as_float(0x7fc00000);
    }
}
