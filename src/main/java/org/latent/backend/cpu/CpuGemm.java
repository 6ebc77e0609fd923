package org.latent.backend.cpu;

import static java.util.Objects.checkFromToIndex;

import java.util.Arrays;

/**
 * Matrix products on the CPU.
 *
 * <p>{@link #gemm} blocks op(B) into panels of at most {@link #KC} x {@link #NC}, packs each panel
 * into the rows of a per-thread scratch array, and runs a two-row micro-kernel that accumulates
 * into two scratch rows of C. Every array the kernel's inner loop touches is indexed by the loop
 * variable alone: C2 only vectorizes a loop whose loads and stores it can prove independent, and
 * it proves nothing about two accesses into float arrays whose offsets are different unknown
 * values (they might be the same array). That is why B is packed into separate row arrays and C is
 * accumulated in scratch rows instead of in place. Math.fma makes the kernel's loop vectorize
 * where the same sum written with * and + does not (JDK 17 and 25, x86-64).
 *
 * <p>Each C element is computed by the same sequence of fused multiply-adds whatever the thread
 * count or the split into rows and columns: the k blocks depend only on k, and the one- and
 * two-row kernels and their k remainders run the same per-element chain. So results are
 * bit-identical at any thread count.
 */
final class CpuGemm {
    private CpuGemm() {}

    /** Most rows of op(B) packed at once: the k extent of a panel. */
    static final int KC = 256;
    /** Most columns of op(B) packed at once: the length of the kernel's inner loop. */
    static final int NC = 512;
    /** Below this many columns per thread the split goes over rows (the inner loop gets too short). */
    private static final int MIN_COLS_PER_THREAD = 128;

