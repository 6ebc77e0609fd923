// Philox4x32-10 on the device, addressed and converted exactly as src/main/java/org/latent/rng/Philox.java:
// element i of a fill with key (seed, stream, counter) is word i % 4 of the block with
//   counter words (lo32(counter + i / 4), hi32(counter + i / 4), lo32(stream), hi32(stream))
//   key words     (lo32(seed), hi32(seed)).
#pragma once

// Grid-stride loop over the Philox blocks b in [0, ceil(n / 4)) of an n-element fill.
#define FOR_EACH_PHILOX_BLOCK(b, n) \
    for (long long b = blockIdx.x * (long long)blockDim.x + threadIdx.x, philox_blocks_ = ((n) + 3LL) / 4; \
         b < philox_blocks_; b += (long long)gridDim.x * blockDim.x)

struct PhiloxWords {
    unsigned int w[4];
};

__device__ __forceinline__ PhiloxWords philox4x32_10(unsigned int c0, unsigned int c1, unsigned int c2,
                                                     unsigned int c3, unsigned int k0, unsigned int k1) {
    const unsigned int M0 = 0xD2511F53u, M1 = 0xCD9E8D57u;
    const unsigned int W0 = 0x9E3779B9u, W1 = 0xBB67AE85u;
#pragma unroll
    for (int round = 0; round < 10; round++) {
        if (round > 0) {
            k0 += W0;
            k1 += W1;
        }
        unsigned int hi0 = __umulhi(M0, c0), lo0 = M0 * c0;
        unsigned int hi1 = __umulhi(M1, c2), lo1 = M1 * c2;
        c0 = hi1 ^ c1 ^ k0;
        c1 = lo1;
        c2 = hi0 ^ c3 ^ k1;
        c3 = lo0;
    }
    PhiloxWords out = {{c0, c1, c2, c3}};
    return out;
}

// Block b of a fill: the words of its elements [4b, 4b + 4). The keys arrive as the Java longs'
// bits; the 64-bit counter sum wraps like Java's (unsigned arithmetic, so no signed overflow).
__device__ __forceinline__ PhiloxWords philox_block(long long seed, long long stream, long long counter,
                                                    long long b) {
    unsigned long long ctr = (unsigned long long)counter + (unsigned long long)b;
    unsigned long long s = (unsigned long long)stream, k = (unsigned long long)seed;
    return philox4x32_10((unsigned int)ctr, (unsigned int)(ctr >> 32), (unsigned int)s, (unsigned int)(s >> 32),
                         (unsigned int)k, (unsigned int)(k >> 32));
}

// Uniform in [0, 1): (word >>> 8) * 2^-24; both steps are exact in float.
__device__ __forceinline__ float philox_uniform(unsigned int word) {
    return __uint2float_rn(word >> 8) * 5.9604644775390625e-08f;
}

// Box-Muller on one word pair, in double, each result rounded to float once (Philox.normals).
// Java uses StrictMath's log/cos/sin (fdlibm); CUDA's double log/sin/cos are within 1-2 ulp in
// double, so in rare cases a result differs from Java's in the last float bit. sqrt is correctly
// rounded on both. Plain log/sqrt/sin/cos of doubles, never the float fast intrinsics.
__device__ __forceinline__ void philox_normal_pair(unsigned int wa, unsigned int wb, float* na, float* nb) {
    const double TWO_PI = 6.283185307179586;
    const double INV_2_24 = 5.9604644775390625e-08;
    double u1 = __dmul_rn((double)((wa >> 8) + 1u), INV_2_24);  // (0, 1], exact
    double u2 = __dmul_rn((double)(wb >> 8), INV_2_24);         // [0, 1), exact
    double r = sqrt(__dmul_rn(-2.0, log(u1)));
    double a = __dmul_rn(TWO_PI, u2);
    *na = __double2float_rn(__dmul_rn(r, cos(a)));
    *nb = __double2float_rn(__dmul_rn(r, sin(a)));
}
