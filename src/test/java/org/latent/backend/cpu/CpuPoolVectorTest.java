package org.latent.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.latent.backend.PoolGeometry;
import org.latent.tensor.Tensor;

/**
 * The 2 x 2 stride-2 max pool's vector path ({@link CpuPoolVector}, where the Vector API runs) and
 * its scalar path against the rule of {@link CpuPool2x2Test}: widths below, at and above one and two
 * vectors (16 or 8 lanes; run by hand under -Dlatent.cpu.gemm=v1 for 8), odd and even heights, x and
 * dy ending their arrays (the last loads fall back to the scalar code), NaNs of several payloads, ±0,
 * infinities and ties, garbage in dx, -0 and a NaN in dy. Each range of planes is run alone, as a thread
 * would, and nothing outside its planes of y and dx may change.
 */
class CpuPoolVectorTest {
    private static final float GARBAGE = 42f;

    @Test
    void vectorAndScalarPathsGiveTheRulesBitsWithinTheirPlanes() {
        CpuBackend b = new CpuBackend();
        Random r = new Random(7);
        boolean[] paths = CpuGemm.VECTOR ? new boolean[] {false, true} : new boolean[] {false};
        for (int w : new int[] {2, 3, 4, 5, 7, 16, 17, 26, 31, 32, 33, 34}) {
            for (int h : new int[] {2, 3, 4, 5, 26}) {
                for (int pad : new int[] {0, 3}) {
                    int planes = 3, size = planes * h * w;
                    PoolGeometry g = new PoolGeometry(1, planes, h, w, 2, 2, 2, 2);
                    int oh = g.outH(), ow = g.outW(), outSize = planes * oh * ow;
                    float[] x = new float[size], dy = new float[outSize];
                    for (int i = 0; i < size; i++) x[i] = value(r, i / (h * w));
                    for (int i = 0; i < outSize; i++) dy[i] = i % 4 == 0 ? -0f : i % 7 == 0 ? Float.intBitsToFloat(0xffc00456) : (float) r.nextGaussian();
                    float[] wantY = new float[outSize], wantDx = new float[size];
                    expected(x, dy, planes, h, w, wantY, wantDx);
                    // x and dy end their arrays; y and dx have room on both sides to show stray writes
                    CpuTensor xt = at(b, x, pad, 0, 1, planes, h, w), dyt = at(b, dy, pad, 0, 1, planes, oh, ow);
                    for (boolean vector : paths) {
                        for (int[] range : new int[][] {{0, planes}, {0, 1}, {1, 3}, {2, 3}}) {
                            String where = (vector ? "vector" : "scalar") + " " + h + "x" + w + " pad " + pad
                                    + " planes " + range[0] + ".." + range[1];
                            CpuTensor yt = at(b, garbage(outSize), pad, pad + 5, 1, planes, oh, ow);
                            CpuTensor dxt = at(b, garbage(size), pad, pad + 5, 1, planes, h, w);
                            CpuPool.maxForward2x2(xt, yt, g, range[0], range[1], vector);
                            CpuPool.maxBackward2x2(xt, dyt, dxt, g, range[0], range[1], vector);
                            check(wantY, yt, oh * ow, range, "y " + where);
                            check(wantDx, dxt, h * w, range, "dx " + where);
                        }
                    }
                }
            }
        }
    }

    /**
     * Plane 0: signed zeros, ties and Gaussians (the vector path's NaN-free blocks); plane 1 adds
     * infinities; the others add NaNs of two payloads, one negative.
     */
    private static float value(Random r, int plane) {
        return switch (r.nextInt(plane == 0 ? 6 : plane == 1 ? 8 : 12)) {
            case 0, 1 -> 1f;
            case 2 -> 0f;
            case 3 -> -0f;
            case 6 -> Float.POSITIVE_INFINITY;
            case 7 -> Float.NEGATIVE_INFINITY;
            case 8 -> Float.NaN;
            case 9 -> Float.intBitsToFloat(0xffc00123);
            default -> (float) r.nextGaussian();
        };
    }

