// 2-D convolution over NCHW tensors, our own kernels (the other path is cuDNN); CPU twin:
// backend/cpu/CpuConv.java. Input x [n, cIn, h, w], weights [cOut, cIn, kh, kw], output
// [n, cOut, oh, ow]. Output pixel (oy, ox) reads input (oy*sh - pt + ky, ox*sw - pl + kx) through
// tap (ky, kx); positions outside the input read zero (padding may be asymmetric: the geometry
// stores oh and ow). Every kernel takes the geometry as the 13 ints of GEOM and sums each output
// element in an order fixed by the geometry: no atomics, the same bits on every run.
// Versions are numbered; each op's Java side picks the highest one not above CudaConv.ownVersion.
#include "reduce.cuh"

#define GEOM int n, int cIn, int h, int w, int cOut, int kh, int kw, int sh, int sw, int pt, int pl, int oh, int ow

#define GRID_STRIDE(i, count) for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < (count); \
                                   i += (long long)gridDim.x * blockDim.x)

// v1: one thread per output element, summing over cIn, ky, kx in that order.
extern "C" __global__ void conv2d_forward_v1(GEOM, const float* __restrict__ x, const float* __restrict__ wt,
                                             float* __restrict__ y) {
    long long total = (long long)n * cOut * oh * ow;
    GRID_STRIDE(i, total) {
        int ox = (int)(i % ow);
        long long t = i / ow;
        int oy = (int)(t % oh);
        t /= oh;
        int co = (int)(t % cOut), b = (int)(t / cOut);
        int iy0 = oy * sh - pt, ix0 = ox * sw - pl;
        float s = 0.f;
        for (int ci = 0; ci < cIn; ci++) {
            const float* xp = x + ((long long)b * cIn + ci) * h * w;
            const float* wp = wt + ((long long)co * cIn + ci) * kh * kw;
            for (int ky = 0; ky < kh; ky++) {
                int iy = iy0 + ky;
                if (iy < 0 || iy >= h) continue;
                for (int kx = 0; kx < kw; kx++) {
                    int ix = ix0 + kx;
                    if (ix < 0 || ix >= w) continue;
                    s = fmaf(xp[iy * w + ix], wp[ky * kw + kx], s);
                }
            }
        }
        y[i] = s;
    }
}

// v2: implicit GEMM. Y[co][p] = sum_k W[co][k] * X[k][p] with k = (ci, ky, kx) and p = (b, oy, ox)
// over the whole batch; X is never built, its tile is gathered from x. A block of 256 threads
// computes a 64 x 64 tile of Y (each thread 4 x 4), stepping k by 16 through shared memory; each
// output element sums its products in k order.
#define V2_TM 64
#define V2_TN 64
#define V2_TK 16
extern "C" __global__ void __launch_bounds__(256) conv2d_forward_v2(GEOM, const float* __restrict__ x,
                                                                   const float* __restrict__ wt, float* __restrict__ y) {
    __shared__ float As[V2_TK][V2_TM + 1];  // +1: the stores, 16 threads down a column, hit distinct banks
    __shared__ float Bs[V2_TK][V2_TN];
    const int tid = threadIdx.x, khw = kh * kw, K = cIn * khw, ohw = oh * ow;
    const long long P = (long long)n * ohw;
    const long long p0 = (long long)blockIdx.x * V2_TN;
    const int co0 = blockIdx.y * V2_TM;

    // This thread always loads column tid % 64 of the X tile: decode that output position once.
    const int loadP = tid % V2_TN;
    const long long loadPos = p0 + loadP;
    const bool loadInside = loadPos < P;
    int loadIy0 = 0, loadIx0 = 0;
    const float* loadImage = x;
    if (loadInside) {
        int b = (int)(loadPos / ohw), r = (int)(loadPos % ohw);
        loadIy0 = (r / ow) * sh - pt;
        loadIx0 = (r % ow) * sw - pl;
        loadImage = x + (long long)b * cIn * h * w;
    }

    const int ty = tid / 16, tx = tid % 16;
    float acc[4][4];
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) acc[i][j] = 0.f;

    for (int k0 = 0; k0 < K; k0 += V2_TK) {
        for (int r = 0; r < 4; r++) {
            int e = tid + 256 * r;
            // Weights: element e is row m = e / 16, column k = e % 16 of the W tile.
            int m = e / V2_TK, kk = e % V2_TK, co = co0 + m, k = k0 + kk;
            As[kk][m] = (co < cOut && k < K) ? wt[(long long)co * K + k] : 0.f;
            // Input patches: element e is row e / 64, column loadP of the X tile.
            int kb = e / V2_TN, kg = k0 + kb;
            float v = 0.f;
            if (loadInside && kg < K) {
                int ci = kg / khw, rem = kg % khw;
                int iy = loadIy0 + rem / kw, ix = loadIx0 + rem % kw;
                if (iy >= 0 && iy < h && ix >= 0 && ix < w) v = loadImage[((long long)ci * h + iy) * w + ix];
            }
            Bs[kb][loadP] = v;
        }
        __syncthreads();
        for (int kk = 0; kk < V2_TK; kk++) {
            float a[4], bv[4];
            for (int i = 0; i < 4; i++) a[i] = As[kk][ty * 4 + i];
            for (int j = 0; j < 4; j++) bv[j] = Bs[kk][tx * 4 + j];
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 4; j++) acc[i][j] = fmaf(a[i], bv[j], acc[i][j]);
        }
        __syncthreads();
    }

    for (int j = 0; j < 4; j++) {
        long long p = p0 + tx * 4 + j;
        if (p >= P) continue;
        int b = (int)(p / ohw), r = (int)(p % ohw);
        for (int i = 0; i < 4; i++) {
            int co = co0 + ty * 4 + i;
            if (co < cOut) y[((long long)b * cOut + co) * ohw + r] = acc[i][j];
        }
    }
}

