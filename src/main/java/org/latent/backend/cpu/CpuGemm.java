package org.latent.backend.cpu;

import static java.util.Objects.checkFromToIndex;

import java.util.Arrays;

/**
 * Matrix products on the CPU.
 *
 * <p>{@link #gemm} runs {@link CpuGemmVector} (Vector API, register-blocked) when the module
 * jdk.incubator.vector is present (see {@link #VECTOR}), else the plain-Java kernel below
 * ({@link #scalarGemm}); both compute every element by the same operations, so they give the same
 * bits. The rest of this comment describes the plain-Java kernel.
 *
 * <p>{@link #gemm} computes a product L * R (L: rows x k, R: k x cols), which is op(A) * op(B) or,
 * when C has few columns and more rows, its transpose op(B)^T * op(A)^T written into C transposed,
 * so the vectorized inner loop always runs along the longer side. It packs R in panels of at most
 * {@link #KC} x {@link #NC} into the rows of a per-thread scratch array, and runs a four-row
 * micro-kernel that accumulates four rows of the result in scratch rows, then adds them into C.
 *
 * <p>Why it is written this way (C2, JDK 17 and 25, x86-64):
 * <ul>
 *   <li>The kernel's inner loop indexes every array by the loop variable alone. C2 vectorizes a
 *       loop only when it can prove its loads and stores independent, and it proves nothing about
 *       two float arrays accessed at different unknown offsets (they might be the same array): so
 *       R is packed into separate row arrays and results collect in scratch rows, not in place.
 *   <li>Written with Math.fma the kernel vectorizes; the same sum with * and + does not.
 *   <li>Each kernel method holds one loop nest, checks the lengths of the arrays it stores to
 *       before it, and keeps to a block shape (see kernel4) that JDK 17 vectorized in every
 *       context tried. These are observations, checked by reading the compiled code, not rules
 *       documented by the JDK: in other forms JDK 17 sometimes unrolled the loop but left it
 *       scalar, four times slower. JDK 25 vectorized every form tried.
 * </ul>
 *
 * <p>Each C element is computed by the same sequence of fused multiply-adds whatever the thread
 * count, the orientation or the split into rows and columns: the k blocks depend only on k, and the
 * one- and four-row kernels and their k remainders run the same per-element chain (fma is exact
 * before its single rounding, so swapping its two factors changes nothing). So results are
 * bit-identical at any thread count.
 */
final class CpuGemm {
    private CpuGemm() {}

    /** Most rows of R packed at once: the k extent of a panel. */
    static final int KC = 128;
    /** Most columns of R packed at once: the length of the kernel's inner loop. KC x NC fits in L2. */
    static final int NC = 512;
    /** Below this many rows per thread the work is split over columns instead. */
    private static final int MIN_ROWS_PER_THREAD = 16;
    /** Below this many columns, a C with more rows than columns is computed transposed. */
    private static final int TRANSPOSE_BELOW_COLS = 128;
    /**
     * parallelFor's cost unit is about one elementwise operation; the kernel does about this many
     * multiply-adds in that time, so products under roughly 10 microseconds stay on one thread.
     */
    private static final int MACS_PER_COST_UNIT = 16;

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
        final float[] acc0 = new float[NC], acc1 = new float[NC], acc2 = new float[NC], acc3 = new float[NC];
        final float[] cRow = new float[NC];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * One call as result = alpha * L * R + beta * result, every operand read through element
     * strides: L(r, p) = l[lOffset + r * lRowStride + p * lKStride], R(p, j) = r[rOffset + p * rKStride
     * + j * rColStride], and result (r, j) is c[cOffset + r * cRowStride + j * cColStride].
     */
    private record Product(int rows, int cols, int k, float alpha, float beta,
                           float[] l, int lOffset, int lRowStride, int lKStride,
                           float[] r, int rOffset, int rKStride, int rColStride,
                           float[] c, int cOffset, int cRowStride, int cColStride) {}

    /**
     * Whether {@link CpuGemmVector} runs: the module jdk.incubator.vector is in the boot layer (the
     * JVM was started with {@code --add-modules jdk.incubator.vector}), 256-bit vectors run in
     * hardware, and the system property {@code latent.cpu.vector} is not "false". CpuGemmVector is
     * only loaded when the module is there, so this class runs without it.
     */
    static final boolean VECTOR = vectorAvailable();

    private static boolean vectorAvailable() {
        if ("false".equals(System.getProperty("latent.cpu.vector"))) return false;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return false;
        return CpuGemmVector.supported();
    }