    /** E5's two pool shapes again and again, so that C2's code for the vector path is checked too, not only the interpreter's. */
    @Test
    void theCompiledVectorPathKeepsTheBits() {
        if (!CpuGemm.VECTOR) return;
        CpuBackend b = new CpuBackend();
        Random r = new Random(9);
        for (int s : new int[] {26, 11}) {
            int planes = 64, size = planes * s * s, o = s / 2, outSize = planes * o * o;
            PoolGeometry g = new PoolGeometry(1, planes, s, s, 2, 2, 2, 2);
            float[] x = new float[size], dy = new float[outSize], wantY = new float[outSize], wantDx = new float[size];
            for (int i = 0; i < size; i++) x[i] = value(r, i / (s * s) % 3);
            for (int i = 0; i < outSize; i++) dy[i] = i % 4 == 0 ? -0f : i % 7 == 0 ? Float.intBitsToFloat(0xffc00456) : (float) r.nextGaussian();
            expected(x, dy, planes, s, s, wantY, wantDx);
            CpuTensor xt = at(b, x, 0, 0, 1, planes, s, s), dyt = at(b, dy, 0, 0, 1, planes, o, o);
            CpuTensor yt = at(b, garbage(outSize), 0, 0, 1, planes, o, o), dxt = at(b, garbage(size), 0, 0, 1, planes, s, s);
            for (int rep = 0; rep < 300; rep++) {
                CpuPool.maxForward2x2(xt, yt, g, 0, planes, true);
                CpuPool.maxBackward2x2(xt, dyt, dxt, g, 0, planes, true);
                if (rep % 50 == 49) {
                    check(wantY, yt, o * o, new int[] {0, planes}, "y " + s + "x" + s + " call " + rep);
                    check(wantDx, dxt, s * s, new int[] {0, planes}, "dx " + s + "x" + s + " call " + rep);
                }
            }
        }
    }

    /** The rule written out: first largest of each window in row-major order, a NaN above any number; dx = 0 + dy there. */
    static void expected(float[] x, float[] dy, int planes, int h, int w, float[] y, float[] dx) {
        int oh = h / 2, ow = w / 2;
        for (int p = 0; p < planes; p++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int best = -1;
                    float max = 0;
                    for (int ky = 0; ky < 2; ky++) {
                        for (int kx = 0; kx < 2; kx++) {
                            int at = p * h * w + (2 * oy + ky) * w + 2 * ox + kx;
                            float v = x[at];
                            if (best < 0 || v > max || (Float.isNaN(v) && !Float.isNaN(max))) {
                                best = at;
                                max = v;
                            }
                        }
                    }
                    int o = p * oh * ow + oy * ow + ox;
                    y[o] = max;
                    dx[best] = 0f + dy[o];
                }
            }
        }
    }

    private static float[] garbage(int size) {
        float[] a = new float[size];
        Arrays.fill(a, GARBAGE);
        return a;
    }

    /** values as a [n, c, h, w] view with before floats in front of it and after floats behind it, the rest GARBAGE. */
    private static CpuTensor at(CpuBackend b, float[] values, int before, int after, int... shape) {
        float[] all = garbage(before + values.length + after);
        System.arraycopy(values, 0, all, before, values.length);
        Tensor t = b.upload(all, all.length);
        return ((CpuTensor) t).view(before, shape);
    }

    /** Planes [range[0], range[1]) of t hold want's bits, every other element of t's array still GARBAGE. */
    private static void check(float[] want, CpuTensor t, int plane, int[] range, String what) {
        for (int i = 0; i < t.data.length; i++) {
            int k = i - t.offset;
            boolean mine = k >= range[0] * plane && k < range[1] * plane;
            int bits = Float.floatToRawIntBits(mine ? want[k] : GARBAGE);
            assertEquals(bits, Float.floatToRawIntBits(t.data[i]), what + " at " + k);
        }
    }
}