// v1: one thread per input element, gathering the output positions that read it: (oy, ky) with
// oy*sh - pt + ky = iy, likewise for x; sums over cOut, ky, kx in that order.
extern "C" __global__ void conv2d_backward_data_v1(GEOM, const float* __restrict__ dy, const float* __restrict__ wt,
                                                   float* __restrict__ dx) {
    long long total = (long long)n * cIn * h * w;
    GRID_STRIDE(i, total) {
        int ix = (int)(i % w);
        long long t = i / w;
        int iy = (int)(t % h);
        t /= h;
        int ci = (int)(t % cIn), b = (int)(t / cIn);
        float s = 0.f;
        for (int co = 0; co < cOut; co++) {
            const float* dyp = dy + ((long long)b * cOut + co) * oh * ow;
            const float* wp = wt + ((long long)co * cIn + ci) * kh * kw;
            for (int ky = 0; ky < kh; ky++) {
                int ty = iy + pt - ky;  // = oy * sh; falls as ky grows
                if (ty < 0) break;
                if (ty % sh != 0 || ty / sh >= oh) continue;
                int oy = ty / sh;
                for (int kx = 0; kx < kw; kx++) {
                    int tx = ix + pl - kx;
                    if (tx < 0) break;
                    if (tx % sw != 0 || tx / sw >= ow) continue;
                    s = fmaf(dyp[oy * ow + tx / sw], wp[ky * kw + kx], s);
                }
            }
        }
        dx[i] = s;
    }
}

// v1: one block per weight element (co, ci, ky, kx) reducing over (b, oy, ox) in double: thread t
// takes positions t, t + blockDim, ... and the block adds the partial sums in a fixed tree.
extern "C" __global__ void conv2d_backward_filter_v1(GEOM, const float* __restrict__ x, const float* __restrict__ dy,
                                                     float* __restrict__ dw) {
    long long weights = (long long)cOut * cIn * kh * kw, terms = (long long)n * oh * ow;
    for (long long e = blockIdx.x; e < weights; e += gridDim.x) {
        int kx = (int)(e % kw);
        long long t = e / kw;
        int ky = (int)(t % kh);
        t /= kh;
        int ci = (int)(t % cIn), co = (int)(t / cIn);
        double s = 0.0;
        for (long long j = threadIdx.x; j < terms; j += blockDim.x) {
            int ox = (int)(j % ow);
            long long u = j / ow;
            int oy = (int)(u % oh), b = (int)(u / oh);
            int iy = oy * sh - pt + ky, ix = ox * sw - pl + kx;
            if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
            s += (double)dy[((long long)b * cOut + co) * oh * ow + (long long)oy * ow + ox]
                 * x[(((long long)b * cIn + ci) * h + iy) * w + ix];
        }
        s = block_sum(s);
        if (threadIdx.x == 0) dw[e] = (float)s;
    }
}

