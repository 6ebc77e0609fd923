package org.latent.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The thin products that CpuGemmVector's micro-kernel (6 or 4 x 16) would mostly pad: a result with one
 * column whose L rows run along k (dot products: the DCGAN's per-image 1-row filter gradient,
 * 1 x 6272 x 784 with B transposed), and a result with one row, or k = 1, whose R and C rows are
 * contiguous (vector updates along the row: the 1-row forward convolution, the rank-1 data
 * gradient). Through the micro-kernel these used 1 of its 16 columns or 1 of its rows, or paid a
 * tile per 96 multiply-adds (2 GFLOP/s where OpenBLAS runs 5-6).
 *
 * <p>Same bits as CpuGemmVector and CpuGemm's plain kernel: every element is summed over the same k
 * blocks ({@link CpuGemm#KC}, split by k alone), from zero by fused multiply-adds in increasing p
 * within a block, and stored as alpha * acc (+ beta * C) after the first block, C + alpha * acc
 * after later ones (see CpuGemmVector's class comment).
 */
final class CpuGemmVectorThin {
    private CpuGemmVectorThin() {}

    /** CpuGemmVector's species (one vector width for all Vector API code: see CpuGemmVector.VERSION). */
    private static final VectorSpecies<Float> S = CpuGemmVector.S;
    /** Lanes of S. */
    private static final int L = CpuGemmVector.L;
    /** Rows summed side by side in the dot form: eight independent fma chains hide its latency. */
    private static final int DOT_ROWS = 8;
    /** Columns per register block in the row form: eight accumulators of L floats (64 or 128). */
    private static final int ROW_BLOCK = 8 * L;
    /** Multiply-adds per parallelFor cost unit, as in CpuGemmVector (a written element counts as one unit). */
    private static final int MACS_PER_COST_UNIT = 128;
    /** The same for the dot form's scalar fma chains, about a tenth as fast. */
    private static final int SCALAR_MACS_PER_COST_UNIT = 8;

    /** Whether {@link #run} computes this product (L: rows x k, R: k x cols, strides as in CpuGemmVector). */
    static boolean handles(int rows, int cols, int k, int lKStride, int rColStride, int cColStride) {
        return isDot(cols, lKStride) || isRowForm(rows, k, rColStride, cColStride);
    }

    private static boolean isDot(int cols, int lKStride) {
        return cols == 1 && lKStride == 1;
    }

    private static boolean isRowForm(int rows, int k, int rColStride, int cColStride) {
        return (rows == 1 || k == 1) && rColStride == 1 && cColStride == 1;
    }

    /**
     * result = alpha * L * R + beta * result for a product that {@link #handles} (arrays and strides
     * as in CpuGemmVector's Product), split into {@code parts} pieces, each run by {@code runner}:
     * the pool's parallelFor, or the pieces one after another (for the thread-count tests).
     */
    static void run(int rows, int cols, int k, float alpha, float beta, float[] l, int lOffset, int lRowStride,
                    int lKStride, float[] r, int rOffset, int rKStride, int rColStride, float[] c, int cOffset,
                    int cRowStride, int cColStride, Splitter runner) {
        if (isDot(cols, lKStride)) {
            int units = (rows + DOT_ROWS - 1) / DOT_ROWS;
            runner.split(units, (long) DOT_ROWS * k / SCALAR_MACS_PER_COST_UNIT, (u0, u1) -> dot(Math.min(rows, u0 * DOT_ROWS),
                    Math.min(rows, u1 * DOT_ROWS), k, alpha, beta, l, lOffset, lRowStride, r, rOffset, rKStride, c,
                    cOffset, cRowStride));
        } else if (rows > 1) {
            runner.split(rows, (long) cols * k / MACS_PER_COST_UNIT + cols, (i0, i1) -> rowForm(i0, i1, 0, cols, k, alpha, beta,
                    l, lOffset, lRowStride, lKStride, r, rOffset, rKStride, c, cOffset, cRowStride));
        } else {
            int units = (cols + ROW_BLOCK - 1) / ROW_BLOCK;
            runner.split(units, (long) ROW_BLOCK * k / MACS_PER_COST_UNIT, (u0, u1) -> rowForm(0, 1, u0 * ROW_BLOCK,
                    Math.min(cols, u1 * ROW_BLOCK), k, alpha, beta, l, lOffset, lRowStride, lKStride, r, rOffset, rKStride,
                    c, cOffset, cRowStride));
        }
    }

    /** How {@link #run} hands out its pieces: parallelFor's signature. */
    interface Splitter {
        void split(int n, long costPerIndex, CpuThreads.RangeBody body);
    }

    /**
     * Result rows [i0, i1) of a one-column product: c[cOffset + i * cRowStride] = the dot product of
     * L's row i (contiguous along k) with R's column, eight rows at a time.
     */
    private static void dot(int i0, int i1, int k, float alpha, float beta, float[] l, int lOffset, int lRowStride,
                            float[] r, int rOffset, int rKStride, float[] c, int cOffset, int cRowStride) {
        int kBlocks = (k + CpuGemm.KC - 1) / CpuGemm.KC;
        int i = i0;
        for (; i + DOT_ROWS <= i1; i += DOT_ROWS) {
            for (int kb = 0; kb < kBlocks; kb++) {
                int pc = split(k, kBlocks, kb), pEnd = split(k, kBlocks, kb + 1);
                dotEight(l, lOffset + i * lRowStride, lRowStride, r, rOffset, rKStride, pc, pEnd, c,
                        cOffset + i * cRowStride, cRowStride, alpha, beta, kb == 0);
            }
        }
        for (; i < i1; i++) {
            for (int kb = 0; kb < kBlocks; kb++) {
                int pc = split(k, kBlocks, kb), pEnd = split(k, kBlocks, kb + 1);
                float acc = 0f;
                for (int p = pc, at = lOffset + i * lRowStride + pc; p < pEnd; p++, at++) {
                    acc = Math.fma(l[at], r[rOffset + p * rKStride], acc);
                }
                int at = cOffset + i * cRowStride;
                c[at] = stored(c[at], acc, alpha, beta, kb == 0);
            }
        }
    }

    /** Eight dot products over p in [pc, pEnd), stored into eight result rows. */
    private static void dotEight(float[] l, int lAt, int rowStride, float[] r, int rOffset, int rKStride, int pc,
                                 int pEnd, float[] c, int cAt, int cRowStride, float alpha, float beta, boolean first) {
        float a0 = 0f, a1 = 0f, a2 = 0f, a3 = 0f, a4 = 0f, a5 = 0f, a6 = 0f, a7 = 0f;
        int s0 = lAt, s1 = s0 + rowStride, s2 = s1 + rowStride, s3 = s2 + rowStride, s4 = s3 + rowStride,
                s5 = s4 + rowStride, s6 = s5 + rowStride, s7 = s6 + rowStride;
        for (int p = pc; p < pEnd; p++) {
            float x = r[rOffset + p * rKStride];
            a0 = Math.fma(l[s0 + p], x, a0);
            a1 = Math.fma(l[s1 + p], x, a1);
            a2 = Math.fma(l[s2 + p], x, a2);
            a3 = Math.fma(l[s3 + p], x, a3);
            a4 = Math.fma(l[s4 + p], x, a4);
            a5 = Math.fma(l[s5 + p], x, a5);
            a6 = Math.fma(l[s6 + p], x, a6);
            a7 = Math.fma(l[s7 + p], x, a7);
        }
        c[cAt] = stored(c[cAt], a0, alpha, beta, first);
        c[cAt + cRowStride] = stored(c[cAt + cRowStride], a1, alpha, beta, first);
        c[cAt + 2 * cRowStride] = stored(c[cAt + 2 * cRowStride], a2, alpha, beta, first);
        c[cAt + 3 * cRowStride] = stored(c[cAt + 3 * cRowStride], a3, alpha, beta, first);
        c[cAt + 4 * cRowStride] = stored(c[cAt + 4 * cRowStride], a4, alpha, beta, first);
        c[cAt + 5 * cRowStride] = stored(c[cAt + 5 * cRowStride], a5, alpha, beta, first);
        c[cAt + 6 * cRowStride] = stored(c[cAt + 6 * cRowStride], a6, alpha, beta, first);
        c[cAt + 7 * cRowStride] = stored(c[cAt + 7 * cRowStride], a7, alpha, beta, first);
    }

    /** CpuGemmVector.storeScalar's operations on one element. */
    private static float stored(float old, float acc, float alpha, float beta, boolean first) {
        float v = alpha * acc;
        return !first ? old + v : beta != 0f ? v + beta * old : v;
    }

    /**
     * Result rows [i0, i1), columns [j0, j1) of a product whose R and C rows are contiguous: per row
     * and k block, acc[j] = fma(L(i, p), R(p, j), acc[j]) for p in order, ROW_BLOCK columns at a time in
     * registers, then 8, then one.
     */
    private static void rowForm(int i0, int i1, int j0, int j1, int k, float alpha, float beta, float[] l, int lOffset,
                                int lRowStride, int lKStride, float[] r, int rOffset, int rKStride, float[] c,
                                int cOffset, int cRowStride) {
        int kBlocks = (k + CpuGemm.KC - 1) / CpuGemm.KC;
        for (int i = i0; i < i1; i++) {
            int lAt = lOffset + i * lRowStride, cAt = cOffset + i * cRowStride;
            for (int kb = 0; kb < kBlocks; kb++) {
                int pc = split(k, kBlocks, kb), pEnd = split(k, kBlocks, kb + 1);
                boolean first = kb == 0;
                int j = j0;
                for (; j + ROW_BLOCK <= j1; j += ROW_BLOCK) {
                    rowBlock(l, lAt, lKStride, r, rOffset + j, rKStride, pc, pEnd, c, cAt + j, alpha, beta, first);
                }
                for (; j + L <= j1; j += L) {
                    FloatVector acc = FloatVector.zero(S);
                    for (int p = pc; p < pEnd; p++) {
                        acc = FloatVector.broadcast(S, l[lAt + p * lKStride]).fma(FloatVector.fromArray(S, r,
                                rOffset + p * rKStride + j), acc);
                    }
                    storeVector(c, cAt + j, acc, alpha, beta, first);
                }
                for (; j < j1; j++) {
                    float acc = 0f;
                    for (int p = pc; p < pEnd; p++) acc = Math.fma(l[lAt + p * lKStride], r[rOffset + p * rKStride + j], acc);
                    c[cAt + j] = stored(c[cAt + j], acc, alpha, beta, first);
                }
            }
        }
    }

    /** ROW_BLOCK columns of one result row over p in [pc, pEnd), R's row p starting at rAt + p * rKStride. */
    private static void rowBlock(float[] l, int lAt, int lKStride, float[] r, int rAt, int rKStride, int pc, int pEnd,
                                 float[] c, int cAt, float alpha, float beta, boolean first) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        for (int p = pc; p < pEnd; p++) {
            FloatVector x = FloatVector.broadcast(S, l[lAt + p * lKStride]);
            int at = rAt + p * rKStride;
            c0 = x.fma(FloatVector.fromArray(S, r, at), c0);
            c1 = x.fma(FloatVector.fromArray(S, r, at + 1 * L), c1);
            c2 = x.fma(FloatVector.fromArray(S, r, at + 2 * L), c2);
            c3 = x.fma(FloatVector.fromArray(S, r, at + 3 * L), c3);
            c4 = x.fma(FloatVector.fromArray(S, r, at + 4 * L), c4);
            c5 = x.fma(FloatVector.fromArray(S, r, at + 5 * L), c5);
            c6 = x.fma(FloatVector.fromArray(S, r, at + 6 * L), c6);
            c7 = x.fma(FloatVector.fromArray(S, r, at + 7 * L), c7);
        }
        storeVector(c, cAt, c0, alpha, beta, first);
        storeVector(c, cAt + 1 * L, c1, alpha, beta, first);
        storeVector(c, cAt + 2 * L, c2, alpha, beta, first);
        storeVector(c, cAt + 3 * L, c3, alpha, beta, first);
        storeVector(c, cAt + 4 * L, c4, alpha, beta, first);
        storeVector(c, cAt + 5 * L, c5, alpha, beta, first);
        storeVector(c, cAt + 6 * L, c6, alpha, beta, first);
        storeVector(c, cAt + 7 * L, c7, alpha, beta, first);
    }

    /** CpuGemmVector.storeRows's operations on L elements. */
    private static void storeVector(float[] c, int at, FloatVector acc, float alpha, float beta, boolean first) {
        FloatVector v = acc.mul(alpha);
        if (!first) v = FloatVector.fromArray(S, c, at).add(v);
        else if (beta != 0f) v = v.add(FloatVector.fromArray(S, c, at).mul(beta));
        v.intoArray(c, at);
    }

    private static int split(int total, int parts, int part) {
        return (int) ((long) total * part / parts);
    }
}
