// Row-major SGEMM: C[m,n] = alpha * op(A)[m,k] * op(B)[k,n] + beta * C; CPU twin: backend/cpu/CpuGemm.java.
// A is [m,k] (lda = k) or, transposed, [k,m] (lda = m); B is [k,n] (ldb = n) or, transposed, [n,k]
// (ldb = k); C is [m,n] (ldc = n). Every version sums the k products of an element in float in a fixed
// order (p = 0, 1, ..., k-1; v4 per chunk of k, then the chunks in order) and never reads C when
// beta == 0 (it may hold NaN).
// Kernel names: sgemm_v<version>_<a><b>, where a and b are n (as stored) or t (transposed).
//   v1: one thread per element of C, 1-D grid-stride launch; rounds like CpuGemm.reference (no FMA).
//   v2: 64x64 tile of C per block of 256 threads, 4x4 per thread, k in steps of 16 through shared memory.
//   v3: 128x128 tile per block of 256 threads, 8x8 per thread, k in steps of 8, double-buffered: the
//       next k-step is fetched into registers while the current one is multiplied.
//   v4: v2 with k split into chunks over gridDim.y when the tiles of C alone cannot fill the GPU; a
//       second kernel adds the chunks' partial sums in order (fixed, so results repeat bit for bit).
// v2-v4 launch one block per tile of C on the grid's x axis (tile = blockIdx.x; rows of tiles outer).

#define SGEMM_PARAMS int m, int n, int k, float alpha, const float* __restrict__ A, int lda, \
                     const float* __restrict__ B, int ldb, float beta, float* __restrict__ C
#define SGEMM_ARGS m, n, k, alpha, A, lda, B, ldb, beta, C

// The four transpose combinations of version V as extern "C" kernels of THREADS threads, BLOCKS of them
// resident per multiprocessor (which bounds the registers a thread may use).
#define SGEMM_KERNELS(V, THREADS, BLOCKS)                                                                   \
    extern "C" __global__ void __launch_bounds__(THREADS, BLOCKS) sgemm_##V##_nn(SGEMM_PARAMS) { V<false, false>(SGEMM_ARGS); } \
    extern "C" __global__ void __launch_bounds__(THREADS, BLOCKS) sgemm_##V##_nt(SGEMM_PARAMS) { V<false, true>(SGEMM_ARGS); }  \
    extern "C" __global__ void __launch_bounds__(THREADS, BLOCKS) sgemm_##V##_tn(SGEMM_PARAMS) { V<true, false>(SGEMM_ARGS); }  \
    extern "C" __global__ void __launch_bounds__(THREADS, BLOCKS) sgemm_##V##_tt(SGEMM_PARAMS) { V<true, true>(SGEMM_ARGS); }

// alpha * acc + beta * C rounded as the CPU does it: two products and a sum, no fused multiply-add.
__device__ __forceinline__ void store_c(float* __restrict__ C, long long at, float alpha, float acc, float beta) {
    C[at] = __fadd_rn(__fmul_rn(alpha, acc), beta == 0.f ? 0.f : __fmul_rn(beta, C[at]));
}

// ---- v1: one thread per element ---------------------------------------------------------------

template <bool TA, bool TB>
__device__ __forceinline__ void v1(SGEMM_PARAMS) {
    long long mn = (long long)m * n;
    for (long long e = blockIdx.x * (long long)blockDim.x + threadIdx.x; e < mn; e += (long long)gridDim.x * blockDim.x) {
        int i = (int)(e / n), j = (int)(e % n);
        float acc = 0.f;
        for (int p = 0; p < k; p++) {
            float a = TA ? A[(long long)p * lda + i] : A[(long long)i * lda + p];
            float b = TB ? B[(long long)j * ldb + p] : B[(long long)p * ldb + j];
            acc = __fadd_rn(acc, __fmul_rn(a, b));
        }
        store_c(C, e, alpha, acc, beta);
    }
}
SGEMM_KERNELS(v1, 256, 1)

