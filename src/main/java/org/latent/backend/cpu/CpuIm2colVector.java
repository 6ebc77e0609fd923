package org.latent.backend.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import org.latent.backend.ConvGeometry;

/**
 * {@link CpuIm2col}'s short row copies and adds (an output row of 11 or 13 pixels, once per patch
 * element and row) with whole vectors, where a call to System.arraycopy or a loop with a scalar
 * tail costs more than the row. A row's last vector may run past the row up to {@code limit}:
 * the copy leaves there values that the caller overwrites later in the same loop; the add adds
 * +0, which leaves every float's bits as they were except a -0, and sums that start from +0 are
 * never -0. Loaded only when the module is in the boot layer ({@link CpuGemm#VECTOR}).
 *
 * <p>With stride 2 (E6's convolutions; the unfold took 35-40 % of their forward passes) rows up to
 * two vectors wide unfold by input rows ({@link #unfoldByRows}); on wider rows each output row's
 * copy takes the even lanes of two loaded vectors. The fold (col2im) of rows up to one vector wide
 * at stride 1, or two at stride 2 (as much time as the GEMM before it in E6's transposed
 * convolutions), takes one input row at a time: at stride 2 its even and odd pixels in two vectors,
 * every kernel column's patch row added at its shift, then the pixels interleaved back. Each pixel
 * gets its sums in the scalar loop's order (kernel columns in order; for one kernel row, a pixel
 * is in one output row only).
 */
final class CpuIm2colVector {
    private CpuIm2colVector() {}

    private static final VectorSpecies<Float> S = CpuGemmVector.S;
    private static final int L = S.length();
    private static final VectorSpecies<Integer> IS = VectorSpecies.of(int.class, S.vectorShape());

    /** Lane i takes lane 2i mod L: the even lanes of a vector into its first half, and into its second. */
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(S, i -> 2 * i % L);
    private static final VectorMask<Float> SECOND_HALF = VectorMask.fromLong(S, -1L << L / 2);
    /** Lane i takes lane 2i + 1 mod L: the odd lanes, as {@link #EVEN} the even ones. */
    private static final VectorShuffle<Float> ODD = VectorShuffle.fromOp(S, i -> (2 * i + 1) % L);
    /** Lane i takes lane i / 2, or L / 2 + i / 2: half a vector spread over a whole one, each lane twice. */
    private static final VectorShuffle<Float> SPREAD_FIRST = VectorShuffle.fromOp(S, i -> i / 2);
    private static final VectorShuffle<Float> SPREAD_SECOND = VectorShuffle.fromOp(S, i -> L / 2 + i / 2);
    private static final VectorMask<Float> ODD_LANES = VectorMask.fromLong(S, 0xAAAA_AAAA_AAAA_AAAAL);

    /** dst[d, d + len) = src[s, s + len); dst may be written up to limit. */
    static void copy(float[] src, int s, float[] dst, int d, int len, int limit) {
        int whole = (len + L - 1) / L * L;
        if (d + whole > limit || s + whole > src.length) {
            System.arraycopy(src, s, dst, d, len);
            return;
        }
        for (int i = 0; i < len; i += L) FloatVector.fromArray(S, src, s + i).intoArray(dst, d + i);
    }

    /** dst[d, d + len) += src[s, s + len); dst[d + len, limit) may receive +0 (see the class comment). */
    static void add(float[] src, int s, float[] dst, int d, int len, int limit) {
        int i = 0;
        for (; i + L <= len; i += L) {
            FloatVector.fromArray(S, dst, d + i).add(FloatVector.fromArray(S, src, s + i)).intoArray(dst, d + i);
        }
        if (i == len) return;
        if (d + i + L > limit || s + i + L > src.length) {
            for (; i < len; i++) dst[d + i] += src[s + i];
            return;
        }
        FloatVector tail = FloatVector.fromArray(S, src, s + i).blend(0f, S.indexInRange(i, len).not());
        FloatVector.fromArray(S, dst, d + i).add(tail).intoArray(dst, d + i);
    }