    /** Which kernel {@link #gemm} runs, for logs and benchmarks. */
    static String kernelName() {
        return VECTOR ? "Vector API " + CpuGemmVector.VERSION + " " + CpuGemmVector.MR + "x" + CpuGemmVector.NR + ", "
                + CpuGemmVector.S.vectorBitSize() + "-bit (jdk.incubator.vector)" : "plain Java";
    }

    /**
     * C = alpha * op(A) * op(B) + beta * C, shapes already checked; with beta 0, C is only written.
     * No allocation once each thread's scratch exists, apart from the task objects of the split.
     */
    static void gemm(boolean transA, boolean transB, float alpha, CpuTensor a, CpuTensor b, float beta, CpuTensor c) {
        int m = c.rows(), n = c.cols(), k = transA ? a.rows() : a.cols();
        if (m == 0 || n == 0) return;
        if (k == 0) {
            scale(c, beta);
            return;
        }
        gemm(transA, transB, m, n, k, alpha, a.data, a.offset, a.cols(), b.data, b.offset, b.cols(), beta, c.data, c.offset,
                c.cols());
    }

    /**
     * The same on row-major matrices in arrays: op(A) is m x k, op(B) k x n, C m x n; lda, ldb and
     * ldc are the row lengths of A, B and C as stored; m, n, k > 0. The Vector API kernels run
     * when available, except for k of 2 or 3 with m and n above 1: tiles dominated by their stores,
     * where the plain kernel does as well. (Matrix-vector products and k = 1 go to
     * CpuGemmVectorThin's dot products and row updates.)
     */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOffset, int lda,
                     float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc) {
        if (VECTOR && (k >= 4 || k == 1 || m == 1 || n == 1)) {
            CpuGemmVector.gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
        } else {
            scalarGemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
        }
    }

    /** Whether {@link #gemm} would compute this product as its transpose (see CpuGemmVector.computesTransposed). */
    static boolean computesTransposed(boolean transA, boolean transB, int m, int n, int k, int lda, int ldb, int ldc) {
        return VECTOR && (k >= 4 || k == 1 || m == 1 || n == 1)
                && CpuGemmVector.computesTransposed(transA, transB, m, n, k, lda, ldb, ldc);
    }

    /** The plain-Java kernel (the fallback without the Vector API); m, n, k > 0. */
    static void scalarGemm(boolean transA, boolean transB, float alpha, CpuTensor a, CpuTensor b, float beta, CpuTensor c) {
        scalarGemm(transA, transB, c.rows(), c.cols(), transA ? a.rows() : a.cols(), alpha, a.data, a.offset, a.cols(),
                b.data, b.offset, b.cols(), beta, c.data, c.offset, c.cols());
    }

    static void scalarGemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOffset, int lda,
                           float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc) {
        // op(A)(i, p) and op(B)(p, j) as offset + i * stride + p * stride.
        int aRow = transA ? 1 : lda, aK = transA ? lda : 1, bK = transB ? 1 : ldb, bCol = transB ? ldb : 1;
        Product prod = n < TRANSPOSE_BELOW_COLS && m > n
                ? new Product(n, m, k, alpha, beta, b, bOffset, bCol, bK, a, aOffset, aK, aRow, c, cOffset, 1, ldc)
                : new Product(m, n, k, alpha, beta, a, aOffset, aRow, aK, b, bOffset, bK, bCol, c, cOffset, ldc, 1);
        int rows = prod.rows, cols = prod.cols;
        if (rows >= CpuThreads.threads() * MIN_ROWS_PER_THREAD) {
            CpuThreads.parallelFor(rows, (long) cols * k / MACS_PER_COST_UNIT, (r0, r1) -> block(prod, r0, r1, 0, cols));
        } else {
            CpuThreads.parallelFor(cols, (long) rows * k / MACS_PER_COST_UNIT, (j0, j1) -> block(prod, 0, rows, j0, j1));
        }
    }

    private static void scale(CpuTensor c, float beta) {
        for (int i = 0; i < c.size(); i++) {
            c.data[c.offset + i] = beta == 0f ? 0f : beta * c.data[c.offset + i];
        }
    }

    /** Result rows [r0, r1) x columns [j0, j1), in panels of near-equal size (no panel is a sliver). */
    private static void block(Product o, int r0, int r1, int j0, int j1) {
        Scratch s = SCRATCH.get();
        int colBlocks = ceilDiv(j1 - j0, NC), kBlocks = ceilDiv(o.k, KC);
        for (int jb = 0; jb < colBlocks; jb++) {
            int jc = j0 + split(j1 - j0, colBlocks, jb), nc = j0 + split(j1 - j0, colBlocks, jb + 1) - jc;
            for (int kb = 0; kb < kBlocks; kb++) {
                int pc = split(o.k, kBlocks, kb), kc = split(o.k, kBlocks, kb + 1) - pc;
                pack(o, pc, kc, jc, nc, s.panel);
                boolean first = kb == 0;
                int kc2 = kc & ~1, kc4 = kc & ~3;
                int r = r0;
                for (; r + 4 <= r1; r += 4) {
                    int lStart = o.lOffset + r * o.lRowStride + pc * o.lKStride;
                    Arrays.fill(s.acc0, 0, nc, 0f);
                    Arrays.fill(s.acc1, 0, nc, 0f);
                    Arrays.fill(s.acc2, 0, nc, 0f);
                    Arrays.fill(s.acc3, 0, nc, 0f);
                    kernel4(o.l, lStart, o.lRowStride, o.lKStride, kc2, s.panel, s.acc0, s.acc1, s.acc2, s.acc3, nc);
                    if (kc2 < kc) {
                        kernel4Last(o.l, lStart, o.lRowStride, o.lKStride, kc2, s.panel, s.acc0, s.acc1, s.acc2, s.acc3, nc);
                    }
                    store(o, s.acc0, s.cRow, r, jc, nc, first);
                    store(o, s.acc1, s.cRow, r + 1, jc, nc, first);
                    store(o, s.acc2, s.cRow, r + 2, jc, nc, first);
                    store(o, s.acc3, s.cRow, r + 3, jc, nc, first);
                }
                for (; r < r1; r++) {
                    int lStart = o.lOffset + r * o.lRowStride + pc * o.lKStride;
                    Arrays.fill(s.acc0, 0, nc, 0f);
                    kernel1(o.l, lStart, o.lKStride, kc4, s.panel, s.acc0, nc);
                    kernel1Tail(o.l, lStart, o.lKStride, kc4, kc, s.panel, s.acc0, nc);
                    store(o, s.acc0, s.cRow, r, jc, nc, first);
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

    /** panel[p][j] = R(pc + p, jc + j). */
    private static void pack(Product o, int pc, int kc, int jc, int nc, float[][] panel) {
        int base = o.rOffset + pc * o.rKStride + jc * o.rColStride;
        if (o.rColStride == 1) {
            for (int p = 0; p < kc; p++) {
                System.arraycopy(o.r, base + p * o.rKStride, panel[p], 0, nc);
            }
            return;
        }
        // A transposed read. Along each panel row; the columns' cache lines are reused for the next
        // rows (fastest of the orders tried: column blocks, column-major, unrolled).
        for (int p = 0; p < kc; p++) {
            float[] row = panel[p];
            for (int j = 0, src = base + p * o.rKStride; j < nc; j++, src += o.rColStride) {
                row[j] = o.r[src];
            }
        }
    }

    /**
     * acc0..acc3[j] += sum over p in [0, kc2) of L(r, p) * panel[p][j], for the four rows r of L
     * starting at l[lStart]; kc2 is even. The block shape is what C2 on JDK 17 vectorizes in every
     * call context tried: any number of rows up to four by two k steps, or one row by up to four.
     * Deeper blocks (two or three rows by three or four k steps) ran up to 20% faster when
     * vectorized, but whether they were depended on the calling code and the profile: when not,
     * the loop ran scalar, four times slower.
     */
    private static void kernel4(float[] l, int lStart, int rowStride, int kStride, int kc2, float[][] panel,
                                float[] acc0, float[] acc1, float[] acc2, float[] acc3, int nc) {
        checkFromToIndex(0, nc, acc0.length);
        checkFromToIndex(0, nc, acc1.length);
        checkFromToIndex(0, nc, acc2.length);
        checkFromToIndex(0, nc, acc3.length);
        for (int p = 0; p < kc2; p += 2) {
            int q0 = lStart + p * kStride, q1 = q0 + rowStride, q2 = q1 + rowStride, q3 = q2 + rowStride;
            float a00 = l[q0], a01 = l[q0 + kStride], a10 = l[q1], a11 = l[q1 + kStride];
            float a20 = l[q2], a21 = l[q2 + kStride], a30 = l[q3], a31 = l[q3 + kStride];
            float[] b0 = panel[p], b1 = panel[p + 1];
            for (int j = 0; j < nc; j++) {
                float x0 = b0[j], x1 = b1[j];
                acc0[j] = Math.fma(a01, x1, Math.fma(a00, x0, acc0[j]));
                acc1[j] = Math.fma(a11, x1, Math.fma(a10, x0, acc1[j]));
                acc2[j] = Math.fma(a21, x1, Math.fma(a20, x0, acc2[j]));
                acc3[j] = Math.fma(a31, x1, Math.fma(a30, x0, acc3[j]));
            }
        }
    }

    /** kernel4 for the single k step p (the last one when the panel's k extent is odd). */
    private static void kernel4Last(float[] l, int lStart, int rowStride, int kStride, int p, float[][] panel,
                                    float[] acc0, float[] acc1, float[] acc2, float[] acc3, int nc) {
        checkFromToIndex(0, nc, acc0.length);
        checkFromToIndex(0, nc, acc1.length);
        checkFromToIndex(0, nc, acc2.length);
        checkFromToIndex(0, nc, acc3.length);
        int q0 = lStart + p * kStride;
        float a0 = l[q0], a1 = l[q0 + rowStride], a2 = l[q0 + 2 * rowStride], a3 = l[q0 + 3 * rowStride];
        float[] b0 = panel[p];
        for (int j = 0; j < nc; j++) {
            float x0 = b0[j];
            acc0[j] = Math.fma(a0, x0, acc0[j]);
            acc1[j] = Math.fma(a1, x0, acc1[j]);
            acc2[j] = Math.fma(a2, x0, acc2[j]);
            acc3[j] = Math.fma(a3, x0, acc3[j]);
        }
    }

    /** kernel4 for a single row (k steps in fours), with the same per-element chain of fused multiply-adds. */
    private static void kernel1(float[] l, int lStart, int kStride, int kc4, float[][] panel, float[] acc0, int nc) {
        checkFromToIndex(0, nc, acc0.length);
        for (int p = 0; p < kc4; p += 4) {
            int q0 = lStart + p * kStride;
            float a00 = l[q0], a01 = l[q0 + kStride], a02 = l[q0 + 2 * kStride], a03 = l[q0 + 3 * kStride];
            float[] b0 = panel[p], b1 = panel[p + 1], b2 = panel[p + 2], b3 = panel[p + 3];
            for (int j = 0; j < nc; j++) {
                acc0[j] = Math.fma(a03, b3[j], Math.fma(a02, b2[j], Math.fma(a01, b1[j], Math.fma(a00, b0[j], acc0[j]))));
            }
        }
    }

    /** kernel1 for p in [from, kc), one k step at a time. */
    private static void kernel1Tail(float[] l, int lStart, int kStride, int from, int kc, float[][] panel,
                                    float[] acc0, int nc) {
        checkFromToIndex(0, nc, acc0.length);
        for (int p = from; p < kc; p++) {
            float a0 = l[lStart + p * kStride];
            float[] b0 = panel[p];
            for (int j = 0; j < nc; j++) {
                acc0[j] = Math.fma(a0, b0[j], acc0[j]);
            }
        }
    }

    /**
     * Result row r, columns [jc, jc + nc): C = alpha * acc + beta * C for the first k block, C +=
     * alpha * acc for later ones; with beta 0, C is not read. A contiguous C row goes through
     * scratch so the arithmetic loop vectorizes (see the class comment).
     */
    private static void store(Product o, float[] acc, float[] cRow, int r, int jc, int nc, boolean first) {
        float alpha = o.alpha, beta = first ? o.beta : 1f;
        int dst = o.cOffset + r * o.cRowStride + jc * o.cColStride;
        if (o.cColStride != 1) {
            storeStrided(acc, o.c, dst, o.cColStride, nc, alpha, beta);
            return;
        }
        checkFromToIndex(0, nc, acc.length);
        checkFromToIndex(0, nc, cRow.length);
        if (beta == 0f) {
            for (int j = 0; j < nc; j++) acc[j] = alpha * acc[j];
        } else {
            System.arraycopy(o.c, dst, cRow, 0, nc);
            for (int j = 0; j < nc; j++) acc[j] = alpha * acc[j] + beta * cRow[j];
        }
        System.arraycopy(acc, 0, o.c, dst, nc);
    }

    /** store for a result row that runs down a column of C (the transposed orientation). */
    private static void storeStrided(float[] acc, float[] c, int dst, int stride, int nc, float alpha, float beta) {
        for (int j = 0, d = dst; j < nc; j++, d += stride) {
            c[d] = beta == 0f ? alpha * acc[j] : alpha * acc[j] + beta * c[d];
        }
    }
}
