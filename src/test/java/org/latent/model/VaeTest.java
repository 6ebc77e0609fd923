package org.latent.model;

import org.latent.testing.Built;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.latent.backend.Activation;
import org.latent.backend.cpu.CpuBackend;
import org.latent.init.Initializer;
import org.latent.optim.Adam;
import org.latent.tensor.Tensor;

class VaeTest {
    private static final CpuBackend CPU = new CpuBackend();

    /** 64 binary "images" of 36 pixels: four prototypes with 5% of pixels flipped. */
    private static Tensor data() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        float[] x = new float[64 * 36];
        for (int i = 0; i < 64; i++) {
            int proto = i % 4;
            for (int p = 0; p < 36; p++) {
                boolean on = (p / 9) == proto || (p % 4) == proto;
                if (r.nextDouble() < 0.05) on = !on;
                x[i * 36 + p] = on ? 1f : 0f;
            }
        }
        return CPU.upload(x, 64, 36);
    }

    private static ModelContext train(int steps, double[] firstAndLast) {
        Vae vae = Vae.mlp(36, new int[] {24}, 2, new int[] {24}, Activation.RELU, Activation.RELU, Vae.Likelihood.BERNOULLI, 1f,
                Initializer.LECUN_NORMAL);
        ModelContext built = Built.of(vae, CPU, 36, 16, 1234, p -> new Adam(p, 1e-2f));
        Tensor x = data();
        for (int s = 0; s < steps; s++) {
            Tensor batch = x.rows((s % 4) * 16, 16);
            vae.trainStep(batch, batch);
            if (s == 3) firstAndLast[0] = vae.takeMeanLoss();
        }
        firstAndLast[1] = vae.takeMeanLoss();
        return built;
    }

    @Test
    void lossFallsAndSeededRunsAreBitIdentical() {
        double[] a = new double[2], b = new double[2];
        ModelContext one = train(200, a), two = train(200, b);
        // 36 Bernoulli pixels start near 36 * ln 2 = 25 nats; four prototypes with 5% noise are
        // learnable to well under half of that with a 2-D latent.
        assertTrue(a[0] > 20, "first steps' loss " + a[0]);
        assertTrue(a[1] < 12, "loss after 200 steps " + a[1]);
        assertArrayEquals(one.parameterSets().get(0).values().toArray(), two.parameterSets().get(0).values().toArray());
        assertTrue(a[1] == b[1]);
    }

    @Test
    void evaluateGivesThePerExampleNegativeElbo() {
        Tensor x = data();
        double elbo = train(50, new double[2]).model().evaluate(x, x);
        assertTrue(elbo > 0 && elbo < 30, "test -ELBO " + elbo);
    }
}