// v2: GEMM form. dW[co][k] = sum_p dY[co][p] * X[k][p] over p = (b, oy, ox), k = (ci, ky, kx). A
// block of 256 threads computes a 64 x 64 tile of dW (each thread 4 x 4) over one slice of the
// positions, [z * slice, (z + 1) * slice) for z = blockIdx.z, stepping by 16 through shared memory
// and summing in float in p order; it writes partials[z][co][k]. conv_sum_slices then adds the
// slices in order, so the result is the same on every run.
extern "C" __global__ void __launch_bounds__(256) conv2d_backward_filter_v2(GEOM, long long slice,
                                                                           const float* __restrict__ x,
                                                                           const float* __restrict__ dy,
                                                                           float* __restrict__ partials) {
    __shared__ float Ds[V2_TK][V2_TM + 1];  // Ds[pp][m] = dY[co0 + m][q0 + pp]; +1 as in As of the forward
    __shared__ float Xs[V2_TK][V2_TN];      // Xs[pp][c] = X[k0 + c][q0 + pp]
    const int tid = threadIdx.x, khw = kh * kw, K = cIn * khw, ohw = oh * ow;
    const long long P = (long long)n * ohw;
    const int k0 = blockIdx.x * V2_TN, co0 = blockIdx.y * V2_TM;
    const long long pBegin = blockIdx.z * slice, pEnd = min(P, pBegin + slice);

    // This thread always loads column tid % 64 of the X tile (one k): decode it once.
    const int loadC = tid % V2_TN, kg = k0 + loadC;
    const bool kInside = kg < K;
    int ci = 0, ky = 0, kx = 0;
    if (kInside) {
        ci = kg / khw;
        ky = (kg % khw) / kw;
        kx = kg % kw;
    }

    const int ty = tid / 16, tx = tid % 16;
    float acc[4][4];
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) acc[i][j] = 0.f;

    for (long long q0 = pBegin; q0 < pEnd; q0 += V2_TK) {
        for (int r = 0; r < 4; r++) {
            int e = tid + 256 * r;
            // dY: element e is row m = e / 16, position pp = e % 16.
            int m = e / V2_TK, pp = e % V2_TK, co = co0 + m;
            long long p = q0 + pp;
            float d = 0.f;
            if (co < cOut && p < pEnd) {
                int b = (int)(p / ohw), rr = (int)(p % ohw);
                d = dy[((long long)b * cOut + co) * ohw + rr];
            }
            Ds[pp][m] = d;
            // X: element e is position e / 64, column loadC.
            int xp = e / V2_TN;
            long long pq = q0 + xp;
            float v = 0.f;
            if (kInside && pq < pEnd) {
                int b = (int)(pq / ohw), rr = (int)(pq % ohw);
                int iy = (rr / ow) * sh - pt + ky, ix = (rr % ow) * sw - pl + kx;
                if (iy >= 0 && iy < h && ix >= 0 && ix < w) v = x[(((long long)b * cIn + ci) * h + iy) * w + ix];
            }
            Xs[xp][loadC] = v;
        }
        __syncthreads();
        for (int pp = 0; pp < V2_TK; pp++) {
            float a[4], bv[4];
            for (int i = 0; i < 4; i++) a[i] = Ds[pp][ty * 4 + i];
            for (int j = 0; j < 4; j++) bv[j] = Xs[pp][tx * 4 + j];
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 4; j++) acc[i][j] = fmaf(a[i], bv[j], acc[i][j]);
        }
        __syncthreads();
    }

    float* out = partials + (long long)blockIdx.z * cOut * K;
    for (int i = 0; i < 4; i++) {
        int co = co0 + ty * 4 + i;
        if (co >= cOut) continue;
        for (int j = 0; j < 4; j++) {
            int k = k0 + tx * 4 + j;
            if (k < K) out[(long long)co * K + k] = acc[i][j];
        }
    }
}