// ---- tiles through shared memory (v2, v3) --------------------------------------------------------

// A tile of an operand is R outer indices (rows of op(A), or columns of op(B)) by BK steps of k. Element
// (r, p) of the operand lies at X[r * ld + p] when K_CONTIGUOUS (A as stored, B transposed), else at
// X[p * ld + r]. Threads walk the contiguous index fastest so that a warp reads consecutive addresses.
// Each thread moves R * BK / THREADS elements: element q is number threadIdx.x + q * THREADS of the tile.
template <int R, int BK, int THREADS, bool K_CONTIGUOUS>
struct Tile {
    static_assert(R * BK % THREADS == 0, "the tile must split evenly over the threads");
    static constexpr int PER_THREAD = R * BK / THREADS;

    __device__ __forceinline__ static void coords(int q, int& r, int& p) {
        int l = threadIdx.x + q * THREADS;
        r = K_CONTIGUOUS ? l / BK : l % R;
        p = K_CONTIGUOUS ? l % BK : l / R;
    }

    // Global -> registers; zero outside the matrix (rows x k), so padded products add exactly 0.
    __device__ __forceinline__ static void fetch(const float* __restrict__ X, int ld, int rows, int k, int r0, int k0,
                                                 float (&reg)[PER_THREAD]) {
#pragma unroll
        for (int q = 0; q < PER_THREAD; q++) {
            int r, p;
            coords(q, r, p);
            int gr = r0 + r, gp = k0 + p;
            reg[q] = (gr < rows && gp < k) ? X[K_CONTIGUOUS ? (long long)gr * ld + gp : (long long)gp * ld + gr] : 0.f;
        }
    }

    // Registers -> shared s[p * STRIDE + r] (k-major, so a thread reads its outer indices as float4).
    template <int STRIDE>
    __device__ __forceinline__ static void store(const float (&reg)[PER_THREAD], float* s) {
#pragma unroll
        for (int q = 0; q < PER_THREAD; q++) {
            int r, p;
            coords(q, r, p);
            s[p * STRIDE + r] = reg[q];
        }
    }
};

// Row stride of the shared tiles: 4 floats of padding keeps float4 reads aligned and spreads the stores of
// k-contiguous operands over the banks.
constexpr int PAD = 4;

__device__ __forceinline__ float4 load4(const float* s) { return *reinterpret_cast<const float4*>(s); }

// ---- v2: 64x64 tile, 4x4 per thread, k step 16 --------------------------------------------------

// acc += the products over k in [kBegin, kEnd) of this thread's 4x4 elements of the 64x64 tile at (i0, j0).
template <bool TA, bool TB>
__device__ __forceinline__ void tile64_products(int m, int n, const float* __restrict__ A, int lda,
                                                const float* __restrict__ B, int ldb, int kBegin, int kEnd, int i0,
                                                int j0, float (&acc)[4][4]) {
    constexpr int BM = 64, BN = 64, BK = 16, T = 4, THREADS = 256, SA = BM + PAD, SB = BN + PAD;
    using TileA = Tile<BM, BK, THREADS, !TA>;
    using TileB = Tile<BN, BK, THREADS, TB>;
    __shared__ __align__(16) float As[BK * SA];
    __shared__ __align__(16) float Bs[BK * SB];
    int tx = threadIdx.x % (BN / T), ty = threadIdx.x / (BN / T);
    float ra[TileA::PER_THREAD], rb[TileB::PER_THREAD];
    for (int k0 = kBegin; k0 < kEnd; k0 += BK) {
        TileA::fetch(A, lda, m, kEnd, i0, k0, ra);
        TileB::fetch(B, ldb, n, kEnd, j0, k0, rb);
        TileA::template store<SA>(ra, As);
        TileB::template store<SB>(rb, Bs);
        __syncthreads();
#pragma unroll
        for (int p = 0; p < BK; p++) {
            float4 a4 = load4(&As[p * SA + ty * T]), b4 = load4(&Bs[p * SB + tx * T]);
            float a[T] = {a4.x, a4.y, a4.z, a4.w}, b[T] = {b4.x, b4.y, b4.z, b4.w};
#pragma unroll
            for (int i = 0; i < T; i++)
#pragma unroll
                for (int j = 0; j < T; j++) acc[i][j] = fmaf(a[i], b[j], acc[i][j]);
        }
        __syncthreads();
    }
}

