// Image augmentation (random horizontal flip, random crop with zero padding) of NCHW images; CPU
// twin: backend/cpu/CpuAugment.java. One thread per output element; image i's draws are words
// w0, w1, w2 of Philox block (counter + i), recomputed by each of its elements' threads. Only
// copies, so the output is the CPU's bit for bit. src and dst do not overlap.
#include "philox.cuh"
#include "stepstate.cuh"

// floor(u * (2P + 1)) for the word's uniform u = (word >> 8) / 2^24, in integers: in [0, 2P].
__device__ __forceinline__ int augment_offset(unsigned int word, int pad) {
    return (int)(((unsigned long long)(word >> 8) * (unsigned long long)(2 * pad + 1)) >> 24);
}

extern "C" __global__ void augment_images(int n, int c, int h, int w, int flip, int pad, long long seed,
                                          long long stream, long long counter, const float* counterState, const float* __restrict__ src,
                                          float* __restrict__ dst) {
    long long image = (long long)c * h * w, total = (long long)n * image;
    counter += step_counter(counterState);  // null: the host key's counter alone
    for (long long e = blockIdx.x * (long long)blockDim.x + threadIdx.x; e < total; e += (long long)gridDim.x * blockDim.x) {
        long long i = e / image;
        long long r = e - i * image;
        int x = (int)(r % w);
        int y = (int)((r / w) % h);
        long long plane = r - (long long)y * w - x;  // ch * h * w
        PhiloxWords words = philox_block(seed, stream, counter, i);
        bool flipped = flip != 0 && (words.w[0] >> 31) == 0u;
        int ox = augment_offset(words.w[1], pad) - pad, oy = augment_offset(words.w[2], pad) - pad;
        int sy = y + oy, sx = (flipped ? w - 1 - x : x) + ox;
        dst[e] = (sy >= 0 && sy < h && sx >= 0 && sx < w) ? src[i * image + plane + (long long)sy * w + sx] : 0.0f;
    }
}
