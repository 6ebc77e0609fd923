package org.latent.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.latent.backend.cpu.CpuBackend;
import org.latent.backend.cpu.CpuTensor;
import org.latent.tensor.Tensor;

/**
 * The blocked, multithreaded CpuBackend.gemm against the plain triple loop CpuGemm.reference.
 * Tolerance: ‖fast − reference‖ / ‖reference‖ ≤ 1e-5. Both accumulate in float32 but in different
 * orders (the fast one with fused multiply-adds, in k blocks); over k ≤ 800 terms of size ~1 the
 * rounding difference is ~sqrt(k) * 6e-8 ≈ 2e-6 relative, so 1e-5 passes rounding and fails any
 * wrong index, missed block or dropped term.
 */
class GemmTest {
    private static final double TOLERANCE = 1e-5;
    /** The fast kernel's panel sizes, to pick shapes that straddle them (CpuGemm.KC, CpuGemm.NC). */
    private static final int KC = 128, NC = 512;

    private final CpuBackend cpu = new CpuBackend();
    private final Random random = new Random(20240611);

    private static final boolean[][] TRANSPOSES = {{false, false}, {false, true}, {true, false}, {true, true}};

    @Test
    void matchesReferenceForAllTransposesAndOddShapes() {
        int[][] shapes = { // m, n, k
            {1, 1, 1}, {7, 13, 5}, {100, 500, 784}, {5, 9, 1}, {6, 1, 11}, {1, 17, 23}, {1, 300, 1},
            {3, NC + 7, KC + 5}, {37, 2 * NC + 3, 2 * KC + 3}, {301, 20, 130}, {2, 3, 4}, {129, 257, 3},
        };
        for (int[] s : shapes) {
            for (boolean[] t : TRANSPOSES) {
                assertMatchesReference(t[0], t[1], s[0], s[1], s[2], 1f, 0f);
            }
        }
    }

    @Test
    void appliesAlphaAndBeta() {
        float[][] alphaBeta = {{1f, 1f}, {0.5f, 0f}, {-2f, 0.75f}, {0f, 1.5f}, {3f, -1f}};
        for (float[] ab : alphaBeta) {
            for (boolean[] t : TRANSPOSES) {
                assertMatchesReference(t[0], t[1], 19, NC + 33, KC + 70, ab[0], ab[1]);
                assertMatchesReference(t[0], t[1], 45, 21, 9, ab[0], ab[1]);
            }
        }
    }

    @Test
    void betaZeroOverwritesNaNsInC() {
        for (boolean[] t : TRANSPOSES) {
            int m = 23, n = 300, k = 70;
            Tensor a = random(t[0] ? k : m, t[0] ? m : k), b = random(t[1] ? n : k, t[1] ? k : n);
            float[] nan = new float[m * n];
            Arrays.fill(nan, Float.NaN);
            Tensor c = cpu.upload(nan, m, n), expected = cpu.allocate(m, n);
            cpu.gemm(t[0], t[1], 1.5f, a, b, 0f, c);
            reference(t[0], t[1], 1.5f, a, b, 0f, expected);
            for (float v : c.toArray()) assertTrue(Float.isFinite(v), "gemm with beta 0 kept a NaN from C");
            assertClose(expected.toArray(), c.toArray(), "beta 0 with NaN-filled C");
        }
    }

    @Test
    void readsAndWritesViewsWithOffsets() {
        for (boolean[] t : TRANSPOSES) {
            for (int[] shape : new int[][] {{11, 290, 37}, {45, 21, 9}}) { // the second is computed transposed
                assertViewsWork(t[0], t[1], shape[0], shape[1], shape[2]);
            }
        }
    }

    private void assertViewsWork(boolean transA, boolean transB, int m, int n, int k) {
        int aRows = transA ? k : m, aCols = transA ? m : k, bRows = transB ? n : k, bCols = transB ? k : n;
        Tensor bigA = random(aRows + 3, aCols), bigB = random(bRows + 2, bCols), bigC = random(m + 4, n);
        float[] before = bigC.toArray();
        Tensor a = bigA.rows(2, aRows), b = bigB.rows(1, bRows), c = bigC.rows(3, m);
        Tensor expected = cpu.upload(c.toArray(), m, n);
        cpu.gemm(transA, transB, 0.5f, a, b, 2f, c);
        reference(transA, transB, 0.5f, a, b, 2f, expected);
        String what = "views, gemm(" + transA + ", " + transB + ") " + m + "x" + n + "x" + k;
        assertClose(expected.toArray(), c.toArray(), what);
        float[] after = bigC.toArray();
        for (int i = 0; i < before.length; i++) {
            boolean inside = i >= 3 * n && i < (3 + m) * n;
            if (!inside) assertEquals(before[i], after[i], 0f, what + ": wrote outside its C view at " + i);
        }
    }

