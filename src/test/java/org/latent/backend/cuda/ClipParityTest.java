package org.latent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.latent.backend.cuda.GpuTests.CPU;
import static org.latent.backend.cuda.GpuTests.gpu;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.latent.optim.Adam;
import org.latent.optim.GradientControls;
import org.latent.nn.ParameterSet;
import org.latent.tensor.Tensor;

/**
 * clipByGlobalNorm on the GPU against the CPU. The sum of squares runs in double on both, in index
 * order on the CPU and in a fixed tree order on the GPU, so the norms agree to double rounding
 * (and give the same float factor except at a rounding boundary): 1e-6 relative is asked. A
 * gradient below the maximum norm is left exactly as it was on both. Then AdamW with clipping over
 * a few steps (decoupled decay is the existing scale op, the update the bit-identical adam_step).
 */
@Tag("gpu")
class ClipParityTest {
    private static final int N = 100_003;

    @Test
    void clippedGradientsAndTheNormAgree() {
        Tensor cpuG = GpuTests.random(21, -1, 1, N), gpuG = GpuTests.toGpu(cpuG);
        Tensor cpuInfo = CPU.allocate(2), gpuInfo = gpu().allocate(2);
        CPU.clipByGlobalNorm(cpuG, 10f, cpuInfo);
        gpu().clipByGlobalNorm(gpuG, 10f, gpuInfo);
        float[] c = cpuInfo.toArray(), g = gpuInfo.toArray();
        assertEquals(c[0], g[0], 1e-6 * c[0], "norm");
        assertEquals(c[1], g[1], 1e-6 * c[1], "factor");
        GpuTests.assertParity("clipped gradients", cpuG, gpuG, 1e-6);
    }

    @Test
    void gradientsBelowTheNormAreUntouched() {
        Tensor cpuG = GpuTests.random(22, -1e-3, 1e-3, N), gpuG = GpuTests.toGpu(cpuG);
        float[] before = cpuG.toArray();
        Tensor info = gpu().allocate(2);
        gpu().clipByGlobalNorm(gpuG, 1000f, info);
        assertEquals(1f, info.toArray()[1]);
        assertArrayEquals(before, gpuG.toArray());
    }

    @Test
    void adamWWithClippingStepsAgree() {
        float[] init = GpuTests.random(23, -1, 1, 4097).toArray();
        ParameterSet cpuSet = set(CPU, init), gpuSet = set(gpu(), init);
        GradientControls controls = new GradientControls(0.01, true, 0.5);
        Adam a = new Adam(cpuSet, 1e-2f, 0.9f, 0.999f, 1e-8f, controls), b = new Adam(gpuSet, 1e-2f, 0.9f, 0.999f, 1e-8f, controls);
        for (int s = 0; s < 5; s++) {
            float[] grads = GpuTests.random(100 + s, -2, 2, 4097).toArray();
            CPU.write(grads, cpuSet.grads());
            gpu().write(grads, gpuSet.grads());
            a.setLearningRate(1e-2 / (s + 1));
            b.setLearningRate(1e-2 / (s + 1));
            a.step();
            b.step();
        }
        GpuTests.assertParity("AdamW + clipping parameters", cpuSet.values(), gpuSet.values(), 1e-5);
    }

    private static ParameterSet set(org.latent.backend.Backend backend, float[] init) {
        ParameterSet ps = new ParameterSet(backend, 1);
        ps.trainableConstant("w", new int[] {init.length}, 0f);
        ps.allocate();
        backend.write(init, ps.values());
        return ps;
    }
}
