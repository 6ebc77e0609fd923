package org.latent.backend.cpu;

import java.util.Arrays;
import org.latent.backend.PoolGeometry;

/**
 * Max pooling and nearest-neighbour upsampling on the CPU, one (example, channel) plane per task.
 * The maximum of a window is its first largest element in row-major order; a NaN counts as
 * larger than any number (the first NaN wins), so that a diverging run shows up in the output.
 */
final class CpuPool {
    private CpuPool() {}

    static void maxForward(CpuTensor x, CpuTensor y, PoolGeometry g) {
        int outH = g.outH(), outW = g.outW(), inPlane = g.h() * g.w(), outPlane = outH * outW;
        if (twoByTwo(g)) {
            CpuThreads.parallelFor(g.n() * g.c(), 4L * outPlane, (p0, p1) -> maxForward2x2(x, y, g, p0, p1, CpuGemm.VECTOR));
            return;
        }
        CpuThreads.parallelFor(g.n() * g.c(), (long) outPlane * g.kh() * g.kw(), (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int in = x.offset + p * inPlane, out = y.offset + p * outPlane;
                for (int oy = 0; oy < outH; oy++) {
                    for (int ox = 0; ox < outW; ox++) {
                        y.data[out + oy * outW + ox] = x.data[argmax(x.data, in, g, oy, ox)];
                    }
                }
            }
        });
    }

    /** dx = 0, then each window's dy goes to its maximum (windows that overlap add up). */
    static void maxBackward(CpuTensor x, CpuTensor y, CpuTensor dy, CpuTensor dx, PoolGeometry g) {
        int outH = g.outH(), outW = g.outW(), inPlane = g.h() * g.w(), outPlane = outH * outW;
        if (twoByTwo(g)) {
            CpuThreads.parallelFor(g.n() * g.c(), 4L * outPlane, (p0, p1) -> maxBackward2x2(x, dy, dx, g, p0, p1, CpuGemm.VECTOR));
            return;
        }
        CpuThreads.parallelFor(g.n() * g.c(), (long) outPlane * g.kh() * g.kw(), (p0, p1) -> {
            Arrays.fill(dx.data, dx.offset + p0 * inPlane, dx.offset + p1 * inPlane, 0f);
            for (int p = p0; p < p1; p++) {
                int in = x.offset + p * inPlane, out = dy.offset + p * outPlane;
                for (int oy = 0; oy < outH; oy++) {
                    for (int ox = 0; ox < outW; ox++) {
                        int at = argmax(x.data, in, g, oy, ox) - x.offset + dx.offset;
                        dx.data[at] += dy.data[out + oy * outW + ox];
                    }
                }
            }
        });
    }

    /** Whether a and b share no element (the vector path writes some outputs before it has read all of its inputs). */
    private static boolean apart(CpuTensor a, CpuTensor b) {
        return a.data != b.data || a.offset + a.size() <= b.offset || b.offset + b.size() <= a.offset;
    }

    /** 2 x 2 windows moved by 2 (the usual pooling): windows that never overlap, read without loops. */
    private static boolean twoByTwo(PoolGeometry g) {
        return g.kh() == 2 && g.kw() == 2 && g.strideH() == 2 && g.strideW() == 2;
    }

    /**
     * Planes [p0, p1) of the 2 x 2 forward pass, with {@link CpuPoolVector} if vector (only where
     * {@link CpuGemm#VECTOR}) and y shares no element with x.
     */
    static void maxForward2x2(CpuTensor x, CpuTensor y, PoolGeometry g, int p0, int p1, boolean vector) {
        int h = g.h(), w = g.w(), outH = g.outH(), outW = g.outW(), inPlane = h * w, outPlane = outH * outW;
        if (vector && apart(y, x)) {
            CpuPoolVector.maxForward2x2(x.data, x.offset, y.data, y.offset, h, w, p0, p1);
            return;
        }
        for (int p = p0; p < p1; p++) {
            for (int oy = 0; oy < outH; oy++) {
                int row = x.offset + p * inPlane + 2 * oy * w, out = y.offset + p * outPlane + oy * outW;
                for (int ox = 0; ox < outW; ox++) y.data[out + ox] = x.data[argmax2x2(x.data, row + 2 * ox, w)];
            }
        }
    }

    /** {@link #argmax} of the 2 x 2 window whose top left is x[at], in a plane of row length w. */
    static int argmax2x2(float[] x, int at, int w) {
        int best = at;
        float max = x[at];
        float v = x[at + 1];
        if (v > max || (v != v && max == max)) {
            max = v;
            best = at + 1;
        }
        v = x[at + w];
        if (v > max || (v != v && max == max)) {
            max = v;
            best = at + w;
        }
        v = x[at + w + 1];
        if (v > max || (v != v && max == max)) best = at + w + 1;
        return best;
    }

    /**
     * Planes [p0, p1) of the 2 x 2 backward pass: the windows do not overlap, so each element of dx
     * is written once, 0 + dy at its window's maximum (the sum onto zero that the general loop makes,
     * which turns a -0 into +0), 0 elsewhere and in the rows and columns no window covers. With
     * {@link CpuPoolVector} if vector (only where {@link CpuGemm#VECTOR}) and dx shares no element with x or dy.
     */
    static void maxBackward2x2(CpuTensor x, CpuTensor dy, CpuTensor dx, PoolGeometry g, int p0, int p1, boolean vector) {
        int h = g.h(), w = g.w(), outH = g.outH(), outW = g.outW(), inPlane = h * w, outPlane = outH * outW;
        if (vector && apart(dx, x) && apart(dx, dy)) {
            CpuPoolVector.maxBackward2x2(x.data, x.offset, dy.data, dy.offset, dx.data, dx.offset, h, w, p0, p1);
            return;
        }
        float[] xd = x.data, dyd = dy.data, dxd = dx.data;
        int shift = dx.offset - x.offset;
        for (int p = p0; p < p1; p++) {
            int plane = x.offset + p * inPlane;
            for (int oy = 0; oy < outH; oy++) {
                int row = plane + 2 * oy * w, grads = dy.offset + p * outPlane + oy * outW;
                for (int ox = 0; ox < outW; ox++) {
                    int at = row + 2 * ox, best = argmax2x2(xd, at, w);
                    float d = 0f + dyd[grads + ox];
                    dxd[shift + at] = best == at ? d : 0f;
                    dxd[shift + at + 1] = best == at + 1 ? d : 0f;
                    dxd[shift + at + w] = best == at + w ? d : 0f;
                    dxd[shift + at + w + 1] = best == at + w + 1 ? d : 0f;
                }
                if (2 * outW < w) {
                    dxd[shift + row + w - 1] = 0f;
                    dxd[shift + row + 2 * w - 1] = 0f;
                }
            }
            if (2 * outH < h) java.util.Arrays.fill(dxd, shift + plane + (h - 1) * w, shift + plane + h * w, 0f);
        }
    }

    /** The index in x of the maximum of window (oy, ox) of the plane starting at x[plane]. */
    private static int argmax(float[] x, int plane, PoolGeometry g, int oy, int ox) {
        int first = plane + oy * g.strideH() * g.w() + ox * g.strideW(), best = first;
        float max = x[first];
        for (int ky = 0; ky < g.kh(); ky++) {
            for (int kx = 0, at = first + ky * g.w(); kx < g.kw(); kx++, at++) {
                float v = x[at];
                if (v > max || (v != v && max == max)) {
                    max = v;
                    best = at;
                }
            }
        }
        return best;
    }

    static void upsampleForward(CpuTensor x, CpuTensor y, int sh, int sw) {
        int h = x.dim(2), w = x.dim(3), bigW = w * sw;
        CpuThreads.parallelFor(x.dim(0) * x.dim(1), (long) h * w * sh * sw, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                for (int i = 0; i < h; i++) {
                    int src = x.offset + (p * h + i) * w, dst = y.offset + (p * h + i) * sh * bigW;
                    for (int j = 0; j < bigW; j++) y.data[dst + j] = x.data[src + j / sw];
                    for (int a = 1; a < sh; a++) System.arraycopy(y.data, dst, y.data, dst + a * bigW, bigW);
                }
            }
        });
    }

    /** dx[i, j] = the sum of dy over the sh x sw block that x[i, j] was copied to, in row-major order. */
    static void upsampleBackward(CpuTensor dy, CpuTensor dx, int sh, int sw) {
        int h = dx.dim(2), w = dx.dim(3), bigW = w * sw;
        CpuThreads.parallelFor(dx.dim(0) * dx.dim(1), (long) h * w * sh * sw, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                for (int i = 0; i < h; i++) {
                    int block = dy.offset + (p * h + i) * sh * bigW;
                    for (int j = 0; j < w; j++) {
                        float sum = 0f;
                        for (int a = 0; a < sh; a++) {
                            for (int b = 0, at = block + a * bigW + j * sw; b < sw; b++) sum += dy.data[at + b];
                        }
                        dx.data[dx.offset + (p * h + i) * w + j] = sum;
                    }
                }
            }
        });
    }
}
