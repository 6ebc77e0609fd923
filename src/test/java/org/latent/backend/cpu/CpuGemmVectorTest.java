package org.latent.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Vector API GEMM (CpuGemmVector) against the plain triple loop CpuGemm.reference (relative
 * error at most 1e-5, as in GemmTest), and its determinism: the same bits whatever the split among
 * threads, and the same bits as the plain-Java kernel. Runs only where the JVM has the module
 * jdk.incubator.vector (the build passes --add-modules to surefire).
 */
class CpuGemmVectorTest {
    private static final double TOLERANCE = 1e-5;
    private static final int MR = CpuGemmVector.MR, NR = CpuGemmVector.NR, KC = CpuGemmVector.KC, L = CpuGemmVector.L,
            MC = CpuGemmVector.MC, NC = CpuGemmVector.NC;
    private static final boolean[][] TRANSPOSES = {{false, false}, {false, true}, {true, false}, {true, true}};
    /** m, n, k: edges of every block size, narrow, thin (one row, one column, k = 1) and transposed orientations. */
    private static final int[][] SHAPES = {
        {1, 1, 1}, {2, 2, 4}, {MR, NR, 4}, {MR + 1, NR + 1, 5}, {7, 13, 5}, {MR - 1, 3 * NR - 1, KC + 1},
        {MC + 5, 2 * NR + 3, 2 * KC + 7}, {37, NC + 19, KC - 3}, {100, 500, 784}, {301, 20, 130}, {64, 49, 576},
        {2048, 49, 128}, {9, 300, 17}, {129, 257, 3}, {100, 20, 500}, {64, 9, 196}, {100, 40, 500},
        {1, 700, 300}, {64, 9, 2 * KC + 1}, {70, 1, 2 * KC + 3}, {203, 131, 1}, {1, 1, 300},
        // Vector-width edges (L = 8 or 16 lanes; v2's one-vector kernels for edge strips of at most
        // L columns), R read in place (at most four row strips) and not (five), E1's small-k and
        // few-row products.
        {MR, L, 7}, {3, L + 1, KC + 2}, {2 * MR + 3, NR + L, 33}, {4 * MR, 3 * NR + L - 1, 2 * KC + 1},
        {4 * MR + 1, 2 * NR + 5, 100}, {20, 500, 100}, {100, 500, 20}, {500, 40, 100}, {MR + 2, L - 1, 2 * KC + 9},
    };

    private final CpuBackend cpu = new CpuBackend();
    private final Random random = new Random(20261123);

    @BeforeEach
    void needsTheVectorApi() {
        assumeTrue(CpuGemm.VECTOR, "jdk.incubator.vector is not in the boot layer");
    }

    @Test
    void matchesReferenceOnOddShapesTransposesAlphaAndBeta() {
        float[][] alphaBeta = {{1f, 0f}, {1f, 1f}, {-2f, 0.75f}, {0.5f, -1f}};
        for (int[] s : SHAPES) {
            for (boolean[] t : TRANSPOSES) {
                for (float[] ab : alphaBeta) {
                    CpuTensor a = random(t[0] ? s[2] : s[0], t[0] ? s[0] : s[2]);
                    CpuTensor b = random(t[1] ? s[1] : s[2], t[1] ? s[2] : s[1]);
                    CpuTensor c = random(s[0], s[1]), expected = copy(c);
                    CpuTensor scale = abs(c);
                    CpuGemmVector.gemm(t[0], t[1], ab[0], a, b, ab[1], c);
                    CpuGemm.reference(t[0], t[1], ab[0], a, b, ab[1], expected);
                    CpuGemm.reference(t[0], t[1], Math.abs(ab[0]), abs(a), abs(b), Math.abs(ab[1]), scale);
                    assertClose(expected.toArray(), c.toArray(), scale.toArray(),
                            what(t, s) + " alpha " + ab[0] + " beta " + ab[1]);
                }
            }
        }
    }

    /** Operands and C as views at offsets inside larger arrays; nothing outside C's view is written. */
    @Test
    void readsAndWritesViewsWithOffsets() {
        for (int[] s : new int[][] {{11, 290, 37}, {45, 21, 9}, {MR + 1, NR + 1, KC + 1}, {1, 77, 19}, {30, 1, 19}, {9, 75, 1}}) {
            for (boolean[] t : TRANSPOSES) {
                int aRows = t[0] ? s[2] : s[0], aCols = t[0] ? s[0] : s[2], bRows = t[1] ? s[1] : s[2];
                int bCols = t[1] ? s[2] : s[1];
                CpuTensor bigA = random(aRows + 3, aCols), bigB = random(bRows + 2, bCols), bigC = random(s[0] + 4, s[1]);
                float[] before = bigC.toArray();
                CpuTensor a = (CpuTensor) bigA.rows(2, aRows), b = (CpuTensor) bigB.rows(1, bRows);
                CpuTensor c = (CpuTensor) bigC.rows(3, s[0]), expected = copy(c);
                CpuGemmVector.gemm(t[0], t[1], 0.5f, a, b, 2f, c);
                CpuGemm.reference(t[0], t[1], 0.5f, a, b, 2f, expected);
                assertClose(expected.toArray(), c.toArray(), "views " + what(t, s));
                float[] after = bigC.toArray();
                for (int i = 0; i < before.length; i++) {
                    boolean inside = i >= 3 * s[1] && i < (3 + s[0]) * s[1];
                    if (!inside) assertTrue(before[i] == after[i], "views " + what(t, s) + ": wrote outside C at " + i);
                }
            }
        }
    }

