package org.latent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.latent.backend.cuda.GpuTests.CPU;
import static org.latent.backend.cuda.GpuTests.assertParity;
import static org.latent.backend.cuda.GpuTests.garbage;
import static org.latent.backend.cuda.GpuTests.gpu;
import static org.latent.backend.cuda.GpuTests.random;
import static org.latent.backend.cuda.GpuTests.toGpu;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.latent.backend.ConvGeometry;
import org.latent.backend.ConvGeometry.Padding;
import org.latent.tensor.Tensor;

/**
 * Our one-output-channel kernels (kernels/conv.cu conv1out_*, chosen by name: convOneOutput "own"
 * against "cudnn") against the CPU at DESIGN's convolution tolerance (1e-4), forward, backward data
 * and backward filter, at E6's output layer (128 -> 1, 7x7 same, 28x28) and at other one-output
 * geometries (asymmetric padding, a 5x5 kernel whose filter gradient falls back to the general
 * path). Also the same results from both names. Skipped without a GPU; written without one, never run.
 */
@Tag("gpu")
class ConvOneOutputParityTest {
    private static final double TOL = 1e-4;

    private static final List<ConvGeometry> CASES = List.of(
            ConvGeometry.of(4, 128, 28, 28, 1, 7, 7, 1, Padding.SAME),
            ConvGeometry.of(3, 5, 13, 11, 1, 7, 7, 1, Padding.VALID),
            new ConvGeometry(2, 3, 17, 23, 1, 7, 7, 1, 1, 2, 4, 15, 20),
            ConvGeometry.of(2, 9, 20, 20, 1, 5, 5, 1, Padding.SAME));

    private static Tensor[] run(String path, ConvGeometry g, Tensor x, Tensor w, Tensor dy) {
        CudaBackend b = gpu();
        String before = b.convOneOutput();
        b.convOneOutput(path);
        try {
            Tensor y = garbage(g.outputShape()), dx = garbage(g.inputShape()), dw = garbage(g.weightShape());
            b.conv2dForward(toGpu(x), toGpu(w), y, g);
            b.conv2dBackwardData(toGpu(dy), toGpu(w), dx, g);
            b.conv2dBackwardFilter(toGpu(x), toGpu(dy), dw, g);
            return new Tensor[] {y, dx, dw};
        } finally {
            b.convOneOutput(before);
        }
    }

    @Test
    void ownOneOutputKernelsMatchTheCpuAndCudnn() {
        for (ConvGeometry g : CASES) {
            long seed = g.hashCode();
            Tensor x = random(seed, -1, 1, g.inputShape()), w = random(seed + 1, -0.2, 0.2, g.weightShape());
            Tensor dy = random(seed + 2, -1, 1, g.outputShape());
            Tensor y = CPU.allocate(g.outputShape()), dx = CPU.allocate(g.inputShape()), dw = CPU.allocate(g.weightShape());
            CPU.conv2dForward(x, w, y, g);
            CPU.conv2dBackwardData(dy, w, dx, g);
            CPU.conv2dBackwardFilter(x, dy, dw, g);
            Tensor[] own = run("own", g, x, w, dy), cudnn = run("cudnn", g, x, w, dy);
            assertParity(g + " forward (own)", y, own[0], TOL);
            assertParity(g + " backward data (own)", dx, own[1], TOL);
            assertParity(g + " backward filter (own)", dw, own[2], TOL);
            assertParity(g + " forward own vs cuDNN", cudnn[0], own[0], TOL);
            assertParity(g + " backward data own vs cuDNN", cudnn[1], own[1], TOL);
            assertParity(g + " backward filter own vs cuDNN", cudnn[2], own[2], TOL);
            // The same bits on every run (fixed summation orders, no atomics).
            Tensor[] again = run("own", g, x, w, dy);
            for (int i = 0; i < 3; i++) assertArrayEquals(own[i].toArray(), again[i].toArray(), g + " result " + i + " repeats");
        }
    }

    @Test
    void anUnknownNameIsRefused() {
        CudaBackend b = gpu();
        assertThrows(IllegalArgumentException.class, () -> b.convOneOutput("fast"));
    }
}