// out[i] = sum over s < slices of partials[s * count + i], added in s order in double.
extern "C" __global__ void conv_sum_slices(int count, int slices, const float* __restrict__ partials,
                                           float* __restrict__ out) {
    GRID_STRIDE(i, count) {
        double s = 0.0;
        for (int z = 0; z < slices; z++) s += partials[(long long)z * count + i];
        out[i] = (float)s;
    }
}

// out [planes, hp, wp] = x [planes, h, w] with zero rows below and zero columns right of it
// (hp >= h, wp >= w): the asymmetric padding cuDNN cannot express, made explicit.
extern "C" __global__ void conv_pad_bottom_right(int planes, int h, int w, int hp, int wp, const float* __restrict__ x,
                                                 float* __restrict__ out) {
    long long total = (long long)planes * hp * wp;
    GRID_STRIDE(i, total) {
        int X = (int)(i % wp);
        long long t = i / wp;
        int Y = (int)(t % hp);
        long long p = t / hp;
        out[i] = (Y < h && X < w) ? x[(p * h + Y) * w + X] : 0.f;
    }
}

// out [planes, h, w] = the top-left h x w corner of each plane of in [planes, hp, wp].
extern "C" __global__ void conv_crop(int planes, int h, int w, int hp, int wp, const float* __restrict__ in,
                                     float* __restrict__ out) {
    long long total = (long long)planes * h * w;
    GRID_STRIDE(i, total) {
        int X = (int)(i % w);
        long long t = i / w;
        int Y = (int)(t % h);
        long long p = t / h;
        out[i] = in[(p * hp + Y) * wp + X];
    }
}

// ---- one output channel, stride 1 (E6's last generator layer: 128 -> 1, 7x7 "same" on 28x28) ----
// CPU twin of the forward and filter passes: backend/cpu/CpuConvOneOutput.java. cuDNN's
// deterministic float32 algorithms ran this convolution at about 1 % of peak (issue 18). Written
// and compiled without a GPU: never run yet. Geometry as GEOM with cOut == 1, sh == sw == 1.

#define ONE_CHUNK 32  // input channels whose weights a forward block holds in shared memory at once

// Forward: one thread per output pixel of one example (grid x: pixel tiles of 256, grid y: the
// example). Each output is one fma chain over ci, then ky, then kx from 0, the order of
// CpuConvOneOutput.forward (padding taps add w * 0), so the two give the same bits.
extern "C" __global__ void __launch_bounds__(256) conv1out_forward(GEOM, const float* __restrict__ x,
                                                                   const float* __restrict__ wt, float* __restrict__ y) {
    __shared__ float ws[ONE_CHUNK * 49];
    const int khw = kh * kw, pixels = oh * ow, b = blockIdx.y;
    const int p = blockIdx.x * blockDim.x + threadIdx.x;
    const int oy = p / ow, ox = p % ow;
    const int chunk = khw <= 49 ? ONE_CHUNK : 1;  // larger kernels hold one channel at a time (ws fits 1568 floats)
    float acc = 0.f;
    for (int c0 = 0; c0 < cIn; c0 += chunk) {
        const int c1 = min(cIn, c0 + chunk);
        __syncthreads();
        for (int i = threadIdx.x; i < (c1 - c0) * khw; i += blockDim.x) ws[i] = wt[c0 * khw + i];
        __syncthreads();
        if (p < pixels) {
            for (int ci = c0; ci < c1; ci++) {
                const float* plane = x + ((long long)b * cIn + ci) * h * w;
                const float* wc = ws + (ci - c0) * khw;
                for (int ky = 0; ky < kh; ky++) {
                    const int iy = oy - pt + ky;
                    const bool row = iy >= 0 && iy < h;
                    for (int kx = 0; kx < kw; kx++) {
                        const int ix = ox - pl + kx;
                        const float v = row && ix >= 0 && ix < w ? __ldg(plane + iy * w + ix) : 0.f;
                        acc = fmaf(wc[ky * kw + kx], v, acc);
                    }
                }
            }
        }
    }
    if (p < pixels) y[(long long)b * pixels + p] = acc;
}