    /**
     * The product split as 1, 2, 3 and 5 threads would split it gives the same bits, and so does
     * CpuGemm.gemm on the pool (whatever LATENT_THREADS is) and the plain-Java kernel.
     */
    @Test
    void bitIdenticalAtAnyThreadCountAndToThePlainKernel() {
        for (int[] s : SHAPES) {
            for (boolean[] t : TRANSPOSES) {
                for (float[] ab : new float[][] {{1.5f, 0f}, {1.5f, 0.5f}, {1f, 0f}}) {
                    float alpha = ab[0], beta = ab[1];
                    CpuTensor a = random(t[0] ? s[2] : s[0], t[0] ? s[0] : s[2]);
                    CpuTensor b = random(t[1] ? s[1] : s[2], t[1] ? s[2] : s[1]);
                    CpuTensor c0 = random(s[0], s[1]);
                    CpuTensor one = copy(c0);
                    CpuGemmVector.gemmInParts(t[0], t[1], alpha, a, b, beta, one, 1);
                    float[] expected = one.toArray();
                    for (int parts : new int[] {2, 3, 5}) {
                        CpuTensor c = copy(c0);
                        CpuGemmVector.gemmInParts(t[0], t[1], alpha, a, b, beta, c, parts);
                        assertArrayEquals(expected, c.toArray(), what(t, s) + " in " + parts + " parts");
                    }
                    CpuTensor pooled = copy(c0);
                    CpuGemmVector.gemm(t[0], t[1], alpha, a, b, beta, pooled);
                    assertArrayEquals(expected, pooled.toArray(), what(t, s) + " on " + CpuThreads.threads() + " threads");
                    CpuTensor plain = copy(c0);
                    CpuGemm.scalarGemm(t[0], t[1], alpha, a, b, beta, plain);
                    assertArrayEquals(expected, plain.toArray(), what(t, s) + " against the plain-Java kernel");
                }
            }
        }
    }

    /**
     * v2 (512-bit) runs where the JVM prefers 512-bit vectors, unless latent.cpu.gemm=v1 asks for v1;
     * the build's tests run under the JVM's choice and, by hand, under -Dlatent.cpu.gemm=v1.
     */
    @Test
    void kernelVersionFollowsTheVectorWidth() {
        boolean wide = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512;
        String expected = wide && !"v1".equals(System.getProperty("latent.cpu.gemm")) ? "v2" : "v1";
        org.junit.jupiter.api.Assertions.assertEquals(expected, CpuGemmVector.VERSION);
        org.junit.jupiter.api.Assertions.assertEquals(expected.equals("v2") ? 512 : 256, CpuGemmVector.S.vectorBitSize());
    }

    @Test
    void repeatedCallsGiveIdenticalBits() {
        CpuTensor a = random(130, 700), b = random(700, 90), c = (CpuTensor) cpu.allocate(130, 90);
        CpuGemmVector.gemm(false, false, 1f, a, b, 0f, c);
        float[] first = c.toArray();
        CpuGemmVector.gemm(true, true, 1f, random(33, 17), random(5, 33), 0f, (CpuTensor) cpu.allocate(17, 5));
        CpuGemmVector.gemm(false, false, 1f, a, b, 0f, c);
        assertArrayEquals(first, c.toArray());
    }

    private static String what(boolean[] t, int[] s) {
        return "gemm(" + t[0] + ", " + t[1] + ") " + s[0] + "x" + s[1] + "x" + s[2];
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertClose(expected, actual, expected, what);
    }

    /**
     * The error relative to {@code scale}'s norm: for the whole product, the same product on the
     * operands' magnitudes, so that a result that cancels to near zero (a 1 x 1 C) is not judged
     * against its own tiny size.
     */
    private static void assertClose(float[] expected, float[] actual, float[] scale, String what) {
        double diff = 0, norm = 0;
        for (int i = 0; i < expected.length; i++) {
            diff += ((double) actual[i] - expected[i]) * ((double) actual[i] - expected[i]);
            norm += (double) scale[i] * scale[i];
        }
        double relative = norm == 0 ? Math.sqrt(diff) : Math.sqrt(diff / norm);
        assertTrue(relative <= TOLERANCE, what + ": relative error " + relative + " > " + TOLERANCE);
    }

    private CpuTensor abs(CpuTensor t) {
        float[] x = t.toArray();
        for (int i = 0; i < x.length; i++) x[i] = Math.abs(x[i]);
        return (CpuTensor) cpu.upload(x, t.rows(), t.cols());
    }

    private CpuTensor copy(CpuTensor t) {
        return (CpuTensor) cpu.upload(t.toArray(), t.rows(), t.cols());
    }

    private CpuTensor random(int rows, int cols) {
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) x[i] = random.nextFloat() * 2f - 1f;
        return (CpuTensor) cpu.upload(x, rows, cols);
    }
}