    /** dst[d + i] = src[s + 2i] for i < len; dst may be written up to limit. */
    static void copyStride2(float[] src, int s, float[] dst, int d, int len, int limit) {
        int whole = (len + L - 1) / L * L;
        if (d + whole > limit || s + 2 * whole > src.length) {
            for (int i = 0; i < len; i++) dst[d + i] = src[s + 2 * i];
            return;
        }
        for (int i = 0; i < len; i += L) {
            FloatVector first = FloatVector.fromArray(S, src, s + 2 * i), second = FloatVector.fromArray(S, src, s + 2 * i + L);
            first.rearrange(EVEN).blend(second.rearrange(EVEN), SECOND_HALF).intoArray(dst, d + i);
        }
    }

    /**
     * The per-kernel-column tables of the row forms ({@link #foldAddByRows}, {@link #unfoldByRows}),
     * per thread and grown on demand, so that warm calls allocate nothing. Kernel column kx reads or
     * adds patch column ox at pixel sw ox - pad + kx: at stride 1 lane ox + shift of the row's
     * vector, at stride 2 lane ox + shift of its even (parity 0) or odd pixels. taps lists the
     * kernel columns, the evenTaps of parity 0 first, each parity in kx order; byPixel[kx * L + m]
     * keeps (all bits set) the lanes m of the row whose ox is in [oxLo, oxHi), byColumn[kx * L + ox]
     * the columns ox in it.
     */
    private static final class Taps {
        int[] shift = new int[0], oxLo = shift, oxHi = shift, taps = shift, byPixel = shift, byColumn = shift;
        /** unfoldByRows: where kernel column kx's patch row starts in halves (EVEN_AT or ODD_AT, plus its shift). */
        int[] halfAt = shift;
        int evenTaps;
        /** unfoldByRows' input row split into even and odd pixels, at EVEN_AT and ODD_AT, zeros around them. */
        final float[] halves = new float[5 * L];

        Taps build(ConvGeometry g) {
            int kw = g.kw(), pad = g.padLeft(), sw = g.strideW(), outW = g.outW();
            if (shift.length < kw) {
                shift = new int[kw];
                oxLo = new int[kw];
                oxHi = new int[kw];
                taps = new int[kw];
                byPixel = new int[kw * L];
                byColumn = new int[kw * L];
                halfAt = new int[kw];
            }
            evenTaps = 0;
            for (int parity = 0, i = 0; parity < sw; parity++) {
                for (int kx = 0; kx < kw; kx++) {
                    if (Math.floorMod(kx - pad, sw) != parity) continue;
                    taps[i++] = kx;
                    if (parity == 0) evenTaps++;
                    shift[kx] = Math.floorDiv(kx - pad - parity, sw);
                    halfAt[kx] = (parity == 0 ? EVEN_AT : ODD_AT) + shift[kx];
                    oxLo[kx] = CpuIm2col.firstInside(kx, pad, sw, outW);
                    oxHi[kx] = CpuIm2col.endInside(kx, pad, sw, g.w(), outW);
                    for (int lane = 0; lane < L; lane++) {
                        int ox = lane - shift[kx];
                        byPixel[kx * L + lane] = ox >= oxLo[kx] && ox < oxHi[kx] ? -1 : 0;
                        byColumn[kx * L + lane] = lane >= oxLo[kx] && lane < oxHi[kx] ? -1 : 0;
                    }
                }
            }
            return this;
        }
    }

    private static final ThreadLocal<Taps> TAPS = ThreadLocal.withInitial(Taps::new);

    /** Where {@link Taps#halves} holds the even and the odd pixels: L floats of zeros before each, and after the odd ones. */
    private static final int EVEN_AT = L, ODD_AT = 3 * L;

    /**
     * Whether {@link #unfoldByRows} unfolds this geometry: stride 2, a row's pixels in two vectors
     * and an output row in one.
     */
    static boolean unfoldsByRows(ConvGeometry g) {
        return g.strideW() == 2 && g.w() <= 2 * L && g.outW() <= L && g.padLeft() < L;   // |shift| <= L
    }