// Writes this thread's elements of the 64x64 tile at (i0, j0) that lie inside C: alpha * acc + beta * C
// into C, or, where partial is not null, the plain sums into partial (laid out like C).
__device__ __forceinline__ void tile64_store(int m, int n, int i0, int j0, const float (&acc)[4][4], float alpha,
                                             float beta, float* __restrict__ C, float* __restrict__ partial) {
    int tx = threadIdx.x % 16, ty = threadIdx.x / 16;
#pragma unroll
    for (int i = 0; i < 4; i++) {
        int row = i0 + ty * 4 + i;
#pragma unroll
        for (int j = 0; j < 4; j++) {
            int col = j0 + tx * 4 + j;
            if (row >= m || col >= n) continue;
            long long at = (long long)row * n + col;
            if (partial) partial[at] = acc[i][j];
            else store_c(C, at, alpha, acc[i][j], beta);
        }
    }
}

template <bool TA, bool TB>
__device__ __forceinline__ void v2(SGEMM_PARAMS) {
    int tilesN = (n + 63) / 64;
    int i0 = (blockIdx.x / tilesN) * 64, j0 = (blockIdx.x % tilesN) * 64;
    float acc[4][4] = {};
    tile64_products<TA, TB>(m, n, A, lda, B, ldb, 0, k, i0, j0, acc);
    tile64_store(m, n, i0, j0, acc, alpha, beta, C, nullptr);
}
SGEMM_KERNELS(v2, 256, 3)

// ---- v3: 128x128 tile, 8x8 per thread, k step 8, double-buffered ----------------------------------

// Thread (tx, ty) owns rows ty*4 + {0..3} and 64 + ty*4 + {0..3} of the tile, and the same pattern of
// columns with tx: two float4 reads per operand and k-step, each conflict-free across a warp.
template <bool TA, bool TB>
__device__ __forceinline__ void v3(SGEMM_PARAMS) {
    constexpr int BM = 128, BN = 128, BK = 8, THREADS = 256, SA = BM + PAD, SB = BN + PAD;
    using TileA = Tile<BM, BK, THREADS, !TA>;
    using TileB = Tile<BN, BK, THREADS, TB>;
    __shared__ __align__(16) float As[2][BK * SA];
    __shared__ __align__(16) float Bs[2][BK * SB];
    int tilesN = (n + BN - 1) / BN;
    int i0 = (blockIdx.x / tilesN) * BM, j0 = (blockIdx.x % tilesN) * BN;
    int tx = threadIdx.x % 16, ty = threadIdx.x / 16;
    float acc[8][8] = {};
    float ra[TileA::PER_THREAD], rb[TileB::PER_THREAD];

    TileA::fetch(A, lda, m, k, i0, 0, ra);
    TileB::fetch(B, ldb, n, k, j0, 0, rb);
    TileA::template store<SA>(ra, As[0]);
    TileB::template store<SB>(rb, Bs[0]);
    __syncthreads();
    int cur = 0;
    for (int k0 = 0; k0 < k; k0 += BK) {
        bool more = k0 + BK < k;
        if (more) {
            TileA::fetch(A, lda, m, k, i0, k0 + BK, ra);
            TileB::fetch(B, ldb, n, k, j0, k0 + BK, rb);
        }
        const float* as = As[cur];
        const float* bs = Bs[cur];
#pragma unroll
        for (int p = 0; p < BK; p++) {
            float4 a0 = load4(&as[p * SA + ty * 4]), a1 = load4(&as[p * SA + 64 + ty * 4]);
            float4 b0 = load4(&bs[p * SB + tx * 4]), b1 = load4(&bs[p * SB + 64 + tx * 4]);
            float a[8] = {a0.x, a0.y, a0.z, a0.w, a1.x, a1.y, a1.z, a1.w};
            float b[8] = {b0.x, b0.y, b0.z, b0.w, b1.x, b1.y, b1.z, b1.w};
#pragma unroll
            for (int i = 0; i < 8; i++)
#pragma unroll
                for (int j = 0; j < 8; j++) acc[i][j] = fmaf(a[i], b[j], acc[i][j]);
        }
        // The other buffer was last read in the previous step, which every thread finished before the
        // barrier that ended it; one barrier per step suffices.
        if (more) {
            TileA::template store<SA>(ra, As[cur ^ 1]);
            TileB::template store<SB>(rb, Bs[cur ^ 1]);
        }
        __syncthreads();
        cur ^= 1;
    }
#pragma unroll
    for (int i = 0; i < 8; i++) {
        int row = i0 + (i < 4 ? 0 : 64) + ty * 4 + i % 4;
#pragma unroll
        for (int j = 0; j < 8; j++) {
            int col = j0 + (j < 4 ? 0 : 64) + tx * 4 + j % 4;
            if (row < m && col < n) store_c(C, (long long)row * n + col, alpha, acc[i][j], beta);
        }
    }
}
SGEMM_KERNELS(v3, 256, 2)

