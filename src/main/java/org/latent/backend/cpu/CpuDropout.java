package org.latent.backend.cpu;

import org.latent.rng.Philox;
import org.latent.rng.RandomKey;

/**
 * Inverted dropout on the CPU. Element i keeps its value, scaled by {@code 1f / (1f - rate)}
 * (computed once in float), when the Philox uniform of element i (see {@link Philox}) is
 * {@code >= rate}, and is zeroed otherwise; rate 0 keeps everything with scale 1.
 */
final class CpuDropout {
    private CpuDropout() {}

    /** mask_i = (u_i >= rate) ? 1 / (1 - rate) : 0; y = x * mask. y may be x. */
    static void forward(CpuTensor x, float rate, RandomKey key, CpuTensor mask, CpuTensor y) {
        float keep = 1f / (1f - rate);
        float[] xd = x.data, md = mask.data, yd = y.data;
        int xo = x.offset, mo = mask.offset, yo = y.offset;
        CpuRandom.forEachChunk(x.size(), key, 80, (w, first, count) -> {
            if (CpuGemm.VECTOR) {
                CpuDropoutVector.run(w, rate, keep, xd, xo + first, md, mo + first, yd, yo + first, count);
                return;
            }
            for (int k = 0; k < count; k++) {
                float m = Philox.uniform(w[k]) >= rate ? keep : 0f;
                md[mo + first + k] = m;
                yd[yo + first + k] = xd[xo + first + k] * m;
            }
        });
    }

    /** dx = dy * mask. dx may be dy. */
    static void backward(CpuTensor dy, CpuTensor mask, CpuTensor dx) {
        float[] gd = dy.data, md = mask.data, xd = dx.data;
        int go = dy.offset, mo = mask.offset, xo = dx.offset;
        CpuThreads.parallelFor(dy.size(), 1, (start, end) -> {
            for (int i = start; i < end; i++) xd[xo + i] = gd[go + i] * md[mo + i];
        });
    }
}
