// Max pooling (no padding, floor output size) and nearest-neighbour upsampling over NCHW tensors;
// CPU twin: backend/cpu/CpuPool.java. A plane is one (example, channel) image. The backward
// kernels gather (one thread per element they write), so no atomics and the same bits every run.

#define GRID_STRIDE(i, count) for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < (count); \
                                   i += (long long)gridDim.x * blockDim.x)

// Row-major index within its plane of the first maximal element of window (oy, ox): a later
// element replaces the running maximum only when strictly greater.
__device__ inline int window_argmax(const float* __restrict__ plane, int w, int kh, int kw, int sh, int sw, int oy, int ox) {
    int y0 = oy * sh, x0 = ox * sw, best = y0 * w + x0;
    float m = plane[best];
    for (int ky = 0; ky < kh; ky++) {
        for (int kx = 0; kx < kw; kx++) {
            int at = (y0 + ky) * w + x0 + kx;
            float v = plane[at];
            if (v > m) {
                m = v;
                best = at;
            }
        }
    }
    return best;
}

extern "C" __global__ void maxpool_forward(int planes, int h, int w, int kh, int kw, int sh, int sw, int oh, int ow,
                                           const float* __restrict__ x, float* __restrict__ y) {
    long long total = (long long)planes * oh * ow;
    GRID_STRIDE(i, total) {
        int ox = (int)(i % ow);
        long long t = i / ow;
        int oy = (int)(t % oh);
        const float* plane = x + (t / oh) * h * w;
        y[i] = plane[window_argmax(plane, w, kh, kw, sh, sw, oy, ox)];
    }
}

// dx[iy, ix] = sum of dy over the windows whose first maximum is (iy, ix), windows taken in
// row-major order; windows can overlap when the stride is smaller than the window.
extern "C" __global__ void maxpool_backward(int planes, int h, int w, int kh, int kw, int sh, int sw, int oh, int ow,
                                            const float* __restrict__ x, const float* __restrict__ dy,
                                            float* __restrict__ dx) {
    long long total = (long long)planes * h * w;
    GRID_STRIDE(i, total) {
        int ix = (int)(i % w);
        long long t = i / w;
        int iy = (int)(t % h);
        long long p = t / h;
        const float* plane = x + p * h * w;
        const float* dplane = dy + p * oh * ow;
        // Windows oy with oy*sh <= iy <= oy*sh + kh - 1, likewise for x.
        int oyLo = iy - kh + 1 <= 0 ? 0 : (iy - kh + sh) / sh, oyHi = min(oh - 1, iy / sh);
        int oxLo = ix - kw + 1 <= 0 ? 0 : (ix - kw + sw) / sw, oxHi = min(ow - 1, ix / sw);
        int self = iy * w + ix;
        float s = 0.f;
        for (int oy = oyLo; oy <= oyHi; oy++)
            for (int ox = oxLo; ox <= oxHi; ox++)
                if (window_argmax(plane, w, kh, kw, sh, sw, oy, ox) == self) s += dplane[oy * ow + ox];
        dx[i] = s;
    }
}

// y [planes, h*sh, w*sw]: each pixel of x repeated in an sh x sw block.
extern "C" __global__ void upsample_forward(int planes, int h, int w, int sh, int sw, const float* __restrict__ x,
                                            float* __restrict__ y) {
    int H = h * sh, W = w * sw;
    long long total = (long long)planes * H * W;
    GRID_STRIDE(i, total) {
        int X = (int)(i % W);
        long long t = i / W;
        int Y = (int)(t % H);
        long long p = t / H;
        y[i] = x[(p * h + Y / sh) * w + X / sw];
    }
}

// dx[iy, ix] = sum of dy over its sh x sw block, in row-major order.
extern "C" __global__ void upsample_backward(int planes, int h, int w, int sh, int sw, const float* __restrict__ dy,
                                             float* __restrict__ dx) {
    int H = h * sh, W = w * sw;
    long long total = (long long)planes * h * w;
    GRID_STRIDE(i, total) {
        int ix = (int)(i % w);
        long long t = i / w;
        int iy = (int)(t % h);
        long long p = t / h;
        const float* block = dy + (p * H + (long long)iy * sh) * W + (long long)ix * sw;
        float s = 0.f;
        for (int a = 0; a < sh; a++)
            for (int b = 0; b < sw; b++) s += block[(long long)a * W + b];
        dx[i] = s;
    }
}
