package org.latent.backend.cpu;

/**
 * Optimizer steps over the flat parameter buffer on the CPU, elementwise and split over threads.
 * All per-element arithmetic is float with one rounding per operation, in the order written.
 * Each new state value whose magnitude is below {@link Float#MIN_NORMAL} is flushed to zero before
 * it is stored and used (DESIGN.md principle 6), the same rule as the CUDA kernels, so Adam's
 * decaying moments never make the CPU run on subnormals.
 */
final class CpuOptimizer {
    private CpuOptimizer() {}

    private static float flush(float s) {
        return Math.abs(s) < Float.MIN_NORMAL ? 0f : s;
    }

    /**
     * v = momentum * v - lr * g; then p += v, or with Nesterov p += momentum * v - lr * g (using
     * the new v). Momentum 0 is plain SGD.
     */
    static void sgd(CpuTensor p, CpuTensor g, CpuTensor velocity, float lr, float momentum, boolean nesterov) {
        float[] pd = p.data, gd = g.data, vd = velocity.data;
        int po = p.offset, go = g.offset, vo = velocity.offset;
        CpuThreads.parallelFor(p.size(), 4, (start, end) -> {
            for (int i = start; i < end; i++) {
                float gi = gd[go + i];
                float v = flush(momentum * vd[vo + i] - lr * gi);
                vd[vo + i] = v;
                pd[po + i] += nesterov ? momentum * v - lr * gi : v;
            }
        });
    }

    /**
     * Adam in PyTorch's form: m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
     * p -= stepSize * m / (sqrt(v) / sqrt(bc2) + eps) with bc_k = 1 - b_k^step and
     * stepSize = lr / bc1, both scalars computed in double once and rounded to float. This equals
     * p -= lr * mhat / (sqrt(vhat) + eps) with mhat = m / bc1, vhat = v / bc2. With the Vector API
     * module, {@link CpuOptimizerVector} runs the same operations lane by lane (the same bits).
     */
    static void adam(CpuTensor p, CpuTensor g, CpuTensor m, CpuTensor v, float lr, float beta1, float beta2, float eps,
                     long step) {
        double bc1 = 1 - Math.pow(beta1, step), bc2 = 1 - Math.pow(beta2, step);
        float stepSize = (float) (lr / bc1), sqrtBc2 = (float) Math.sqrt(bc2);
        float c1 = 1f - beta1, c2 = 1f - beta2;
        float[] pd = p.data, gd = g.data, md = m.data, vd = v.data;
        int po = p.offset, go = g.offset, mo = m.offset, vo = v.offset;
        CpuThreads.parallelFor(p.size(), 10, (start, end) -> {
            if (CpuGemm.VECTOR) {
                CpuOptimizerVector.adamRange(pd, po, gd, go, md, mo, vd, vo, start, end, beta1, beta2, c1, c2, stepSize, sqrtBc2, eps);
            } else {
                adamRange(pd, po, gd, go, md, mo, vd, vo, start, end, beta1, beta2, c1, c2, stepSize, sqrtBc2, eps);
            }
        });
    }

    /** Elements [start, end) of Adam's step, one at a time. */
    static void adamRange(float[] pd, int po, float[] gd, int go, float[] md, int mo, float[] vd, int vo, int start, int end,
                          float beta1, float beta2, float c1, float c2, float stepSize, float sqrtBc2, float eps) {
        for (int i = start; i < end; i++) {
            float gi = gd[go + i];
            float mi = flush(beta1 * md[mo + i] + c1 * gi);
            float vi = flush(beta2 * vd[vo + i] + c2 * (gi * gi));
            md[mo + i] = mi;
            vd[vo + i] = vi;
            pd[po + i] -= stepSize * mi / ((float) Math.sqrt(vi) / sqrtBc2 + eps);
        }
    }

    /**
     * Global-norm clipping: the squares summed in double in index order, total = sqrt(sum), coef =
     * maxNorm / (total + 1e-6); when coef < 1, g *= (float) coef. info = {(float) total, factor}.
     */
    static void clipByGlobalNorm(CpuTensor g, float maxNorm, CpuTensor info) {
        float[] gd = g.data;
        int go = g.offset, n = g.size();
        double s = 0;
        for (int i = 0; i < n; i++) {
            double x = gd[go + i];
            s += x * x;
        }
        double total = Math.sqrt(s), coef = maxNorm / (total + 1e-6);
        float factor = coef < 1 ? (float) coef : 1f;
        if (coef < 1) {
            CpuThreads.parallelFor(n, 2, (start, end) -> {
                for (int i = start; i < end; i++) gd[go + i] *= factor;
            });
        }
        info.data[info.offset] = (float) total;
        info.data[info.offset + 1] = factor;
    }

    /** sq = rho * sq + (1 - rho) * g^2; p -= lr * g / (sqrt(sq) + eps). */
    static void rmsprop(CpuTensor p, CpuTensor g, CpuTensor sq, float lr, float rho, float eps) {
        float c = 1f - rho;
        float[] pd = p.data, gd = g.data, sd = sq.data;
        int po = p.offset, go = g.offset, so = sq.offset;
        CpuThreads.parallelFor(p.size(), 8, (start, end) -> {
            for (int i = start; i < end; i++) {
                float gi = gd[go + i];
                float s = flush(rho * sd[so + i] + c * (gi * gi));
                sd[so + i] = s;
                pd[po + i] -= lr * gi / ((float) Math.sqrt(s) + eps);
            }
        });
    }
}