    /**
     * CpuIm2col.unfold for {@link #unfoldsByRows} geometries (same arguments and result; patch row
     * i at rows[i] from 0, or at flat[flatOffset + i * ld]): per input channel, kernel row and
     * output row, the input row is loaded once and split into its even and odd pixels, and each
     * kernel column's patch row is read from them at its shift, the columns outside the image
     * cleared. A patch row's store may run past the output row, into columns of the same patch row
     * that later output rows write (where it would leave the patch row, the columns are copied
     * singly); input rows whose two vectors would leave x take the scalar loop.
     */
    static void unfoldByRows(float[] x, int xOffset, ConvGeometry g, int c0, int c1, int r0, int r1, float[][] rows,
                             float[] flat, int flatOffset, int ld) {
        int outH = g.outH(), outW = g.outW(), w = g.w(), h = g.h(), kw = g.kw(), khw = g.kh() * kw, pad = g.padLeft();
        int imageSize = g.cIn() * h * w, width = (r1 - r0) * outW;
        Taps tables = TAPS.get().build(g);
        int[] halfAt = tables.halfAt, oxLo = tables.oxLo, oxHi = tables.oxHi, keep = tables.byColumn;
        float[] halves = tables.halves;
        for (int ci = c0; ci < c1; ci++) {
            for (int ky = 0; ky < g.kh(); ky++) {
                int k0 = (ci - c0) * khw + ky * kw;
                for (int r = r0, n = r0 / outH, oy = r0 % outH; r < r1; r++) {
                    int iy = oy * g.strideH() - g.padTop() + ky, t = (r - r0) * outW;
                    int src = xOffset + n * imageSize + (ci * h + iy) * w;
                    boolean inside = iy >= 0 && iy < h, whole = inside && src + 2 * L <= x.length;
                    if (whole) {
                        FloatVector v0 = FloatVector.fromArray(S, x, src), v1 = FloatVector.fromArray(S, x, src + L);
                        v0.rearrange(EVEN).blend(v1.rearrange(EVEN), SECOND_HALF).intoArray(halves, EVEN_AT);
                        v0.rearrange(ODD).blend(v1.rearrange(ODD), SECOND_HALF).intoArray(halves, ODD_AT);
                    }
                    for (int kx = 0; kx < kw; kx++) {
                        float[] dst = rows != null ? rows[k0 + kx] : flat;
                        int at = (rows != null ? 0 : flatOffset + (k0 + kx) * ld) + t;
                        int limit = rows != null ? dst.length : flatOffset + (k0 + kx) * ld + width;
                        if (!inside) {
                            if (at + L <= limit) FloatVector.zero(S).intoArray(dst, at);
                            else Arrays.fill(dst, at, at + outW, 0f);
                        } else if (whole) {
                            FloatVector patch = FloatVector.fromArray(S, halves, halfAt[kx]).reinterpretAsInts()
                                    .and(IntVector.fromArray(IS, keep, kx * L)).reinterpretAsFloats();
                            if (at + L <= limit) {
                                patch.intoArray(dst, at);
                            } else {
                                for (int ox = 0; ox < outW; ox++) dst[at + ox] = patch.lane(ox);
                            }
                        } else {
                            int first = src - pad + kx;
                            for (int ox = 0; ox < outW; ox++) {
                                dst[at + ox] = ox >= oxLo[kx] && ox < oxHi[kx] ? x[first + 2 * ox] : 0f;
                            }
                        }
                    }
                    if (++oy == outH) {
                        oy = 0;
                        n++;
                    }
                }
            }
        }
    }

    /**
     * Whether {@link #foldAddByRows} folds this geometry: stride 1 with a row in one vector, or
     * stride 2 with a row in two.
     */
    static boolean foldsByRows(ConvGeometry g) {
        return g.strideW() == 1 && g.w() <= L || g.strideW() == 2 && g.w() <= 2 * L;
    }

