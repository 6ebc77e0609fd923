package org.latent.backend.cpu;

import org.latent.rng.Philox;
import org.latent.rng.RandomKey;

/**
 * Image augmentation on the CPU (twin of kernels/augment.cu): a random horizontal flip and a random
 * crop with zero padding per NCHW image, the draws of image i from Philox block counter + i
 * (see {@code Backend.augmentImages}). Images are split over threads; each writes only its own.
 */
final class CpuAugment {
    private CpuAugment() {}

    static void augment(CpuTensor src, CpuTensor dst, RandomKey key, boolean flip, int pad) {
        int n = src.dim(0), c = src.dim(1), h = src.dim(2), w = src.dim(3);
        int image = c * h * w;
        float[] s = src.data, d = dst.data;
        int so = src.offset, dO = dst.offset;
        CpuThreads.parallelFor(n, image, (start, end) -> {
            int[] words = new int[4];
            for (int i = start; i < end; i++) {
                Philox.block(key, i, words);
                boolean flipped = flip && words[0] >>> 31 == 0;
                int ox = offset(words[1], pad) - pad, oy = offset(words[2], pad) - pad;
                int base = i * image;
                for (int ch = 0; ch < c; ch++) {
                    int plane = base + ch * h * w;
                    for (int y = 0; y < h; y++) {
                        int sy = y + oy, out = dO + plane + y * w;
                        if (sy < 0 || sy >= h) {
                            java.util.Arrays.fill(d, out, out + w, 0f);
                            continue;
                        }
                        int row = so + plane + sy * w;
                        for (int x = 0; x < w; x++) {
                            int sx = (flipped ? w - 1 - x : x) + ox;
                            d[out + x] = sx >= 0 && sx < w ? s[row + sx] : 0f;
                        }
                    }
                }
            }
        });
    }

    /** floor(u * (2P + 1)) for the word's uniform u = (word >>> 8) / 2^24, in integers: in [0, 2P]. */
    static int offset(int word, int pad) {
        if (pad == 0) return 0;
        return (int) (((word >>> 8) * (2L * pad + 1)) >>> 24);
    }
}