    /** The plain triple loop: the reference every faster GEMM is tested against. */
    static void reference(boolean transA, boolean transB, float alpha, CpuTensor a, CpuTensor b, float beta, CpuTensor c) {
        int m = c.rows(), n = c.cols(), k = transA ? a.rows() : a.cols();
        int lda = a.cols(), ldb = b.cols();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float acc = 0f;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a.data[a.offset + p * lda + i] : a.data[a.offset + i * lda + p];
                    float bv = transB ? b.data[b.offset + j * ldb + p] : b.data[b.offset + p * ldb + j];
                    acc += av * bv;
                }
                int ci = c.offset + i * n + j;
                c.data[ci] = alpha * acc + (beta == 0f ? 0f : beta * c.data[ci]);
            }
        }
    }

    /** Per-thread scratch, allocated once per thread at full block size and reused by every call. */
    private static final class Scratch {
        final float[][] panel = new float[KC][NC];
        final float[] acc0 = new float[NC], acc1 = new float[NC], cRow = new float[NC];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** The operands of one call, with op(A) and op(B) read through element strides. */
    private record Operands(float[] a, int aOffset, int aRowStride, int aColStride,
                            float[] b, int bOffset, boolean transB, int ldb,
                            float[] c, int cOffset, int ldc, int k, float alpha, float beta) {}

    static void gemm(boolean transA, boolean transB, float alpha, CpuTensor a, CpuTensor b, float beta, CpuTensor c) {
        int m = c.rows(), n = c.cols(), k = transA ? a.rows() : a.cols();
        if (m == 0 || n == 0) return;
        if (k == 0) {
            scaleRows(c, beta);
            return;
        }
        int lda = a.cols();
        Operands ops = new Operands(a.data, a.offset, transA ? 1 : lda, transA ? lda : 1,
                b.data, b.offset, transB, b.cols(), c.data, c.offset, n, k, alpha, beta);
        long flopsPerRow = (long) n * k, flopsPerCol = (long) m * k;
        if (n >= CpuThreads.threads() * MIN_COLS_PER_THREAD) {
            CpuThreads.parallelFor(n, flopsPerCol, (j0, j1) -> block(ops, 0, m, j0, j1));
        } else {
            CpuThreads.parallelFor(m, flopsPerRow, (i0, i1) -> block(ops, i0, i1, 0, n));
        }
    }

    private static void scaleRows(CpuTensor c, float beta) {
        for (int i = 0; i < c.size(); i++) {
            c.data[c.offset + i] = beta == 0f ? 0f : beta * c.data[c.offset + i];
        }
    }

    /** C[i0, i1) x [j0, j1), in panels of near-equal size (so no panel is a sliver). */
    private static void block(Operands o, int i0, int i1, int j0, int j1) {
        Scratch s = SCRATCH.get();
        int colBlocks = ceilDiv(j1 - j0, NC), kBlocks = ceilDiv(o.k, KC);
        for (int jb = 0; jb < colBlocks; jb++) {
            int jc = j0 + split(j1 - j0, colBlocks, jb), nc = j0 + split(j1 - j0, colBlocks, jb + 1) - jc;
            for (int kb = 0; kb < kBlocks; kb++) {
                int pc = split(o.k, kBlocks, kb), kc = split(o.k, kBlocks, kb + 1) - pc;
                packB(o, pc, kc, jc, nc, s.panel);
                boolean first = kb == 0;
                int kc4 = kc & ~3;
                int i = i0;
                for (; i + 2 <= i1; i += 2) {
                    int aStart = o.aOffset + i * o.aRowStride + pc * o.aColStride;
                    Arrays.fill(s.acc0, 0, nc, 0f);
                    Arrays.fill(s.acc1, 0, nc, 0f);
                    kernel2(o.a, aStart, o.aRowStride, o.aColStride, kc4, s.panel, s.acc0, s.acc1, nc);
                    kernel2Tail(o.a, aStart, o.aRowStride, o.aColStride, kc4, kc, s.panel, s.acc0, s.acc1, nc);
                    store(o, s.acc0, s.cRow, i, jc, nc, first);
                    store(o, s.acc1, s.cRow, i + 1, jc, nc, first);
                }
                if (i < i1) {
                    int aStart = o.aOffset + i * o.aRowStride + pc * o.aColStride;
                    Arrays.fill(s.acc0, 0, nc, 0f);
                    kernel1(o.a, aStart, o.aColStride, kc4, s.panel, s.acc0, nc);
                    kernel1Tail(o.a, aStart, o.aColStride, kc4, kc, s.panel, s.acc0, nc);
                    store(o, s.acc0, s.cRow, i, jc, nc, first);
                }
            }
        }
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    /** Start of part {@code part} when {@code total} is cut into {@code parts} near-equal parts. */
    private static int split(int total, int parts, int part) {
        return (int) ((long) total * part / parts);
    }

    /** panel[p][j] = op(B)[pc + p, jc + j]. */
    private static void packB(Operands o, int pc, int kc, int jc, int nc, float[][] panel) {
        if (!o.transB) {
            for (int p = 0; p < kc; p++) {
                System.arraycopy(o.b, o.bOffset + (pc + p) * o.ldb + jc, panel[p], 0, nc);
            }
            return;
        }
        for (int j = 0; j < nc; j++) {
            int src = o.bOffset + (jc + j) * o.ldb + pc;
            for (int p = 0; p < kc; p++) {
                panel[p][j] = o.b[src + p];
            }
        }
    }

    /*
     * The kernels. Each method holds a single loop nest: with a second nest in the same method (the
     * k remainder), C2 on JDK 17 stopped vectorizing the first one. The k remainder therefore has
     * its own methods, and A's elements are read through strides (rowStride, colStride), a form
     * that was seen to vectorize; packing A contiguously was not.
     */

    /**
     * acc0/acc1[j] += sum over p in [0, kc4) of op(A)[r, p] * panel[p][j], for rows r = 0, 1 of op(A)
     * starting at a[aStart]; kc4 is a multiple of 4.
     */
    private static void kernel2(float[] a, int aStart, int rowStride, int colStride, int kc4, float[][] panel,
                                float[] acc0, float[] acc1, int nc) {
        checkFromToIndex(0, nc, acc0.length);
        checkFromToIndex(0, nc, acc1.length);
        for (int p = 0; p < kc4; p += 4) {
            int q0 = aStart + p * colStride, q1 = q0 + rowStride;
            float a00 = a[q0], a01 = a[q0 + colStride], a02 = a[q0 + 2 * colStride], a03 = a[q0 + 3 * colStride];
            float a10 = a[q1], a11 = a[q1 + colStride], a12 = a[q1 + 2 * colStride], a13 = a[q1 + 3 * colStride];
            float[] b0 = panel[p], b1 = panel[p + 1], b2 = panel[p + 2], b3 = panel[p + 3];
            for (int j = 0; j < nc; j++) {
                float x0 = b0[j], x1 = b1[j], x2 = b2[j], x3 = b3[j];
                acc0[j] = Math.fma(a03, x3, Math.fma(a02, x2, Math.fma(a01, x1, Math.fma(a00, x0, acc0[j]))));
                acc1[j] = Math.fma(a13, x3, Math.fma(a12, x2, Math.fma(a11, x1, Math.fma(a10, x0, acc1[j]))));
            }
        }
    }

    /** kernel2 for p in [from, kc), one k step at a time. */
    private static void kernel2Tail(float[] a, int aStart, int rowStride, int colStride, int from, int kc,
                                    float[][] panel, float[] acc0, float[] acc1, int nc) {
        checkFromToIndex(0, nc, acc0.length);
        checkFromToIndex(0, nc, acc1.length);
        for (int p = from; p < kc; p++) {
            int q0 = aStart + p * colStride;
            float a0 = a[q0], a1 = a[q0 + rowStride];
            float[] b0 = panel[p];
            for (int j = 0; j < nc; j++) {
                float x0 = b0[j];
                acc0[j] = Math.fma(a0, x0, acc0[j]);
                acc1[j] = Math.fma(a1, x0, acc1[j]);
            }
        }
    }

    /** kernel2 for a single row, with the same per-element chain of fused multiply-adds. */
    private static void kernel1(float[] a, int aStart, int colStride, int kc4, float[][] panel, float[] acc0, int nc) {
        checkFromToIndex(0, nc, acc0.length);
        for (int p = 0; p < kc4; p += 4) {
            int q0 = aStart + p * colStride;
            float a00 = a[q0], a01 = a[q0 + colStride], a02 = a[q0 + 2 * colStride], a03 = a[q0 + 3 * colStride];
            float[] b0 = panel[p], b1 = panel[p + 1], b2 = panel[p + 2], b3 = panel[p + 3];
            for (int j = 0; j < nc; j++) {
                acc0[j] = Math.fma(a03, b3[j], Math.fma(a02, b2[j], Math.fma(a01, b1[j], Math.fma(a00, b0[j], acc0[j]))));
            }
        }
    }

    /** kernel1 for p in [from, kc), one k step at a time. */
    private static void kernel1Tail(float[] a, int aStart, int colStride, int from, int kc, float[][] panel,
                                    float[] acc0, int nc) {
        checkFromToIndex(0, nc, acc0.length);
        for (int p = from; p < kc; p++) {
            float a0 = a[aStart + p * colStride];
            float[] b0 = panel[p];
            for (int j = 0; j < nc; j++) {
                acc0[j] = Math.fma(a0, b0[j], acc0[j]);
            }
        }
    }

    /**
     * C[i, jc + j] = alpha * acc[j] + beta * C[i, jc + j] for the first k block, C += alpha * acc
     * for later ones. The row goes through scratch so the arithmetic loop vectorizes (see class
     * comment); with beta 0, C is never read.
     */
    private static void store(Operands o, float[] acc, float[] cRow, int i, int jc, int nc, boolean first) {
        checkFromToIndex(0, nc, acc.length);
        checkFromToIndex(0, nc, cRow.length);
        int dst = o.cOffset + i * o.ldc + jc;
        float alpha = o.alpha;
        if (first && o.beta == 0f) {
            for (int j = 0; j < nc; j++) acc[j] = alpha * acc[j];
        } else {
            System.arraycopy(o.c, dst, cRow, 0, nc);
            float beta = first ? o.beta : 1f;
            for (int j = 0; j < nc; j++) acc[j] = alpha * acc[j] + beta * cRow[j];
        }
        System.arraycopy(acc, 0, o.c, dst, nc);
    }
}
