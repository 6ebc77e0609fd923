package org.latent.model;

import org.latent.testing.Built;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.latent.backend.Activation;
import org.latent.backend.cpu.CpuBackend;
import org.latent.data.Fonts;
import org.latent.init.Initializer;
import org.latent.optim.Adam;
import org.latent.tensor.Tensor;

/** E7's font autoencoder and E8's sparse autoencoder, short seeded runs on the built-in fonts. */
class AutoencoderFamilyTest {
    private static final CpuBackend CPU = new CpuBackend();

    /**
     * E7's [35, 20, 10, 20, 35] net (linear encoder and code, logistic decoder) learns every pixel of
     * every character of each font. Trained with cross-entropy, Adam 3e-3, batch 8: every pixel is
     * right from about step 4,800 on (seeds 1-3, fonts 1-3 tried); 8,000 steps leave a margin. With
     * squared error, Adam settles with 1-3 pixels wrong (batch 8 or 32, lr 1e-3 to 1e-2 tried).
     */
    @Test
    void e7AutoencoderReconstructsEveryCharacterOfEachFont() {
        for (int font = 1; font <= 3; font++) {
            Autoencoder ae = Autoencoder.mlp(35, new int[] {20}, 10, new int[] {20},
                    Activation.IDENTITY, Activation.IDENTITY, Activation.SIGMOID, Activation.SIGMOID,
                    Autoencoder.Loss.CROSS_ENTROPY, Initializer.GLOROT_UNIFORM);
            Built.of(ae, CPU, 35, 8, 1, p -> new Adam(p, 0.003f));
            float[] glyphs = Fonts.dataset(font).featuresCopy();
            Tensor x = CPU.upload(glyphs, 32, 35);
            for (int s = 0; s < 8000; s++) ae.trainStep(x.rows((s % 4) * 8, 8), x.rows((s % 4) * 8, 8));
            int wrong = 0;
            for (int from = 0; from < 32; from += 8) {
                float[] r = ae.reconstruct(x.rows(from, 8));
                for (int i = 0; i < r.length; i++) if ((r[i] > 0.5f) != (glyphs[from * 35 + i] > 0.5f)) wrong++;
            }
            assertEquals(0, wrong, "font " + font + ": pixels on the wrong side of 0.5");
        }
    }

    @Test
    void klSparsityHoldsTheMeanCodeActivationNearItsTarget() {
        float target = 0.05f;
        Autoencoder ae = Autoencoder.mlp(35, new int[0], 40, new int[0], Activation.SIGMOID,
                Activation.SIGMOID, Activation.SIGMOID, Activation.SIGMOID, Autoencoder.Loss.SQUARED_ERROR,
                Initializer.GLOROT_UNIFORM).sparsity(new Autoencoder.Sparsity(Autoencoder.Sparsity.Kind.KL, 3, target));
        Built.of(ae, CPU, 35, 32, 1, p -> new Adam(p, 0.01f));
        Tensor x = CPU.upload(Fonts.dataset(2).featuresCopy(), 32, 35);
        for (int s = 0; s < 1500; s++) ae.trainStep(x, x);
        double mean = 0;
        for (float a : ae.encode(x)) mean += a;
        mean /= 32 * 40;
        assertEquals(target, mean, 0.02, "mean code activation");
    }
}