// ---- v4: v2's tiles with k split over gridDim.y ----------------------------------------------------

// When C has too few tiles to fill the GPU (small batches, weight gradients with a long k), split s =
// blockIdx.y of gridDim.y sums k in [s * chunk, (s + 1) * chunk) into its slice of partials (splits x m x n),
// and sgemm_v4_sum adds the slices in order. With one split it writes C directly, as v2 does.
template <bool TA, bool TB>
__device__ __forceinline__ void v4(SGEMM_PARAMS, int chunk, float* __restrict__ partials) {
    int tilesN = (n + 63) / 64;
    int i0 = (blockIdx.x / tilesN) * 64, j0 = (blockIdx.x % tilesN) * 64;
    int kBegin = blockIdx.y * chunk, kEnd = min(k, kBegin + chunk);
    float acc[4][4] = {};
    tile64_products<TA, TB>(m, n, A, lda, B, ldb, kBegin, kEnd, i0, j0, acc);
    tile64_store(m, n, i0, j0, acc, alpha, beta, C, gridDim.y == 1 ? nullptr : partials + blockIdx.y * (long long)m * n);
}
#define SPLIT_PARAMS SGEMM_PARAMS, int chunk, float* __restrict__ partials
#define SPLIT_ARGS SGEMM_ARGS, chunk, partials
extern "C" __global__ void __launch_bounds__(256, 3) sgemm_v4_nn(SPLIT_PARAMS) { v4<false, false>(SPLIT_ARGS); }
extern "C" __global__ void __launch_bounds__(256, 3) sgemm_v4_nt(SPLIT_PARAMS) { v4<false, true>(SPLIT_ARGS); }
extern "C" __global__ void __launch_bounds__(256, 3) sgemm_v4_tn(SPLIT_PARAMS) { v4<true, false>(SPLIT_ARGS); }
extern "C" __global__ void __launch_bounds__(256, 3) sgemm_v4_tt(SPLIT_PARAMS) { v4<true, true>(SPLIT_ARGS); }

// C = alpha * (slice 0 + slice 1 + ... + slice splits-1, added in that order) + beta * C; 1-D grid-stride.
extern "C" __global__ void sgemm_v4_sum(int m, int n, int splits, float alpha, const float* __restrict__ partials,
                                        float beta, float* __restrict__ C) {
    long long mn = (long long)m * n;
    for (long long e = blockIdx.x * (long long)blockDim.x + threadIdx.x; e < mn; e += (long long)gridDim.x * blockDim.x) {
        float acc = partials[e];
        for (int s = 1; s < splits; s++) acc += partials[s * mn + e];
        store_c(C, e, alpha, acc, beta);
    }
}
