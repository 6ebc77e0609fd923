package org.latent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.latent.backend.Backend;
import org.latent.backend.cpu.CpuBackend;
import org.latent.model.Vae;
import org.latent.optim.Adam;
import org.latent.rng.RandomKey;
import org.latent.tensor.Tensor;

/**
 * The E1 VAE (784-500-500-20, Adam 1e-3, batch 100) for 200 steps from the same seed on both
 * backends: initial weights, eps and the batches are identical (Philox), so the per-step losses
 * must agree within 1e-3 relative at every step (DESIGN.md principle 5: the same trajectory
 * within rounding).
 */
@Tag("gpu")
class VaeRunParityTest {
    private static final int STEPS = 200, BATCH = 100, EXAMPLES = 1000;

    /** Binary images: Bernoulli pixels whose probability varies smoothly across the image and the example. */
    private static float[] data() {
        CpuBackend cpu = new CpuBackend();
        Tensor u = cpu.allocate(EXAMPLES, 784);
        cpu.randomUniform(u, 0f, 1f, new RandomKey(99, 0, 0));
        float[] x = u.toArray();
        for (int i = 0; i < EXAMPLES; i++) {
            for (int p = 0; p < 784; p++) {
                double prob = 0.5 + 0.45 * Math.sin(0.07 * p * (1 + i % 7) + i % 3);
                x[i * 784 + p] = x[i * 784 + p] < prob ? 1f : 0f;
            }
        }
        return x;
    }

    private static double[] run(Backend b, float[] data) {
        Vae vae = Vae.e1(20);
        org.latent.testing.Built.of(vae, b, 784, BATCH, 2024, p -> new Adam(p, 1e-3f));
        Tensor x = b.upload(data, EXAMPLES, 784);
        double[] losses = new double[STEPS];
        for (int s = 0; s < STEPS; s++) {
            Tensor batch = x.rows((s * BATCH) % EXAMPLES, BATCH);
            vae.trainStep(batch, batch);
            losses[s] = vae.takeMeanLoss();
        }
        return losses;
    }

    @Test
    void e1VaeFollowsTheCpuTrajectory() {
        float[] data = data();
        double[] gpu = run(GpuTests.gpu(), data), cpu = run(GpuTests.CPU, data);
        for (int s = 0; s < STEPS; s++) {
            double rel = Math.abs(gpu[s] - cpu[s]) / Math.abs(cpu[s]);
            final int step = s;
            assertTrue(rel <= 1e-3, () -> "step " + step + ": GPU loss " + gpu[step] + " vs CPU " + cpu[step] + ", relative " + rel);
        }
        assertTrue(cpu[STEPS - 1] < cpu[0] - 50, "the run must learn: " + cpu[0] + " -> " + cpu[STEPS - 1]);
    }
}