    /**
     * Each C element goes through the same chain of operations however the rows and columns are
     * split among threads, and in either orientation, so rows computed alone equal the same rows of
     * the whole product bit for bit (that is what makes results independent of the thread count).
     */
    @Test
    void rowsComputedAloneEqualTheWholeProductBitForBit() {
        // n = 20: the whole product is computed transposed (C has few columns), single rows are not.
        for (int n : new int[] {700, 100, 20}) {
            int m = 64, k = 600;
            Tensor a = random(m, k), b = random(k, n), whole = cpu.allocate(m, n);
            cpu.gemm(false, false, 1f, a, b, 0f, whole);
            float[] all = whole.toArray();
            for (int[] range : new int[][] {{0, 1}, {5, 2}, {17, 30}}) {
                Tensor part = cpu.allocate(range[1], n);
                cpu.gemm(false, false, 1f, a.rows(range[0], range[1]), b, 0f, part);
                assertArrayEquals(Arrays.copyOfRange(all, range[0] * n, (range[0] + range[1]) * n), part.toArray(),
                        "n=" + n + " rows " + range[0] + "+" + range[1]);
            }
        }
    }

    /** The reference itself against a double-precision dot product, so the two cannot share an error. */
    @Test
    void referenceMatchesDoublePrecisionProduct() {
        int m = 5, n = 7, k = 9;
        for (boolean[] t : TRANSPOSES) {
            Tensor a = random(t[0] ? k : m, t[0] ? m : k), b = random(t[1] ? n : k, t[1] ? k : n);
            Tensor c = cpu.allocate(m, n);
            reference(t[0], t[1], 1f, a, b, 0f, c);
            float[] av = a.toArray(), bv = b.toArray(), expected = new float[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int p = 0; p < k; p++) {
                        sum += (double) (t[0] ? av[p * m + i] : av[i * k + p]) * (t[1] ? bv[j * k + p] : bv[p * n + j]);
                    }
                    expected[i * n + j] = (float) sum;
                }
            }
            assertClose(expected, c.toArray(), "reference " + Arrays.toString(t));
        }
    }

    @Test
    void rejectsMismatchedShapesNamingGemmAndShapes() {
        Tensor a = cpu.allocate(4, 5), b = cpu.allocate(6, 3), c = cpu.allocate(4, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cpu.gemm(false, false, 1f, a, b, 0f, c));
        assertTrue(e.getMessage().contains("gemm"), e.getMessage());
        assertTrue(e.getMessage().contains("[4, 5]") && e.getMessage().contains("[6, 3]"), e.getMessage());

        Tensor wrongC = cpu.allocate(4, 4);
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> cpu.gemm(false, true, 1f, a, cpu.allocate(3, 5), 0f, wrongC));
        assertTrue(e2.getMessage().contains("gemm") && e2.getMessage().contains("[4, 4]"), e2.getMessage());
    }

    private void assertMatchesReference(boolean transA, boolean transB, int m, int n, int k, float alpha, float beta) {
        Tensor a = random(transA ? k : m, transA ? m : k), b = random(transB ? n : k, transB ? k : n);
        Tensor c = random(m, n), expected = cpu.upload(c.toArray(), m, n);
        cpu.gemm(transA, transB, alpha, a, b, beta, c);
        reference(transA, transB, alpha, a, b, beta, expected);
        assertClose(expected.toArray(), c.toArray(), "gemm(" + transA + ", " + transB + ") m=" + m + " n=" + n + " k="
                + k + " alpha=" + alpha + " beta=" + beta);
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double diff = 0, norm = 0;
        for (int i = 0; i < expected.length; i++) {
            diff += ((double) actual[i] - expected[i]) * ((double) actual[i] - expected[i]);
            norm += (double) expected[i] * expected[i];
        }
        double relative = norm == 0 ? Math.sqrt(diff) : Math.sqrt(diff / norm);
        assertTrue(relative <= TOLERANCE, what + ": relative error " + relative + " > " + TOLERANCE);
    }

    private Tensor random(int rows, int cols) {
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) x[i] = random.nextFloat() * 2f - 1f;
        return cpu.upload(x, rows, cols);
    }

    /** CpuGemm.reference is package-private in backend.cpu; the tests of an op family live here. */
    private static void reference(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        try {
            REFERENCE.invoke(null, transA, transB, alpha, a, b, beta, c);
        } catch (InvocationTargetException e) {
            throw new AssertionError("CpuGemm.reference threw", e.getCause());
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    private static final Method REFERENCE = referenceMethod();

    private static Method referenceMethod() {
        try {
            Method m = Class.forName("org.latent.backend.cpu.CpuGemm").getDeclaredMethod("reference", boolean.class,
                    boolean.class, float.class, CpuTensor.class, CpuTensor.class, float.class, CpuTensor.class);
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("CpuGemm.reference(boolean, boolean, float, CpuTensor, CpuTensor, float, CpuTensor)"
                    + " not found", e);
        }
    }
}
