package org.latent.model;

import org.latent.testing.Built;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.latent.backend.Activation;
import org.latent.backend.cpu.CpuBackend;
import org.latent.data.Fonts;
import org.latent.init.Initializer;
import org.latent.optim.Adam;
import org.latent.tensor.Tensor;

class AutoencoderTest {
    private static final CpuBackend CPU = new CpuBackend();

    private static Autoencoder model(Autoencoder.Loss loss) {
        Autoencoder ae = Autoencoder.mlp(35, new int[] {20}, 10, new int[] {20}, Activation.IDENTITY,
                Activation.IDENTITY, Activation.SIGMOID, Activation.SIGMOID, loss, Initializer.GLOROT_UNIFORM);
        Built.of(ae, CPU, 35, 8, 11, p -> new Adam(p, 0.01f));
        return ae;
    }

    @Test
    void evaluateIsTheMeanPerExampleLossOfTheReconstructions() {
        float[] glyphs = Fonts.dataset(2).featuresCopy();
        Tensor x = CPU.upload(glyphs, 32, 35);
        for (Autoencoder.Loss loss : Autoencoder.Loss.values()) {
            Autoencoder ae = model(loss);
            double expected = 0;
            for (int from = 0; from < 32; from += 8) {
                float[] r = ae.reconstruct(x.rows(from, 8));
                for (int i = 0; i < r.length; i++) {
                    double t = glyphs[from * 35 + i], p = r[i];
                    expected += loss == Autoencoder.Loss.SQUARED_ERROR ? (p - t) * (p - t)
                            : -(t * Math.log(p) + (1 - t) * Math.log(1 - p));
                }
            }
            assertEquals(expected / 32, ae.evaluate(x, x), 1e-4 * expected / 32, loss.name());
        }
    }

    @Test
    void trainingLearnsTheFont() {
        Autoencoder ae = model(Autoencoder.Loss.SQUARED_ERROR);
        Tensor x = CPU.upload(Fonts.dataset(2).featuresCopy(), 32, 35);
        double before = ae.evaluate(x, x);
        for (int s = 0; s < 1200; s++) ae.trainStep(x.rows((s % 4) * 8, 8), x.rows((s % 4) * 8, 8));
        double after = ae.evaluate(x, x);
        assertTrue(before > 5 && after < before / 5, "squared error per character " + before + " -> " + after);
    }

    @Test
    void crossEntropyNeedsASigmoidOutput() {
        assertThrows(IllegalArgumentException.class, () -> Autoencoder.mlp(35, new int[0], 2, new int[0],
                Activation.RELU, Activation.IDENTITY, Activation.RELU, Activation.TANH, Autoencoder.Loss.CROSS_ENTROPY,
                Initializer.GLOROT_UNIFORM));
    }
}
