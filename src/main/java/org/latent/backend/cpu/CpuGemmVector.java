package org.latent.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix products with the Vector API (jdk.incubator.vector), GotoBLAS/BLIS style: op(B) is packed
 * in panels of {@link #KC} x {@link #NC} cut into column strips of {@link #NR}, op(A) in blocks of
 * {@link #MC} x {@link #KC} cut into row strips of {@link #MR}, and a register-blocked micro-kernel
 * holds an MR x NR tile of C in eight or twelve 256-bit accumulators for the whole k block (A broadcast, B
 * loaded, fused multiply-add). Edge tiles run the same kernel on zero-padded strips and store only
 * their valid part.
 *
 * <p>This class is loaded only when the module jdk.incubator.vector is in the boot layer (see
 * {@link CpuGemm#gemm}); without it CpuGemm's plain-Java kernel runs.
 *
 * <p>Determinism: every C element is computed by the same operations whatever the thread count,
 * the orientation (C or its transpose), the split of C among threads and the element's position in
 * a tile: the k blocks depend only on k; within a block the accumulator starts at zero and takes
 * fma(a_p, b_p, acc) for p in increasing order (fma is exact before its single rounding, so its
 * two factors commute); the first block stores alpha * acc (+ beta * C), later blocks C + alpha *
 * acc, the same in vector and scalar stores. So results are bit-identical at any thread count.
 * These are also exactly the operations of CpuGemm's plain-Java kernel (same k blocks, same fma
 * chain, same stores), so both kernels give the same bits and the choice between them (by shape,
 * or by whether the module is present) changes no result.
 */
final class CpuGemmVector {
    private CpuGemmVector() {}

    /**
     * Kernel version, chosen once per JVM: "v2" (512-bit vectors, an 8 x 32 micro-tile in sixteen
     * zmm accumulators) where the JVM runs 512-bit float vectors in hardware (AVX-512), else "v1"
     * (256-bit vectors, 6 x 16 on JDK 17 and 4 x 16 after it). The system property
     * {@code latent.cpu.gemm=v1} selects v1 where v2 would run (for benchmarks); where 512-bit vectors
     * are not preferred (they would be emulated) v1 runs even when v2 is asked for. Both versions compute every element
     * by the same operations (each lane is one C element, k blocks and order unchanged), so they
     * give the same bits.
     *
     * <p>The width also applies to CpuGemmVectorThin and CpuConvOneOutput ({@link #S}): on JDK 17,
     * 256- and 512-bit vectors used in one JVM made C2 box the vectors of both (a kernel ran at
     * 2 GFLOP/s instead of 200 once the other width had run), so all Vector API code uses one width.
     */
    static final String VERSION = version();
    /** True for the 512-bit kernel (v2). */
    static final boolean WIDE = VERSION.equals("v2");
    /** The species of every Vector API kernel of this backend (see {@link #VERSION}). */
    static final VectorSpecies<Float> S = WIDE ? FloatVector.SPECIES_512 : FloatVector.SPECIES_256;
    /** Lanes of {@link #S}: 16 or 8. */
    static final int L = S.length();
    /**
     * Micro-tile rows and columns. v2: 8 x 32 = sixteen 512-bit accumulators (of 32 zmm registers).
     * Timed alone (packed strips, kc 128, one core of the AVX-512 Xeon VM, JDK 17 and 25 alike):
     * 8x32 and 14x32 ran at 160-235 GFLOP/s, 10x32 and 12x32 at 120-130 on JDK 17; 8 rows pad a
     * batch of 100 to 104. v1: 6 x 16 floats = 12 accumulators of 8 lanes (of AVX2's 16 registers) on JDK 17, 4 x 16 after it.
     * Timed alone on the 2-core EPYC, the 6x16 kernel ran at
     * 78-83 GFLOP/s on JDK 17 and 40 on JDK 25, the 4x16 one at 68-72 and 80 (its C2 seems to spill
     * the six-row tile; JDK 18-24 not measured). The row count changes no result: each element's
     * operations are the same in either (see the class comment).
     */
    static final int MR = WIDE ? 8 : Runtime.version().feature() <= 17 ? 6 : 4, NR = 2 * L;
    /**
     * k extent of a packed block: a B strip (8 or 16 KiB) stays in L1 while the A strips stream from L2.
     * The same k blocks as CpuGemm's plain kernel, whose per-element operations are the same too
     * (see the class comment), so the two kernels give bit-identical results.
     */
    static final int KC = CpuGemm.KC;
    /** Rows of a packed A block (144 KiB, in L2). */
    static final int MC = 288;
    /** Columns of a packed B panel (1 MiB). */
    static final int NC = 1024;
    /** At most this many column strips of R make a product narrow: see {@link #readsLInPlace}. */
    private static final int NARROW_STRIPS = 4;
    /**
     * Multiply-adds per parallelFor cost unit, so products from about 640,000 multiply-adds split
     * (parallelFor splits from 40,000 units). Since CpuThreads' caller runs chunks itself beside
     * spinning workers, splitting ran 1.1-1.6x faster on 2 threads down to 500 x 40 x 100 and
     * 64 x 49 x 576 (about 2 million); with the ForkJoinPool hand-off before it (about 15
     * microseconds) such products ran faster on one thread.
     */
    private static final int MACS_PER_COST_UNIT = 16;

    /** True when 256-bit float vectors are at least the preferred size (AVX2 or wider), i.e. run in hardware. */
    static boolean supported() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
    }

    private static String version() {
        boolean wide = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512;
        String asked = System.getProperty("latent.cpu.gemm", "");
        if (asked.equals("v1")) return "v1";
        if (asked.equals("v2") || asked.isEmpty()) return wide ? "v2" : "v1";
        throw new IllegalArgumentException("-Dlatent.cpu.gemm=" + asked + ": the CPU GEMM kernel must be v1 or v2");
    }

    /** result(i, j) = sum_p L(i, p) R(p, j), read and written through element strides (see CpuGemm.Product). */
    private record Product(int rows, int cols, int k, float alpha, float beta,
                           float[] l, int lOffset, int lRowStride, int lKStride,
                           float[] r, int rOffset, int rKStride, int rColStride,
                           float[] c, int cOffset, int cRowStride, int cColStride) {}

    private static final class Scratch {
        final float[] a = new float[MC * KC];
        final float[] b = new float[KC * NC];
        final float[] tile = new float[MR * NR];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** C = alpha * op(A) * op(B) + beta * C on CpuThreads' pool; shapes checked, m, n, k > 0. */
    static void gemm(boolean transA, boolean transB, float alpha, CpuTensor a, CpuTensor b, float beta, CpuTensor c) {
        gemm(transA, transB, c.rows(), c.cols(), transA ? a.rows() : a.cols(), alpha, a.data, a.offset, a.cols(), b.data,
                b.offset, b.cols(), beta, c.data, c.offset, c.cols());
    }

    /**
     * The same on row-major matrices in arrays: op(A) is m x k, op(B) k x n, C m x n; lda, ldb and
     * ldc are the row lengths of A, B and C as stored. m, n, k > 0.
     */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOffset, int lda,
                     float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc) {
        Product o = product(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
        if (thin(o, CpuThreads::parallelFor)) return;
        boolean byColumns = splitByColumns(o, CpuThreads.threads());
        int units = byColumns ? ceilDiv(o.cols, NR) : ceilDiv(o.rows, MR);
        long macsPerUnit = (long) (byColumns ? NR * o.rows : MR * o.cols) * o.k;
        CpuThreads.parallelFor(units, Math.max(1, macsPerUnit / MACS_PER_COST_UNIT), (u0, u1) -> run(o, byColumns, u0, u1));
    }

    /**
     * The same product computed as {@code parts} threads would split it, the parts one after
     * another in the calling thread; for tests of thread-count independence.
     */
    static void gemmInParts(boolean transA, boolean transB, float alpha, CpuTensor a, CpuTensor b, float beta, CpuTensor c,
                            int parts) {
        Product o = product(transA, transB, c.rows(), c.cols(), transA ? a.rows() : a.cols(), alpha, a.data, a.offset,
                a.cols(), b.data, b.offset, b.cols(), beta, c.data, c.offset, c.cols());
        CpuGemmVectorThin.Splitter inParts = (n, cost, body) -> {
            for (int p = 0; p < parts; p++) {
                int u0 = (int) ((long) n * p / parts), u1 = (int) ((long) n * (p + 1) / parts);
                if (u0 < u1) body.run(u0, u1);
            }
        };
        if (thin(o, inParts)) return;
        boolean byColumns = splitByColumns(o, parts);
        inParts.split(byColumns ? ceilDiv(o.cols, NR) : ceilDiv(o.rows, MR), 0, (u0, u1) -> run(o, byColumns, u0, u1));
    }

    /** Runs the product through CpuGemmVectorThin when it is one of that class's forms; false if not. */
    private static boolean thin(Product o, CpuGemmVectorThin.Splitter splitter) {
        if (!isThin(o)) return false;
        CpuGemmVectorThin.run(o.rows, o.cols, o.k, o.alpha, o.beta, o.l, o.lOffset, o.lRowStride, o.lKStride, o.r,
                o.rOffset, o.rKStride, o.rColStride, o.c, o.cOffset, o.cRowStride, o.cColStride, splitter);
        return true;
    }

    private static boolean isThin(Product o) {
        return CpuGemmVectorThin.handles(o.rows, o.cols, o.k, o.lKStride, o.rColStride, o.cColStride);
    }

    private static void run(Product o, boolean byColumns, int u0, int u1) {
        Scratch s = SCRATCH.get();
        if (byColumns) region(o, s, 0, o.rows, u0 * NR, Math.min(o.cols, u1 * NR));
        else region(o, s, u0 * MR, Math.min(o.rows, u1 * MR), 0, o.cols);
    }

    /**
     * The product as L * R with C row-major, or as its transpose (R^T L^T into C transposed): one
     * that CpuGemmVectorThin computes first (straight before transposed), else the one of lower
     * {@link #cost}.
     */
    private static Product product(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOffset,
                                   int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc) {
        int aRow = transA ? 1 : lda, aK = transA ? lda : 1, bK = transB ? 1 : ldb, bCol = transB ? ldb : 1;
        Product straight = new Product(m, n, k, alpha, beta, a, aOffset, aRow, aK, b, bOffset, bK, bCol, c, cOffset, ldc, 1);
        Product transposed = new Product(n, m, k, alpha, beta, b, bOffset, bCol, bK, a, aOffset, aK, aRow, c, cOffset, 1, ldc);
        if (isThin(straight)) return straight;
        if (isThin(transposed)) return transposed;
        return cost(transposed) < cost(straight) ? transposed : straight;
    }

    /**
     * Whether {@link #gemm} computes this product as its transpose, C written across its rows by
     * scalar stores: a caller free to lay out C either way then does better to ask for C^T.
     */
    static boolean computesTransposed(boolean transA, boolean transB, int m, int n, int k, int lda, int ldb, int ldc) {
        Product o = product(transA, transB, m, n, k, 1f, null, 0, lda, null, 0, ldb, 0f, null, 0, ldc);
        return o.rows != m || o.cColStride != 1;
    }

    /**
     * A rough estimate of a product's time in cycles of one core: the multiply-adds of the padded
     * tiles at 16 a cycle; packing, per float, 1/4 where a strip is copied as vectors (R's rows
     * along its columns), 1 where L's MR rows lie side by side, 3 for a gather along strided
     * columns or rows; storing C, per element and k block, 1/4 by vector and {@link #SCALAR_STORE} by scalar stores
     * (edge tiles are ignored). The weights were set by timing both orientations of the models'
     * shapes against each other: only the gathers decide most of them, as for the discriminator's
     * 64 x 9 x 2156 filter gradient with B transposed, which ran 1.3-1.6x faster straight (16 x k
     * floats of B gathered) than transposed (64 x k of A), although the transposed pads less.
     */
    /**
     * {@link #cost}'s weight of a scalar store into C per element and k block: 4 for v2 (1 for v1,
     * as before). v2's 32-column strips make more products narrow, so that L is read in place and
     * C computed transposed; its scalar stores then cost more than 1: on 2 threads, two runs each
     * in one JVM, weight 4 against 1 took 128 x 2048 x 980 with B transposed from 58-82 to 132-136
     * GFLOP/s, 128 x 2048 x 49 from 38-50 to 127-238 and E1's 100 x 500 x 500 input gradient from
     * 51-76 to 118-239 (a noisy machine; two DCGAN products moved either way).
     */
    private static final double SCALAR_STORE = WIDE ? 4 : 1;

    private static double cost(Product o) {
        double stores = (double) o.rows * o.cols * ceilDiv(o.k, KC) * (o.cColStride == 1 ? 0.25 : SCALAR_STORE);
        return blockCost(o, ceilDiv(o.rows, MR) * MR, ceilDiv(o.cols, NR) * NR) + stores;
    }

    /** {@link #cost}'s multiply-adds and packing for a block of rows x cols (whole strips) of o's result. */
    private static double blockCost(Product o, int rows, int cols) {
        double macs = (double) rows * cols * o.k / 16;
        double packR = readsRInPlace(o) ? 0 : (double) cols * o.k * (o.rColStride == 1 ? 0.25 : 3);
        double packL = readsLInPlace(o) ? 0 : (double) rows * o.k * ceilDiv(cols, NC) * (o.lRowStride == 1 ? 1 : 3);
        return macs + packR + packL;
    }

    /**
     * Whether the kernel reads L where it lies instead of packing it: when R has at most
     * {@link #NARROW_STRIPS} column strips, a packed L strip would be used that few times, and
     * packing costs about as much as multiplying (100 x 20 x 500 with B transposed: 50,000 floats
     * gathered for 2 million multiply-adds); and only when L's rows run along k, so that the rows of a
     * strip are sequential streams.
     */
    private static boolean readsLInPlace(Product o) {
        return o.lKStride == 1 && ceilDiv(o.cols, NR) <= NARROW_STRIPS;
    }

    /**
     * Whether v2's kernel reads R's full column strips where they lie instead of packing them
     * (edge strips are still packed): when L has at most {@link #NARROW_STRIPS} row strips, a packed
     * R strip would be used that few times, R's rows are contiguous (vector loads along them) and L
     * is not read in place already. 20 x 500 x 100 (E1's last decoder layer's weight gradient) spent
     * 40 % as long packing R as multiplying.
     */
    private static boolean readsRInPlace(Product o) {
        return WIDE && o.rColStride == 1 && ceilDiv(o.rows, MR) <= NARROW_STRIPS && !readsLInPlace(o);
    }

    /**
     * Threads split the columns (each packs all of L and its own columns of R) or the rows (each
     * packs its rows of L and all of R), whichever leaves the busiest thread less by {@link #cost}'s
     * weights: whole strips per thread, and the operand every thread packs. Against the rule before
     * it (columns when there were at least two strips per thread or more column than row strips),
     * in the same JVM on 2 threads: 128 x 196 x 2048 1.10x, 100 x 20 x 500 (B transposed) 1.20x, the
     * E1 weight gradients (T N, k = 100) 1.03-1.04x, the other changed choices within 2 %.
     */
    private static boolean splitByColumns(Product o, int parts) {
        int colStrips = ceilDiv(o.cols, NR), rowStrips = ceilDiv(o.rows, MR);
        double byColumns = blockCost(o, rowStrips * MR, ceilDiv(colStrips, Math.min(parts, colStrips)) * NR);
        double byRows = blockCost(o, ceilDiv(rowStrips, Math.min(parts, rowStrips)) * MR, colStrips * NR);
        return byColumns <= byRows;
    }

    /** Result rows [i0, i1) x columns [j0, j1). */
    private static void region(Product o, Scratch s, int i0, int i1, int j0, int j1) {
        int kBlocks = ceilDiv(o.k, KC);
        boolean inPlace = readsLInPlace(o), rInPlace = readsRInPlace(o);
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int kb = 0; kb < kBlocks; kb++) {
                int pc = split(o.k, kBlocks, kb), kc = split(o.k, kBlocks, kb + 1) - pc;
                boolean first = kb == 0;
                packR(o, pc, kc, jc, nc, s.b, rInPlace);
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    if (!inPlace) packL(o, ic, mc, pc, kc, s.a);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr), bAt = jr * kc;
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            if (WIDE) {
                                tileV2(o, s, inPlace, rInPlace, first, ic + ir, ir, mr, pc, kc, jc + jr, nr, bAt);
                                continue;
                            }
                            if (!inPlace) {
                                kernel(kc, s.a, ir * kc, s.b, bAt, s.tile);
                            } else if (mr == MR) {
                                kernelInPlace(kc, o.l, o.lOffset + (ic + ir) * o.lRowStride + pc, o.lRowStride, s.b, bAt, s.tile);
                            } else {
                                packLEdge(o.l, o.lOffset + (ic + ir) * o.lRowStride + pc, o.lRowStride, 1, mr, kc, s.a, 0);
                                kernel(kc, s.a, 0, s.b, bAt, s.tile);
                            }
                            store(o, s.tile, ic + ir, jc + jr, mr, nr, first);
                        }
                    }
                }
            }
        }
    }

    /**
     * v2's tile of result rows i.. (row ir of the packed L block), columns j.. for one k block. A
     * full tile of the first k block with alpha 1 and beta 0 and C's rows contiguous is written
     * straight into C by the kernel (storeRows would store 1 * acc, the same bits), sparing the
     * scratch tile's round trip, which cost about a fifth of the time at k = 20; every other tile
     * goes through the scratch tile and {@link #store}. Edge strips with at most L columns run the
     * one-vector kernels.
     */
    private static void tileV2(Product o, Scratch s, boolean lInPlace, boolean rInPlace, boolean first, int i, int ir, int mr,
                               int pc, int kc, int j, int nr, int bAt) {
        boolean direct = first && o.alpha == 1f && o.beta == 0f && mr == MR && nr == NR && o.cColStride == 1;
        float[] t = direct ? o.c : s.tile;
        int tAt = direct ? o.cOffset + i * o.cRowStride + j : 0, ts = direct ? o.cRowStride : NR;
        boolean half = nr <= L;
        if (rInPlace && nr == NR) {
            kernelRInPlace8x32(kc, s.a, ir * kc, o.r, o.rOffset + pc * o.rKStride + j, o.rKStride, t, tAt, ts);
        } else if (!lInPlace) {
            if (half) kernel8x16(kc, s.a, ir * kc, s.b, bAt, t, tAt, ts);
            else kernel8x32(kc, s.a, ir * kc, s.b, bAt, t, tAt, ts);
        } else if (mr == MR) {
            int lAt = o.lOffset + i * o.lRowStride + pc;
            if (half) kernelInPlace8x16(kc, o.l, lAt, o.lRowStride, s.b, bAt, t, tAt, ts);
            else kernelInPlace8x32(kc, o.l, lAt, o.lRowStride, s.b, bAt, t, tAt, ts);
        } else {
            packLEdge(o.l, o.lOffset + i * o.lRowStride + pc, o.lRowStride, 1, mr, kc, s.a, 0);
            if (half) kernel8x16(kc, s.a, 0, s.b, bAt, t, tAt, ts);
            else kernel8x32(kc, s.a, 0, s.b, bAt, t, tAt, ts);
        }
        if (!direct) store(o, s.tile, i, j, mr, nr, first);
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    /** Start of part {@code part} when {@code total} is cut into {@code parts} near-equal parts. */
    private static int split(int total, int parts, int part) {
        return (int) ((long) total * part / parts);
    }

    /**
     * a[(i / MR) * MR * kc + p * MR + i % MR] = L(ic + i, pc + p) for i < mc rounded up to MR (zeros
     * past mc). Each case is its own small method, so that each compiles on its own profile.
     */
    private static void packL(Product o, int ic, int mc, int pc, int kc, float[] a) {
        int rowStride = o.lRowStride, kStride = o.lKStride;
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir), dst = ir * kc, base = o.lOffset + (ic + ir) * rowStride + pc * kStride;
            if (mr < MR) packLEdge(o.l, base, rowStride, kStride, mr, kc, a, dst);
            else if (rowStride == 1) packLColumns(o.l, base, kStride, kc, a, dst);
            else packLRows(o.l, base, rowStride, kStride, kc, a, dst);
        }
    }

    /** One full strip of L when its rows are adjacent: MR consecutive floats per k step. */
    private static void packLColumns(float[] l, int base, int kStride, int kc, float[] a, int dst) {
        for (int p = 0, src = base, d = dst; p < kc; p++, src += kStride, d += MR) {
            for (int r = 0; r < MR; r++) a[d + r] = l[src + r];
        }
    }

    /** One full strip of L read along its MR rows. */
    private static void packLRows(float[] l, int base, int rowStride, int kStride, int kc, float[] a, int dst) {
        for (int p = 0, d = dst, q = base; p < kc; p++, d += MR, q += kStride) {
            for (int r = 0; r < MR; r++) a[d + r] = l[q + r * rowStride];
        }
    }

    /**
     * The last strip of L with mr < MR rows, zero-padded. When L's rows run along k, one row after
     * another and the zero rows after them (1.0-1.1x on whole small products); else in k order,
     * with a branch per element.
     */
    private static void packLEdge(float[] l, int base, int rowStride, int kStride, int mr, int kc, float[] a, int dst) {
        if (kStride != 1) {
            for (int p = 0, d = dst; p < kc; p++, d += MR) {
                for (int r = 0; r < MR; r++) a[d + r] = r < mr ? l[base + r * rowStride + p * kStride] : 0f;
            }
            return;
        }
        for (int r = 0; r < MR; r++) {
            if (r < mr) {
                for (int p = 0, src = base + r * rowStride, d = dst + r; p < kc; p++, src++, d += MR) a[d] = l[src];
            } else {
                for (int p = 0, d = dst + r; p < kc; p++, d += MR) a[d] = 0f;
            }
        }
    }

    /**
     * b[(j / NR) * NR * kc + p * NR + j % NR] = R(pc + p, jc + j) for j < nc rounded up to NR (zeros
     * past nc).
     */
    private static void packR(Product o, int pc, int kc, int jc, int nc, float[] b, boolean rInPlace) {
        int kStride = o.rKStride, colStride = o.rColStride, full = nc / NR * NR;
        if (colStride == 1 && !rInPlace) packRRows(o.r, o.rOffset + pc * kStride + jc, kStride, kc, full, b);
        for (int jr = colStride == 1 ? full : 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr), dst = jr * kc, base = o.rOffset + pc * kStride + (jc + jr) * colStride;
            if (nr < NR) packREdge(o.r, base, kStride, colStride, nr, kc, b, dst);
            else packRColumns(o.r, base, kStride, colStride, kc, b, dst);
        }
    }

    /**
     * The full strips of R (its first {@code full} columns) when its rows are contiguous, one row
     * of R at a time: reading each row straight through ran 1.05-1.2x faster on whole products
     * than filling one strip after another, which reads 64 bytes from each of kc rows per strip.
     */
    private static void packRRows(float[] r, int base, int kStride, int kc, int full, float[] b) {
        int strip = NR * kc;
        for (int p = 0, src = base, first = 0; p < kc; p++, src += kStride, first += NR) {
            for (int j = 0, d = first; j < full; j += NR, d += strip) {
                FloatVector.fromArray(S, r, src + j).intoArray(b, d);
                FloatVector.fromArray(S, r, src + j + L).intoArray(b, d + L);
            }
        }
    }

    /**
     * One full strip of R whose columns are strided (op(B) transposed), eight columns side by side:
     * 1.7-2x faster than one column after another in isolation (eight loads in flight before the
     * stores; a 16-column strip of 128 k steps, R in L2 or not).
     */
    private static void packRColumns(float[] r, int base, int kStride, int colStride, int kc, float[] b, int dst) {
        for (int j = 0; j < NR; j += 8) {
            int s0 = base + j * colStride, s1 = s0 + colStride, s2 = s1 + colStride, s3 = s2 + colStride;
            int s4 = s3 + colStride, s5 = s4 + colStride, s6 = s5 + colStride, s7 = s6 + colStride;
            for (int p = 0, q = 0, d = dst + j; p < kc; p++, q += kStride, d += NR) {
                float x0 = r[s0 + q], x1 = r[s1 + q], x2 = r[s2 + q], x3 = r[s3 + q];
                float x4 = r[s4 + q], x5 = r[s5 + q], x6 = r[s6 + q], x7 = r[s7 + q];
                b[d] = x0;
                b[d + 1] = x1;
                b[d + 2] = x2;
                b[d + 3] = x3;
                b[d + 4] = x4;
                b[d + 5] = x5;
                b[d + 6] = x6;
                b[d + 7] = x7;
            }
        }
    }

    /**
     * The last strip of R with nr < NR columns, zero-padded, as {@link #packLEdge} packs L's. Column
     * by column when R's columns run along k (op(B) transposed): 1.02-1.56x on whole N T products
     * whose edge strip is a large share (64 x 9 x k, 100 x 20 x 500), against k order. Kept apart
     * from packLEdge: one method for both, with the width as an argument, ran 10-25 % slower there.
     */
    private static void packREdge(float[] r, int base, int kStride, int colStride, int nr, int kc, float[] b, int dst) {
        if (kStride != 1) {
            for (int p = 0, d = dst; p < kc; p++, d += NR) {
                int src = base + p * kStride;
                for (int j = 0; j < NR; j++) b[d + j] = j < nr ? r[src + j * colStride] : 0f;
            }
            return;
        }
        for (int j = 0; j < NR; j++) {
            if (j < nr) {
                for (int p = 0, src = base + j * colStride, d = dst + j; p < kc; p++, src++, d += NR) b[d] = r[src];
            } else {
                for (int p = 0, d = dst + j; p < kc; p++, d += NR) b[d] = 0f;
            }
        }
    }

    /**
     * tile[i * NR + j] = the sum over p < kc of a[aAt + p * MR + i] * b[bAt + p * NR + j], summed from
     * zero by fused multiply-adds in increasing p in twelve (MR = 6) or eight vector registers.
     * Each kernel method holds the loop and the tile stores and nothing else: with C's stores in it
     * as well (alpha, beta, the first k block), C2 on JDK 17 compiled the loop at under half the
     * speed (28 against 85 GFLOP/s on one EPYC core); {@link #store} adds the tile to C afterwards.
     */
    static void kernel(int kc, float[] a, int aAt, float[] b, int bAt, float[] tile) {
        if (MR == 6) kernel6(kc, a, aAt, b, bAt, tile);
        else kernel4(kc, a, aAt, b, bAt, tile);
    }

    private static void kernel6(int kc, float[] a, int aAt, float[] b, int bAt, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int p = 0, ai = aAt, bi = bAt; p < kc; p++, ai += MR, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi), b1 = FloatVector.fromArray(S, b, bi + 8);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, 8);
        c10.intoArray(tile, 16);
        c11.intoArray(tile, 24);
        c20.intoArray(tile, 32);
        c21.intoArray(tile, 40);
        c30.intoArray(tile, 48);
        c31.intoArray(tile, 56);
        c40.intoArray(tile, 64);
        c41.intoArray(tile, 72);
        c50.intoArray(tile, 80);
        c51.intoArray(tile, 88);
    }

    /**
     * {@link #kernel} with the MR rows of L read where they lie: row i at l[lAt + i * rowStride + p],
     * the same values in the same order, so the same bits.
     */
    static void kernelInPlace(int kc, float[] l, int lAt, int rowStride, float[] b, int bAt, float[] tile) {
        if (MR == 6) kernelInPlace6(kc, l, lAt, rowStride, b, bAt, tile);
        else kernelInPlace4(kc, l, lAt, rowStride, b, bAt, tile);
    }

    private static void kernelInPlace6(int kc, float[] l, int lAt, int rowStride, float[] b, int bAt, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        int r1 = rowStride, r2 = 2 * rowStride, r3 = 3 * rowStride, r4 = 4 * rowStride, r5 = 5 * rowStride;
        for (int p = 0, ai = lAt, bi = bAt; p < kc; p++, ai++, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi), b1 = FloatVector.fromArray(S, b, bi + 8);
            FloatVector x = FloatVector.broadcast(S, l[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, l[ai + r1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, l[ai + r2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, l[ai + r3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, l[ai + r4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, l[ai + r5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, 8);
        c10.intoArray(tile, 16);
        c11.intoArray(tile, 24);
        c20.intoArray(tile, 32);
        c21.intoArray(tile, 40);
        c30.intoArray(tile, 48);
        c31.intoArray(tile, 56);
        c40.intoArray(tile, 64);
        c41.intoArray(tile, 72);
        c50.intoArray(tile, 80);
        c51.intoArray(tile, 88);
    }

    /** {@link #kernel} for v2: 8 x 32 in sixteen 512-bit accumulators. */
    private static void kernel8x32(int kc, float[] a, int aAt, float[] b, int bAt, float[] t, int tAt, int ts) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        for (int p = 0, ai = aAt, bi = bAt; p < kc; p++, ai += 8, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi), b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[ai + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[ai + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        c00.intoArray(t, tAt);
        c01.intoArray(t, tAt + L);
        c10.intoArray(t, tAt + ts);
        c11.intoArray(t, tAt + ts + L);
        c20.intoArray(t, tAt + 2 * ts);
        c21.intoArray(t, tAt + 2 * ts + L);
        c30.intoArray(t, tAt + 3 * ts);
        c31.intoArray(t, tAt + 3 * ts + L);
        c40.intoArray(t, tAt + 4 * ts);
        c41.intoArray(t, tAt + 4 * ts + L);
        c50.intoArray(t, tAt + 5 * ts);
        c51.intoArray(t, tAt + 5 * ts + L);
        c60.intoArray(t, tAt + 6 * ts);
        c61.intoArray(t, tAt + 6 * ts + L);
        c70.intoArray(t, tAt + 7 * ts);
        c71.intoArray(t, tAt + 7 * ts + L);
    }

    /**
     * {@link #kernel8x32} with R's 32 columns read where they lie: row p of the strip at
     * r[rAt + p * rKStride], the same values in the same order, so the same bits.
     */
    private static void kernelRInPlace8x32(int kc, float[] a, int aAt, float[] r, int rAt, int rKStride, float[] t, int tAt, int ts) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        for (int p = 0, ai = aAt, bi = rAt; p < kc; p++, ai += 8, bi += rKStride) {
            FloatVector b0 = FloatVector.fromArray(S, r, bi), b1 = FloatVector.fromArray(S, r, bi + L);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[ai + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[ai + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        c00.intoArray(t, tAt);
        c01.intoArray(t, tAt + L);
        c10.intoArray(t, tAt + ts);
        c11.intoArray(t, tAt + ts + L);
        c20.intoArray(t, tAt + 2 * ts);
        c21.intoArray(t, tAt + 2 * ts + L);
        c30.intoArray(t, tAt + 3 * ts);
        c31.intoArray(t, tAt + 3 * ts + L);
        c40.intoArray(t, tAt + 4 * ts);
        c41.intoArray(t, tAt + 4 * ts + L);
        c50.intoArray(t, tAt + 5 * ts);
        c51.intoArray(t, tAt + 5 * ts + L);
        c60.intoArray(t, tAt + 6 * ts);
        c61.intoArray(t, tAt + 6 * ts + L);
        c70.intoArray(t, tAt + 7 * ts);
        c71.intoArray(t, tAt + 7 * ts + L);
    }

    /** {@link #kernelInPlace} for v2. */
    private static void kernelInPlace8x32(int kc, float[] l, int lAt, int rowStride, float[] b, int bAt, float[] t, int tAt, int ts) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        int r1 = rowStride, r2 = 2 * rowStride, r3 = 3 * rowStride, r4 = 4 * rowStride, r5 = 5 * rowStride;
        int r6 = 6 * rowStride, r7 = 7 * rowStride;
        for (int p = 0, ai = lAt, bi = bAt; p < kc; p++, ai++, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi), b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector x = FloatVector.broadcast(S, l[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, l[ai + r1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, l[ai + r2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, l[ai + r3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, l[ai + r4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, l[ai + r5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, l[ai + r6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, l[ai + r7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        c00.intoArray(t, tAt);
        c01.intoArray(t, tAt + L);
        c10.intoArray(t, tAt + ts);
        c11.intoArray(t, tAt + ts + L);
        c20.intoArray(t, tAt + 2 * ts);
        c21.intoArray(t, tAt + 2 * ts + L);
        c30.intoArray(t, tAt + 3 * ts);
        c31.intoArray(t, tAt + 3 * ts + L);
        c40.intoArray(t, tAt + 4 * ts);
        c41.intoArray(t, tAt + 4 * ts + L);
        c50.intoArray(t, tAt + 5 * ts);
        c51.intoArray(t, tAt + 5 * ts + L);
        c60.intoArray(t, tAt + 6 * ts);
        c61.intoArray(t, tAt + 6 * ts + L);
        c70.intoArray(t, tAt + 7 * ts);
        c71.intoArray(t, tAt + 7 * ts + L);
    }

    /**
     * v2's kernel for the last column strip when it has at most L valid columns: only the strip's
     * first vector (the rest is zero padding), eight accumulators; tile columns L.. are not written.
     */
    private static void kernel8x16(int kc, float[] a, int aAt, float[] b, int bAt, float[] t, int tAt, int ts) {
        FloatVector c00 = FloatVector.zero(S), c10 = c00, c20 = c00, c30 = c00, c40 = c00, c50 = c00, c60 = c00, c70 = c00;
        for (int p = 0, ai = aAt, bi = bAt; p < kc; p++, ai += 8, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00);
            x = FloatVector.broadcast(S, a[ai + 1]);
            c10 = x.fma(b0, c10);
            x = FloatVector.broadcast(S, a[ai + 2]);
            c20 = x.fma(b0, c20);
            x = FloatVector.broadcast(S, a[ai + 3]);
            c30 = x.fma(b0, c30);
            x = FloatVector.broadcast(S, a[ai + 4]);
            c40 = x.fma(b0, c40);
            x = FloatVector.broadcast(S, a[ai + 5]);
            c50 = x.fma(b0, c50);
            x = FloatVector.broadcast(S, a[ai + 6]);
            c60 = x.fma(b0, c60);
            x = FloatVector.broadcast(S, a[ai + 7]);
            c70 = x.fma(b0, c70);
        }
        c00.intoArray(t, tAt);
        c10.intoArray(t, tAt + ts);
        c20.intoArray(t, tAt + 2 * ts);
        c30.intoArray(t, tAt + 3 * ts);
        c40.intoArray(t, tAt + 4 * ts);
        c50.intoArray(t, tAt + 5 * ts);
        c60.intoArray(t, tAt + 6 * ts);
        c70.intoArray(t, tAt + 7 * ts);
    }

    /** {@link #kernel8x16} with L read where it lies. */
    private static void kernelInPlace8x16(int kc, float[] l, int lAt, int rowStride, float[] b, int bAt, float[] t, int tAt, int ts) {
        FloatVector c00 = FloatVector.zero(S), c10 = c00, c20 = c00, c30 = c00, c40 = c00, c50 = c00, c60 = c00, c70 = c00;
        int r1 = rowStride, r2 = 2 * rowStride, r3 = 3 * rowStride, r4 = 4 * rowStride, r5 = 5 * rowStride;
        int r6 = 6 * rowStride, r7 = 7 * rowStride;
        for (int p = 0, ai = lAt, bi = bAt; p < kc; p++, ai++, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector x = FloatVector.broadcast(S, l[ai]);
            c00 = x.fma(b0, c00);
            x = FloatVector.broadcast(S, l[ai + r1]);
            c10 = x.fma(b0, c10);
            x = FloatVector.broadcast(S, l[ai + r2]);
            c20 = x.fma(b0, c20);
            x = FloatVector.broadcast(S, l[ai + r3]);
            c30 = x.fma(b0, c30);
            x = FloatVector.broadcast(S, l[ai + r4]);
            c40 = x.fma(b0, c40);
            x = FloatVector.broadcast(S, l[ai + r5]);
            c50 = x.fma(b0, c50);
            x = FloatVector.broadcast(S, l[ai + r6]);
            c60 = x.fma(b0, c60);
            x = FloatVector.broadcast(S, l[ai + r7]);
            c70 = x.fma(b0, c70);
        }
        c00.intoArray(t, tAt);
        c10.intoArray(t, tAt + ts);
        c20.intoArray(t, tAt + 2 * ts);
        c30.intoArray(t, tAt + 3 * ts);
        c40.intoArray(t, tAt + 4 * ts);
        c50.intoArray(t, tAt + 5 * ts);
        c60.intoArray(t, tAt + 6 * ts);
        c70.intoArray(t, tAt + 7 * ts);
    }

    /** {@link #kernel} with four rows (MR = 4). */
    private static void kernel4(int kc, float[] a, int aAt, float[] b, int bAt, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        for (int p = 0, ai = aAt, bi = bAt; p < kc; p++, ai += 4, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi), b1 = FloatVector.fromArray(S, b, bi + 8);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, 8);
        c10.intoArray(tile, 16);
        c11.intoArray(tile, 24);
        c20.intoArray(tile, 32);
        c21.intoArray(tile, 40);
        c30.intoArray(tile, 48);
        c31.intoArray(tile, 56);
    }

    /** {@link #kernelInPlace} with four rows (MR = 4). */
    private static void kernelInPlace4(int kc, float[] l, int lAt, int rowStride, float[] b, int bAt, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        int r1 = rowStride, r2 = 2 * rowStride, r3 = 3 * rowStride;
        for (int p = 0, ai = lAt, bi = bAt; p < kc; p++, ai++, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi), b1 = FloatVector.fromArray(S, b, bi + 8);
            FloatVector x = FloatVector.broadcast(S, l[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, l[ai + r1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, l[ai + r2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, l[ai + r3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, 8);
        c10.intoArray(tile, 16);
        c11.intoArray(tile, 24);
        c20.intoArray(tile, 32);
        c21.intoArray(tile, 40);
        c30.intoArray(tile, 48);
        c31.intoArray(tile, 56);
    }

    /**
     * The valid mr x nr part of a tile into result rows i.., columns j..: alpha * acc (+ beta * C)
     * for the first k block (C not read when beta is 0), C + alpha * acc for later ones.
     */
    private static void store(Product o, float[] tile, int i, int j, int mr, int nr, boolean first) {
        int base = o.cOffset + i * o.cRowStride + j * o.cColStride;
        if (nr == NR && o.cColStride == 1) storeRows(o.c, base, o.cRowStride, tile, mr, o.alpha, o.beta, first);
        else storeScalar(o.c, base, o.cRowStride, o.cColStride, tile, mr, nr, o.alpha, o.beta, first);
    }

    private static void storeRows(float[] c, int base, int rowStride, float[] tile, int mr, float alpha, float beta,
                                  boolean first) {
        for (int r = 0; r < mr; r++) {
            int at = base + r * rowStride;
            for (int h = 0; h < NR; h += L) {
                FloatVector v = FloatVector.fromArray(S, tile, r * NR + h).mul(alpha);
                if (!first) v = FloatVector.fromArray(S, c, at + h).add(v);
                else if (beta != 0f) v = v.add(FloatVector.fromArray(S, c, at + h).mul(beta));
                v.intoArray(c, at + h);
            }
        }
    }

    /**
     * store's scalar form, the same operations per element: for edge tiles and a C written
     * transposed. A C written transposed (rowStride 1) is written along C's rows, the tile's mr
     * rows side by side for each of its columns: along the tile's rows, each store went to another
     * row of C, and with C's rows 8 KiB apart (128 x 2048 x 980 with B transposed, computed
     * transposed) the stores took twice as long as the multiply-adds.
     */
    private static void storeScalar(float[] c, int base, int rowStride, int colStride, float[] tile, int mr, int nr,
                                    float alpha, float beta, boolean first) {
        if (rowStride == 1) {
            for (int q = 0; q < nr; q++) {
                for (int r = 0, at = base + q * colStride; r < mr; r++, at++) {
                    float v = alpha * tile[r * NR + q];
                    c[at] = !first ? c[at] + v : beta != 0f ? v + beta * c[at] : v;
                }
            }
            return;
        }
        for (int r = 0; r < mr; r++) {
            for (int q = 0; q < nr; q++) {
                int at = base + r * rowStride + q * colStride;
                float v = alpha * tile[r * NR + q];
                c[at] = !first ? c[at] + v : beta != 0f ? v + beta * c[at] : v;
            }
        }
    }
}
