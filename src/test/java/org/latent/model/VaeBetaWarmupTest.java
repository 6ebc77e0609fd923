package org.latent.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.latent.backend.Activation;
import org.latent.backend.cpu.CpuBackend;
import org.latent.config.VaeConfig;
import org.latent.init.Initializer;
import org.latent.optim.Adam;
import org.latent.tensor.Tensor;
import org.latent.testing.Built;
import org.latent.testing.GradCheck;

/** KL annealing: the KL weight of step k is beta * min(1, k / N); evaluation always uses beta. */
class VaeBetaWarmupTest {
    private static final CpuBackend CPU = new CpuBackend();

    private static Vae vae(float beta, int warmup) {
        return Vae.mlp(12, new int[] {8}, 2, new int[] {8}, Activation.RELU, Activation.RELU, Vae.Likelihood.BERNOULLI, beta,
                Initializer.LECUN_NORMAL).betaWarmup(warmup);
    }

    @Test
    void theWeightRisesLinearlyOverTheWarmUpSteps() {
        Vae v = vae(2f, 4);
        Built.of(v, CPU, 12, 6, 1, p -> new Adam(p, 1e-3f));
        Tensor x = CPU.upload(GradCheck.random(1, 6 * 12, 0, 1), 6, 12);
        float[] expected = {0.5f, 1f, 1.5f, 2f, 2f, 2f};
        for (float e : expected) {
            assertEquals(e, v.trainingBeta(), "beta * k / 4 for step k");
            v.trainStep(x, x);
        }
    }

    @Test
    void theFirstWarmUpStepIsAStepWithBetaOverN() {
        // Warm-up over 2 steps from beta 1: the first step weighs the KL by 1/2, exactly as a VAE
        // with beta 0.5 does; same seed, same initial weights, same batch: the same weights after.
        Tensor x = CPU.upload(GradCheck.random(2, 6 * 12, 0, 1), 6, 12);
        Vae warm = vae(1f, 2), half = vae(0.5f, 0), full = vae(1f, 0);
        ModelContext a = Built.of(warm, CPU, 12, 6, 7, p -> new Adam(p, 1e-2f));
        ModelContext b = Built.of(half, CPU, 12, 6, 7, p -> new Adam(p, 1e-2f));
        ModelContext c = Built.of(full, CPU, 12, 6, 7, p -> new Adam(p, 1e-2f));
        assertEquals(full.evaluate(x, x), warm.evaluate(x, x), "evaluation uses beta, not the warm-up weight");
        warm.trainStep(x, x);
        half.trainStep(x, x);
        full.trainStep(x, x);
        assertArrayEquals(b.parameterSets().get(0).values().toArray(), a.parameterSets().get(0).values().toArray());
        assertEquals(half.takeMeanLoss(), warm.takeMeanLoss(), "the training loss is the objective optimized: rec + beta_k KL");
        assertFalse(java.util.Arrays.equals(c.parameterSets().get(0).values().toArray(), a.parameterSets().get(0).values().toArray()));
    }

    @Test
    void theConfigKeyBuildsTheWarmUp() {
        Vae v = (Vae) VaeConfig.of(2).withEncoder(8).withBetaWarmup(100).model(new int[] {12});
        assertEquals(100, v.betaWarmup());
        assertEquals(0, ((Vae) VaeConfig.of(2).withEncoder(8).model(new int[] {12})).betaWarmup());
        assertThrows(IllegalArgumentException.class, () -> vae(1f, -1));
    }
}
