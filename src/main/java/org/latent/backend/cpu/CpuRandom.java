package org.latent.backend.cpu;

import org.latent.rng.Philox;
import org.latent.rng.RandomKey;

/**
 * Philox4x32-10 fills on the CPU, addressed as documented in {@link Philox}: element i of the
 * tensor is element i of the fill, so the result does not depend on how the work is split.
 * Arithmetic after the conversion to [0, 1) or N(0, 1) is float with one rounding per operation
 * (no fused multiply-add), which the CUDA kernels reproduce with __fmul_rn / __fadd_rn.
 */
final class CpuRandom {
    private CpuRandom() {}

    /** Receives the words of one block and the elements [first, first + count) they cover (count ≤ 4). */
    interface BlockBody {
        void run(int[] words, int first, int count);
    }

    /** Calls body for every block covering [0, n), blocks split over threads. */
    static void forEachBlock(int n, RandomKey key, long costPerBlock, BlockBody body) {
        int blocks = (int) ((n + 3L) / 4);
        CpuThreads.parallelFor(blocks, costPerBlock, (start, end) -> {
            int[] words = new int[4];
            for (int b = start; b < end; b++) {
                Philox.block(key, b, words);
                int first = 4 * b;
                body.run(words, first, Math.min(4, n - first));
            }
        });
    }

    /** Receives the words of elements [first, first + count): element first + k has words[k]. */
    interface WordsBody {
        void run(int[] words, int first, int count);
    }

    /** Blocks drawn at a time by {@link #forEachChunk}. */
    private static final int CHUNK_BLOCKS = 64;
    private static final ThreadLocal<int[]> CHUNK = ThreadLocal.withInitial(() -> new int[4 * CHUNK_BLOCKS]);

    /**
     * Calls body for consecutive runs of up to 256 elements covering [0, n), their words drawn
     * several blocks per vector with the Vector API module ({@link CpuPhiloxVector}, the same words)
     * or block by block without it; runs split over threads as {@link #forEachBlock} splits blocks.
     */
    static void forEachChunk(int n, RandomKey key, long costPerBlock, WordsBody body) {
        int blocks = (int) ((n + 3L) / 4);
        CpuThreads.parallelFor(blocks, costPerBlock, (start, end) -> {
            int[] words = CHUNK.get(), one = new int[4];
            for (int b = start; b < end; b += CHUNK_BLOCKS) {
                int count = Math.min(CHUNK_BLOCKS, end - b);
                int done = CpuGemm.VECTOR ? CpuPhiloxVector.blocks(key, b, count, words) : 0;
                for (int j = done; j < count; j++) {
                    Philox.block(key, b + j, one);
                    System.arraycopy(one, 0, words, 4 * j, 4);
                }
                int first = 4 * b;
                body.run(words, first, Math.min(4 * count, n - first));
            }
        });
    }

    /** y = lo + (hi - lo) * u. */
    static void uniform(CpuTensor t, float lo, float hi, RandomKey key) {
        float[] d = t.data;
        int off = t.offset;
        float range = hi - lo;
        forEachChunk(t.size(), key, 60, (w, first, count) -> {
            for (int k = 0; k < count; k++) d[off + first + k] = lo + range * Philox.uniform(w[k]);
        });
    }

    /** y = mean + std * n. */
    static void normal(CpuTensor t, float mean, float std, RandomKey key) {
        float[] d = t.data;
        int off = t.offset;
        forEachBlock(t.size(), key, 400, (w, first, count) -> {
            int at = off + first;
            Philox.normals(w, d, at, count);
            for (int k = at; k < at + count; k++) d[k] = mean + std * d[k];
        });
    }

    /** y = 1 if u < p else 0. */
    static void bernoulli(CpuTensor t, float p, RandomKey key) {
        float[] d = t.data;
        int off = t.offset;
        forEachChunk(t.size(), key, 60, (w, first, count) -> {
            for (int k = 0; k < count; k++) d[off + first + k] = Philox.uniform(w[k]) < p ? 1f : 0f;
        });
    }
}