// Backward data: dx[b, ci, iy, ix] = sum over ky, kx (in that order) of dy[b, 0, iy + pt - ky,
// ix + pl - kx] * w[0, ci, ky, kx], one thread per input element.
extern "C" __global__ void conv1out_backward_data(GEOM, const float* __restrict__ dy, const float* __restrict__ wt,
                                                  float* __restrict__ dx) {
    const long long total = (long long)n * cIn * h * w;
    GRID_STRIDE(i, total) {
        const int ix = (int)(i % w);
        long long t = i / w;
        const int iy = (int)(t % h);
        t /= h;
        const int ci = (int)(t % cIn), b = (int)(t / cIn);
        const float* d = dy + (long long)b * oh * ow;
        const float* wc = wt + (long long)ci * kh * kw;
        float s = 0.f;
        for (int ky = 0; ky < kh; ky++) {
            const int oy = iy + pt - ky;
            if (oy < 0 || oy >= oh) continue;
            for (int kx = 0; kx < kw; kx++) {
                const int ox = ix + pl - kx;
                if (ox < 0 || ox >= ow) continue;
                s = fmaf(__ldg(d + oy * ow + ox), __ldg(wc + ky * kw + kx), s);
            }
        }
        dx[i] = s;
    }
}

// Backward filter for K x K kernels (K = 7 instantiated): block (ci, slice) keeps the K*K tap sums
// of its slice of the n * oh * ow output positions in registers (thread-strided over positions),
// then reduces each tap over the block's 256 threads in a fixed tree into
// partials[slice][ci * K * K + k]; conv_sum_slices adds the slices in order. The same bits on
// every run; not CpuConvOneOutput's summation order (parity within DESIGN's 1e-4).
template <int K>
__device__ void conv1out_filter(int n, int cIn, int h, int w, int pt, int pl, int oh, int ow, long long slice,
                                const float* __restrict__ x, const float* __restrict__ dy, float* __restrict__ partials) {
    __shared__ float red[256];
    const int ci = blockIdx.x, tid = threadIdx.x, ohw = oh * ow;
    const long long P = (long long)n * ohw, p0 = blockIdx.y * slice, p1 = min(P, p0 + slice);
    float acc[K * K];
#pragma unroll
    for (int k = 0; k < K * K; k++) acc[k] = 0.f;
    for (long long p = p0 + tid; p < p1; p += blockDim.x) {
        const int b = (int)(p / ohw), q = (int)(p % ohw), oy = q / ow, ox = q % ow;
        const float d = __ldg(dy + p);
        const float* plane = x + ((long long)b * cIn + ci) * h * w;
#pragma unroll
        for (int ky = 0; ky < K; ky++) {
            const int iy = oy - pt + ky;
            const bool row = iy >= 0 && iy < h;
#pragma unroll
            for (int kx = 0; kx < K; kx++) {
                const int ix = ox - pl + kx;
                const float v = row && ix >= 0 && ix < w ? __ldg(plane + iy * w + ix) : 0.f;
                acc[ky * K + kx] = fmaf(d, v, acc[ky * K + kx]);
            }
        }
    }
#pragma unroll
    for (int k = 0; k < K * K; k++) {
        red[tid] = acc[k];
        __syncthreads();
        for (int s = blockDim.x / 2; s > 0; s >>= 1) {
            if (tid < s) red[tid] += red[tid + s];
            __syncthreads();
        }
        if (tid == 0) partials[(long long)blockIdx.y * cIn * K * K + ci * K * K + k] = red[0];
        __syncthreads();
    }
}

extern "C" __global__ void __launch_bounds__(256) conv1out_backward_filter_k7(GEOM, long long slice, const float* __restrict__ x,
                                                                              const float* __restrict__ dy,
                                                                              float* __restrict__ partials) {
    conv1out_filter<7>(n, cIn, h, w, pt, pl, oh, ow, slice, x, dy, partials);
}
