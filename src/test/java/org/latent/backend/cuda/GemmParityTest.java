package org.latent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.latent.backend.cuda.GpuTests.CPU;
import static org.latent.backend.cuda.GpuTests.assertParity;
import static org.latent.backend.cuda.GpuTests.gpu;
import static org.latent.backend.cuda.GpuTests.random;
import static org.latent.backend.cuda.GpuTests.toGpu;

import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.latent.tensor.Tensor;

/** cuBLAS and every version of our SGEMM kernel against CpuGemm, for all four transpose combinations. */
@Tag("gpu")
class GemmParityTest {
    private static final double TOL = 1e-4;
    /** m, k, n. */
    private static final int[][] SHAPES = {{1, 1, 1}, {7, 13, 5}, {100, 784, 500}, {128, 2048, 196}, {257, 33, 1000}};
    /** alpha, beta; beta 0 runs on a C full of NaN, which must not be read. */
    private static final float[][] SCALARS = {{1f, 0f}, {0.5f, -1.5f}, {-2f, 1f}};

    /** One GEMM implementation: cuBLAS or our kernel version v. */
    private record Path(String name, CudaBackend.GemmPath path, int version) {}

    private static Path[] paths() {
        Path[] p = new Path[CudaGemm.VERSIONS + 1];
        p[0] = new Path("cuBLAS", CudaBackend.GemmPath.CUBLAS, CudaGemm.VERSIONS);
        for (int v = 1; v <= CudaGemm.VERSIONS; v++) p[v] = new Path("own v" + v, CudaBackend.GemmPath.OWN, v);
        return p;
    }

    /** Runs body on the GPU with the given path selected, then restores the default. */
    private static void on(Path p, Consumer<CudaBackend> body) {
        CudaBackend g = gpu();
        CudaBackend.GemmPath savedPath = g.gemmPath();
        int savedVersion = g.gemm.ownVersion;
        try {
            g.gemmPath(p.path());
            g.gemm.ownVersion = p.version();
            body.accept(g);
        } finally {
            g.gemmPath(savedPath);
            g.gemm.ownVersion = savedVersion;
        }
    }

    private static Tensor nanMatrix(int rows, int cols) {
        float[] v = new float[rows * cols];
        Arrays.fill(v, Float.NaN);
        return CPU.upload(v, rows, cols);
    }

    @Test
    void everyPathMatchesCpuForAllTransposesShapesAndScalars() {
        long seed = 1;
        for (int[] s : SHAPES) {
            int m = s[0], k = s[1], n = s[2];
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 2) != 0, tb = (t & 1) != 0;
                Tensor a = ta ? random(seed++, -1, 1, k, m) : random(seed++, -1, 1, m, k);
                Tensor b = tb ? random(seed++, -1, 1, n, k) : random(seed++, -1, 1, k, n);
                Tensor ga = toGpu(a), gb = toGpu(b), gc = gpu().allocate(m, n);
                for (float[] sc : SCALARS) {
                    float alpha = sc[0], beta = sc[1];
                    Tensor c0 = beta == 0f ? nanMatrix(m, n) : random(seed++, -1, 1, m, n);
                    Tensor expected = CPU.upload(c0.toArray(), m, n);
                    CPU.gemm(ta, tb, alpha, a, b, beta, expected);
                    String what = m + "x" + k + "x" + n + (ta ? " A^T" : "") + (tb ? " B^T" : "") + " alpha " + alpha
                            + " beta " + beta;
                    for (Path p : paths()) {
                        on(p, g -> {
                            g.write(c0.toArray(), gc);
                            g.gemm(ta, tb, alpha, ga, gb, beta, gc);
                            assertParity(p.name() + " " + what, expected, gc, TOL);
                        });
                    }
                }
            }
        }
    }

    @Test
    void viewsWithOffsetsReadAndWriteOnlyTheirElements() {
        int m = 37, k = 70, n = 45;
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 2) != 0, tb = (t & 1) != 0;
            // Odd offsets, so no view starts 16-byte aligned.
            Tensor aAll = random(100 + t, -1, 1, m * k + 3), bAll = random(200 + t, -1, 1, k * n + 5);
            Tensor cAll = random(300 + t, -1, 1, m * n + 2 * 7);
            int[] aShape = ta ? new int[] {k, m} : new int[] {m, k}, bShape = tb ? new int[] {n, k} : new int[] {k, n};
            Tensor expected = CPU.upload(cAll.toArray(), cAll.shape());
            CPU.gemm(ta, tb, 0.75f, aAll.view(3, aShape), bAll.view(5, bShape), 0.25f, expected.view(7, m, n));
            String what = "views" + (ta ? " A^T" : "") + (tb ? " B^T" : "");
            for (Path p : paths()) {
                on(p, g -> {
                    Tensor ga = toGpu(aAll), gb = toGpu(bAll), gc = toGpu(cAll);
                    g.gemm(ta, tb, 0.75f, ga.view(3, aShape), gb.view(5, bShape), 0.25f, gc.view(7, m, n));
                    assertParity(p.name() + " " + what, expected, gc, TOL);
                    float[] got = gc.toArray(), want = cAll.toArray();
                    for (int i : new int[] {0, 6, 7 + m * n, 13 + m * n}) {
                        assertEquals(want[i], got[i], p.name() + " " + what + ": element " + i + " outside C's view changed");
                    }
                });
            }
        }
    }

    @Test
    void ownKernelsRepeatBitForBit() {
        Tensor a = random(7, -1, 1, 300, 129), b = random(8, -1, 1, 129, 211);
        for (Path p : paths()) {
            if (p.path() != CudaBackend.GemmPath.OWN) continue;
            on(p, g -> {
                Tensor ga = toGpu(a), gb = toGpu(b), c1 = g.allocate(300, 211), c2 = g.allocate(300, 211);
                g.gemm(false, false, 1f, ga, gb, 0f, c1);
                g.gemm(false, false, 1f, ga, gb, 0f, c2);
                assertArrayEquals(c1.toArray(), c2.toArray(), p.name() + " must be deterministic");
            });
        }
    }

    @Test
    void wrongShapesThrow() {
        CudaBackend g = gpu();
        Tensor a = g.allocate(3, 4), b = g.allocate(5, 6), c = g.allocate(3, 6);
        assertThrows(IllegalArgumentException.class, () -> g.gemm(false, false, 1f, a, b, 0f, c));
    }
}
