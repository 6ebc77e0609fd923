package org.latent.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link CpuPool}'s 2 x 2 stride-2 max pool with the Vector API. A block of lanes starting at an even
 * column j of a row pair loads a = row0[j..], b = row0[j + 1..], c = row1[j..], d = row1[j + 1..]: in
 * the even lanes these are the windows' four elements, and the scalar rule's three replacements
 * (v > max, or v is NaN and max is not) run as compares and blends, so the same choice and bits
 * (CpuPoolVectorTest). Loaded only when the module is in the boot layer ({@link CpuGemm#VECTOR}).
 */
final class CpuPoolVector {
    private CpuPoolVector() {}

    private static final VectorSpecies<Float> S = CpuGemmVector.S;
    private static final int L = S.length();
    private static final VectorSpecies<Integer> I = S.withLanes(int.class);
    /**
     * Lane i takes lane i & ~1 (a window's choice to both its columns), lane i >> 1 (dy to its
     * window's two columns), lane 2 i (the windows' maxima, packed, for i < L / 2).
     */
    private static final VectorShuffle<Integer> PAIRS = VectorShuffle.fromOp(I, i -> i & ~1), HALF = VectorShuffle.fromOp(I, i -> i >> 1),
            EVENS = VectorShuffle.fromOp(I, i -> 2 * i % L);
    /** The position in its window of a lane's element on the top row (0, 1, 0, 1, ...) and on the bottom row (2, 3, ...). */
    private static final FloatVector TOP = FloatVector.fromArray(S, positions(0), 0), BOTTOM = FloatVector.fromArray(S, positions(2), 0);

    private static float[] positions(int first) {
        float[] p = new float[L];
        for (int i = 0; i < L; i++) p[i] = first + (i & 1);
        return p;
    }

    /** v's lanes moved by s, as ints: the Java code that moves float lanes until C2 compiles it makes every NaN the canonical one. */
    private static FloatVector move(FloatVector v, VectorShuffle<Integer> s) {
        return v.reinterpretAsInts().rearrange(s).reinterpretAsFloats();
    }

    /** Whether v replaces max: the scalar rule v > max || (v != v && max == max), lane by lane. */
    private static VectorMask<Float> replaces(FloatVector v, FloatVector max) {
        return v.compare(VectorOperators.GT, max).or(v.compare(VectorOperators.NE, v).andNot(max.compare(VectorOperators.NE, max)));
    }

    /**
     * Planes [p0, p1) of y = max over 2 x 2 windows, planes of h x w at x[xo], of (h / 2) x (w / 2) at
     * y[yo]. A block's maxima are stored as L floats, of which only the first up to L / 2 are its own:
     * the others land on later outputs of this thread's planes, which are written after them.
     */
    static void maxForward2x2(float[] x, int xo, float[] y, int yo, int h, int w, int p0, int p1) {
        int outH = h / 2, outW = w / 2, n = 2 * outW, inPlane = h * w, outPlane = outH * outW, end = yo + p1 * outPlane;
        for (int p = p0; p < p1; p++) {
            for (int oy = 0; oy < outH; oy++) {
                int row = xo + p * inPlane + 2 * oy * w, out = yo + p * outPlane + oy * outW, done = 0;
                // blocks of L columns; where L does not divide n the last one ends at n, overlapping
                for (int j = 0; done < outW; j += L) {
                    if (n >= L && j > n - L) j = n - L;
                    if (row + w + j + L >= x.length || out + j / 2 + L > end) break;
                    move(max4(x, row + j, w), EVENS).intoArray(y, out + j / 2);
                    done = Math.min(outW, (j + L) / 2);
                }
                for (int ox = done; ox < outW; ox++) y[out + ox] = x[CpuPool.argmax2x2(x, row + 2 * ox, w)];
            }
        }
    }

    /**
     * Planes [p0, p1) of the backward pass, dx[dxo + p1 h w] being where this thread's planes end
     * (see {@link CpuPool#maxBackward}). When L exceeds a row pair's columns, a block's store runs
     * past its row into later rows of this thread's planes, which are written again after it.
     */
    static void maxBackward2x2(float[] x, int xo, float[] dy, int dyo, float[] dx, int dxo, int h, int w, int p0, int p1) {
        int outH = h / 2, outW = w / 2, n = 2 * outW, inPlane = h * w, outPlane = outH * outW, end = dxo + p1 * inPlane;
        int shift = dxo - xo;
        FloatVector zero = FloatVector.zero(S);
        for (int p = p0; p < p1; p++) {
            int plane = xo + p * inPlane;
            for (int oy = 0; oy < outH; oy++) {
                int row = plane + 2 * oy * w, grads = dyo + p * outPlane + oy * outW, done = 0;
                for (int j = 0; done < outW; j += L) {
                    if (n >= L && j > n - L) j = n - L;
                    if (row + w + j + L >= x.length || grads + j / 2 + L > dy.length || shift + row + w + j + L > end) break;
                    FloatVector at = move(choice(x, row + j, w), PAIRS);
                    FloatVector e = move(FloatVector.fromArray(S, dy, grads + j / 2), HALF).add(0f);
                    zero.blend(e, at.compare(VectorOperators.EQ, TOP)).intoArray(dx, shift + row + j);
                    zero.blend(e, at.compare(VectorOperators.EQ, BOTTOM)).intoArray(dx, shift + row + w + j);
                    done = Math.min(outW, (j + L) / 2);
                }
                for (int ox = done; ox < outW; ox++) {
                    int a = row + 2 * ox, best = CpuPool.argmax2x2(x, a, w);
                    float d = 0f + dy[grads + ox];
                    dx[shift + a] = best == a ? d : 0f;
                    dx[shift + a + 1] = best == a + 1 ? d : 0f;
                    dx[shift + a + w] = best == a + w ? d : 0f;
                    dx[shift + a + w + 1] = best == a + w + 1 ? d : 0f;
                }
                if (n < w) {
                    dx[shift + row + w - 1] = 0f;
                    dx[shift + row + 2 * w - 1] = 0f;
                }
            }
            if (2 * outH < h) java.util.Arrays.fill(dx, shift + plane + (h - 1) * w, shift + plane + h * w, 0f);
        }
    }

    /** The windows' maxima in the even lanes of a block whose first top-left element is x[at]. */
    private static FloatVector max4(float[] x, int at, int w) {
        FloatVector a = FloatVector.fromArray(S, x, at), b = FloatVector.fromArray(S, x, at + 1);
        FloatVector c = FloatVector.fromArray(S, x, at + w), d = FloatVector.fromArray(S, x, at + w + 1);
        FloatVector sum = a.add(b).add(c.add(d));
        if (sum.compare(VectorOperators.NE, sum).anyTrue()) {
            // a NaN somewhere (or infinities of both signs): the whole rule
            FloatVector max = a.blend(b, replaces(b, a));
            max = max.blend(c, replaces(c, max));
            return max.blend(d, replaces(d, max));
        }
        // no NaN among them: v > max alone decides (the pool took 10-15% less time than with the whole rule)
        FloatVector max = a.blend(b, b.compare(VectorOperators.GT, a));
        max = max.blend(c, c.compare(VectorOperators.GT, max));
        return max.blend(d, d.compare(VectorOperators.GT, max));
    }

    /** The position (0 to 3 in a, b, c, d order) of each window's maximum in the even lanes, as {@link #max4} picks it. */
    private static FloatVector choice(float[] x, int at, int w) {
        FloatVector a = FloatVector.fromArray(S, x, at), b = FloatVector.fromArray(S, x, at + 1);
        FloatVector c = FloatVector.fromArray(S, x, at + w), d = FloatVector.fromArray(S, x, at + w + 1);
        FloatVector sum = a.add(b).add(c.add(d));
        if (sum.compare(VectorOperators.NE, sum).anyTrue()) {
            VectorMask<Float> m = replaces(b, a);
            FloatVector pos = FloatVector.zero(S).blend(1f, m), max = a.blend(b, m);
            m = replaces(c, max);
            pos = pos.blend(2f, m);
            max = max.blend(c, m);
            return pos.blend(3f, replaces(d, max));
        }
        VectorMask<Float> m = b.compare(VectorOperators.GT, a);
        FloatVector pos = FloatVector.zero(S).blend(1f, m), max = a.blend(b, m);
        m = c.compare(VectorOperators.GT, max);
        pos = pos.blend(2f, m);
        max = max.blend(c, m);
        return pos.blend(3f, d.compare(VectorOperators.GT, max));
    }
}