    /**
     * CpuIm2col.foldAdd for {@link #foldsByRows} geometries (same arguments and rule): per input
     * channel, kernel row and output row, the input row [d, d + span) is read once (span L at
     * stride 1, 2L at stride 2), gets every kernel column's patch row, and is written back; the
     * pixels past the row get +0. Rows whose span would leave the plane, or whose patch rows' loads
     * would leave their array, take the scalar loop.
     */
    static void foldAddByRows(float[][] rows, float[] flat, int flatOffset, int ld, ConvGeometry g, int c0, int c1, int r0,
                              int r1, float[] dx, int dxOffset) {
        int outH = g.outH(), outW = g.outW(), w = g.w(), h = g.h(), kw = g.kw(), khw = g.kh() * kw, pad = g.padLeft();
        int sw = g.strideW(), span = sw * L, plane = h * w, imageSize = g.cIn() * plane;
        // The even pixels' taps come first: they add to other pixels than the odd ones', each
        // pixel's in kx order (see Taps).
        Taps tables = TAPS.get().build(g);
        int[] shift = tables.shift, oxLo = tables.oxLo, oxHi = tables.oxHi, taps = tables.taps, keep = tables.byPixel;
        int evenTaps = tables.evenTaps;
        for (int ci = c0; ci < c1; ci++) {
            for (int ky = 0; ky < g.kh(); ky++) {
                int k0 = (ci - c0) * khw + ky * kw;
                for (int r = r0, n = r0 / outH, oy = r0 % outH; r < r1; r++) {
                    int iy = oy * g.strideH() - g.padTop() + ky, t = (r - r0) * outW;
                    if (iy >= 0 && iy < h) {
                        int d = dxOffset + n * imageSize + ci * plane + iy * w, limit = dxOffset + n * imageSize + (ci + 1) * plane;
                        boolean whole = d + span <= limit;
                        for (int kx = 0; kx < kw && whole; kx++) {
                            int from = (rows != null ? 0 : flatOffset + (k0 + kx) * ld) + t - shift[kx];
                            whole = from >= 0 && from + L <= (rows != null ? rows[k0 + kx] : flat).length;
                        }
                        if (whole && sw == 1) {
                            foldRow(rows, flat, flatOffset, ld, k0, t, taps, kw, shift, keep, dx, d);
                        } else if (whole) {
                            foldRowStride2(rows, flat, flatOffset, ld, k0, t, taps, evenTaps, kw, shift, keep, dx, d);
                        } else {
                            for (int kx = 0; kx < kw; kx++) {
                                float[] src = rows != null ? rows[k0 + kx] : flat;
                                int at = (rows != null ? 0 : flatOffset + (k0 + kx) * ld) + t;
                                for (int ox = oxLo[kx]; ox < oxHi[kx]; ox++) dx[d - pad + kx + sw * ox] += src[at + ox];
                            }
                        }
                    }
                    if (++oy == outH) {
                        oy = 0;
                        n++;
                    }
                }
            }
        }
    }

    /** One input row of {@link #foldAddByRows} at stride 1: dx[d, d + L), the taps added in kx order. */
    private static void foldRow(float[][] rows, float[] flat, int flatOffset, int ld, int k0, int t, int[] taps, int count,
                                int[] shift, int[] keep, float[] dx, int d) {
        FloatVector pixels = FloatVector.fromArray(S, dx, d);
        for (int i = 0; i < count; i++) pixels = pixels.add(tap(rows, flat, flatOffset, ld, k0, t, taps[i], shift, keep));
        pixels.intoArray(dx, d);
    }

    /** The same at stride 2: dx[d, d + 2L) split into even and odd pixels, the taps added, interleaved back. */
    private static void foldRowStride2(float[][] rows, float[] flat, int flatOffset, int ld, int k0, int t, int[] taps,
                                       int evenTaps, int count, int[] shift, int[] keep, float[] dx, int d) {
        FloatVector v0 = FloatVector.fromArray(S, dx, d), v1 = FloatVector.fromArray(S, dx, d + L);
        FloatVector even = v0.rearrange(EVEN).blend(v1.rearrange(EVEN), SECOND_HALF);
        FloatVector odd = v0.rearrange(ODD).blend(v1.rearrange(ODD), SECOND_HALF);
        for (int i = 0; i < evenTaps; i++) even = even.add(tap(rows, flat, flatOffset, ld, k0, t, taps[i], shift, keep));
        for (int i = evenTaps; i < count; i++) odd = odd.add(tap(rows, flat, flatOffset, ld, k0, t, taps[i], shift, keep));
        even.rearrange(SPREAD_FIRST).blend(odd.rearrange(SPREAD_FIRST), ODD_LANES).intoArray(dx, d);
        even.rearrange(SPREAD_SECOND).blend(odd.rearrange(SPREAD_SECOND), ODD_LANES).intoArray(dx, d + L);
    }

    /** Kernel column kx's patch row at its shift, lanes outside the image +0 (cleared bits: exact whatever they held). */
    private static FloatVector tap(float[][] rows, float[] flat, int flatOffset, int ld, int k0, int t, int kx, int[] shift,
                                   int[] keep) {
        float[] src = rows != null ? rows[k0 + kx] : flat;
        int from = (rows != null ? 0 : flatOffset + (k0 + kx) * ld) + t - shift[kx];
        return FloatVector.fromArray(S, src, from).reinterpretAsInts().and(IntVector.fromArray(IS, keep, kx * L))
                .reinterpretAsFloats();
    }
}
