package org.latent.backend.cpu;

/** Elementwise ops and reductions on the CPU. */
final class CpuElementwise {
    private CpuElementwise() {}

    static void axpy(float alpha, CpuTensor x, CpuTensor y) {
        float[] xd = x.data, yd = y.data;
        int xo = x.offset, yo = y.offset;
        CpuThreads.parallelFor(x.size(), 1, (s, e) -> {
            for (int i = s; i < e; i++) yd[yo + i] += alpha * xd[xo + i];
        });
    }

    static void scale(CpuTensor x, float alpha) {
        float[] d = x.data;
        int o = x.offset;
        CpuThreads.parallelFor(x.size(), 1, (s, e) -> {
            for (int i = s; i < e; i++) d[o + i] *= alpha;
        });
    }

    static void clamp(CpuTensor x, float lo, float hi) {
        float[] d = x.data;
        int o = x.offset;
        for (int i = 0; i < x.size(); i++) d[o + i] = Math.min(Math.max(d[o + i], lo), hi);
    }

    static double sum(CpuTensor x) {
        double s = 0;
        for (int i = 0; i < x.size(); i++) s += x.data[x.offset + i];
        return s;
    }

    static void gatherRows(CpuTensor src, CpuTensor indices, int offset, CpuTensor dst) {
        int cols = dst.cols(), rows = src.rows();
        for (int i = 0; i < dst.rows(); i++) {
            float f = indices.data[indices.offset + offset + i];
            int r = (int) f;
            if (r != f || r < 0 || r >= rows) {
                throw new IllegalArgumentException("gatherRows: index " + f + " at position " + (offset + i)
                        + " is not a row of src (0.." + (rows - 1) + ")");
            }
        }
        CpuThreads.parallelFor(dst.rows(), cols, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                int r = (int) indices.data[indices.offset + offset + i];
                System.arraycopy(src.data, src.offset + r * cols, dst.data, dst.offset + i * cols, cols);
            }
        });
    }
}
