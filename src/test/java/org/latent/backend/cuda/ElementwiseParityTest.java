package org.latent.backend.cuda;

import static org.latent.backend.cuda.GpuTests.CPU;
import static org.latent.backend.cuda.GpuTests.assertParity;
import static org.latent.backend.cuda.GpuTests.gpu;
import static org.latent.backend.cuda.GpuTests.random;
import static org.latent.backend.cuda.GpuTests.toGpu;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.latent.tensor.Tensor;

@Tag("gpu")
class ElementwiseParityTest {
    private static final int[] SIZES = {1, 31, 1000, 100_003};

    @Test
    void axpyScaleClampMatchCpu() {
        for (int n : SIZES) {
            Tensor x = random(n, -2, 2, n), y = random(n + 1, -2, 2, n);
            Tensor gx = toGpu(x), gy = toGpu(y);
            CPU.axpy(0.7f, x, y);
            gpu().axpy(0.7f, gx, gy);
            assertParity("axpy n=" + n, y, gy, 1e-6);
            CPU.scale(y, -1.3f);
            gpu().scale(gy, -1.3f);
            assertParity("scale n=" + n, y, gy, 1e-6);
            CPU.clamp(y, -0.5f, 0.25f);
            gpu().clamp(gy, -0.5f, 0.25f);
            assertParity("clamp n=" + n, y, gy, 1e-6);
        }
    }

    @Test
    void sumMatchesCpuAndRepeatsBitForBit() {
        for (int n : SIZES) {
            Tensor x = random(7 * n, -1, 3, n);
            Tensor gx = toGpu(x);
            double g1 = gpu().sum(gx), g2 = gpu().sum(gx);
            assertParity("sum n=" + n, CPU.sum(x), g1, 1e-9);
            org.junit.jupiter.api.Assertions.assertEquals(g1, g2, "sum must be deterministic");
        }
    }

    @Test
    void viewsAndGatherRows() {
        Tensor src = random(3, -1, 1, 50, 13);
        float[] idx = {49, 0, 7, 7, 23};
        Tensor ci = CPU.upload(idx, 5), cd = CPU.allocate(3, 13);
        Tensor gs = toGpu(src), gi = toGpu(ci), gd = gpu().allocate(3, 13);
        CPU.gatherRows(src, ci, 2, cd);
        gpu().gatherRows(gs, gi, 2, gd);
        assertParity("gatherRows", cd, gd, 0);
        Tensor big = random(4, -1, 1, 10, 7), gbig = toGpu(big);
        CPU.scale(big.rows(3, 4), 2f);
        gpu().scale(gbig.rows(3, 4), 2f);
        assertParity("scale of a view leaves the rest", big, gbig, 0);
    }
}
