package org.latent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.latent.backend.Backend;
import org.latent.init.Initializer;
import org.latent.model.GanNets;
import org.latent.nn.ParameterSet;
import org.latent.nn.Sequential;
import org.latent.optim.Adam;
import org.latent.rng.RandomKey;
import org.latent.tensor.Tensor;

/**
 * The E6 DCGAN's networks (generator 1,164,289 and discriminator 40,705 parameters) trained the
 * E6 way for a few steps from the same seed on both backends: the discriminator on a half-real,
 * half-generated batch, then the generator through the frozen discriminator with "real" labels
 * (Adam 2e-4, beta1 0.5). The GAN training loop itself belongs to the GAN work; this checks that
 * its convolutions, transposed convolutions, dropout and losses follow the CPU within 1e-3 per step.
 * Small batch and few steps: the CPU reference pays for every step.
 */
@Tag("gpu")
class DcganStepParityTest {
    private static final int HALF = 8, STEPS = 30;
    private static final Initializer G = Initializer.GLOROT_UNIFORM;

    private static final class Gan {
        final Backend b;
        final Sequential gen = GanNets.dcganGenerator(100, 28, G, GanNets.Options.E6, null), disc = GanNets.dcganDiscriminator(28, 0.4f, G, GanNets.Options.E6, null);
        final ParameterSet gp, dp;
        final Adam gOpt, dOpt;
        final Tensor z, batch, labels, ones, loss, dLogits;
        RandomKey zKey = new RandomKey(5, 9, 0);

        Gan(Backend b, float[] real) {
            this.b = b;
            gp = new ParameterSet(b, 11);
            gen.build(gp, new int[] {100}, 2 * HALF);
            gp.allocate();
            dp = new ParameterSet(b, 12);
            disc.build(dp, new int[] {784}, 2 * HALF);
            dp.allocate();
            gOpt = new Adam(gp, 2e-4f, 0.5f, 0.999f, 1e-7f);
            dOpt = new Adam(dp, 2e-4f, 0.5f, 0.999f, 1e-7f);
            z = b.allocate(2 * HALF, 100);
            batch = b.upload(real, 2 * HALF, 784);
            float[] l = new float[2 * HALF];
            for (int i = 0; i < HALF; i++) l[i] = 1f;
            labels = b.upload(l, 2 * HALF, 1);
            ones = b.upload(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 2 * HALF, 1);
            loss = b.allocate(2 * HALF);
            dLogits = b.allocate(2 * HALF, 1);
        }

        /** One discriminator step and one generator step; returns {D loss, G loss}. */
        double[] step() {
            b.randomNormal(z.rows(0, HALF), 0f, 1f, zKey);
            zKey = zKey.advance(HALF * 100);
            b.copy(gen.forward(z.rows(0, HALF), true), batch.rows(HALF, HALF));
            Tensor logits = disc.forward(batch, true);
            b.bceWithLogits(logits, labels, 1f / (2 * HALF), loss, dLogits);
            double dLoss = b.sum(loss);
            disc.backward(dLogits);
            dOpt.step();

            b.randomNormal(z, 0f, 1f, zKey);
            zKey = zKey.advance(2 * HALF * 100);
            Tensor fake = gen.forward(z, true);
            Tensor fakeLogits = disc.forward(fake, true);
            b.bceWithLogits(fakeLogits, ones, 1f / (2 * HALF), loss, dLogits);
            double gLoss = b.sum(loss);
            gen.backward(disc.backward(dLogits));
            gOpt.step();
            return new double[] {dLoss, gLoss};
        }
    }

    @Test
    void dcganStepsFollowTheCpu() {
        float[] real = GpuTests.random(77, 0, 1, 2 * HALF, 1, 28, 28).toArray();
        Gan gpu = new Gan(GpuTests.gpu(), real), cpu = new Gan(GpuTests.CPU, real);
        for (int s = 0; s < STEPS; s++) {
            double[] g = gpu.step(), c = cpu.step();
            for (int k = 0; k < 2; k++) {
                double rel = Math.abs(g[k] - c[k]) / Math.abs(c[k]);
                final int step = s, which = k;
                assertTrue(rel <= 1e-3, () -> "step " + step + (which == 0 ? " D" : " G") + " loss: GPU " + g[which]
                        + " vs CPU " + c[which] + ", relative " + rel);
            }
        }
    }
}
