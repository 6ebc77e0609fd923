package org.latent.model;

import org.latent.testing.Built;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.latent.backend.Activation;
import org.latent.backend.cpu.CpuBackend;
import org.latent.init.Initializer;
import org.latent.optim.Adam;
import org.latent.tensor.Tensor;

class ConvAutoencoderTest {
    private static final CpuBackend CPU = new CpuBackend();
    private static final int SIDE = 28, PIXELS = SIDE * SIDE, IMAGES = 16;

    /** MNIST-like strokes: image i has a bright bar, horizontal or vertical, at a position set by i, on black. */
    private static float[] bars() {
        float[] x = new float[IMAGES * PIXELS];
        for (int i = 0; i < IMAGES; i++) {
            int at = 4 + (i / 2) * 2;
            for (int r = 4; r < 24; r++) {
                for (int w = 0; w < 3; w++) {
                    int row = i % 2 == 0 ? at + w : r, col = i % 2 == 0 ? r : at + w;
                    x[i * PIXELS + row * SIDE + col] = 1;
                }
            }
        }
        return x;
    }

    private static Autoencoder model() {
        Autoencoder ae = Autoencoder.convolutional(SIDE, 8, Activation.RELU, Activation.IDENTITY, Activation.RELU, Activation.SIGMOID,
                Autoencoder.Loss.CROSS_ENTROPY, Initializer.GLOROT_UNIFORM);
        Built.of(ae, CPU, PIXELS, 8, 3, p -> new Adam(p, 3e-3f));
        return ae;
    }

    /** The cross-entropy per image of the best output that ignores its input: every pixel's mean over the images. */
    private static double meanImageLoss(float[] x) {
        double total = 0;
        for (int p = 0; p < PIXELS; p++) {
            double mean = 0;
            for (int i = 0; i < IMAGES; i++) mean += x[i * PIXELS + p];
            mean /= IMAGES;
            if (mean > 0 && mean < 1) total -= IMAGES * (mean * Math.log(mean) + (1 - mean) * Math.log(1 - mean));
        }
        return total / IMAGES;
    }

    /**
     * The convolutional VAE on the same bars (latent 2, Bernoulli): 300 steps take its −ELBO per image
     * below half the input-blind output's cross-entropy (seed 3: from 544 to 26, input-blind 163), which it can only
     * reach by coding which bar an image holds in z; its encoder gives 2 x latent outputs per image.
     */
    @Test
    void convolutionalVaeLearnsTheBarsThroughItsLatent() {
        Vae vae = Vae.convolutional(SIDE, 2, Activation.RELU, Activation.RELU, Vae.Likelihood.BERNOULLI, 1f, Initializer.GLOROT_UNIFORM);
        Built.of(vae, CPU, PIXELS, 8, 3, p -> new Adam(p, 3e-3f));
        float[] images = bars();
        Tensor x = CPU.upload(images, IMAGES, PIXELS);
        assertEquals(8 * 2, vae.encode(x.rows(0, 8)).length);
        double blind = meanImageLoss(images), before = vae.evaluate(x, x);
        for (int s = 0; s < 300; s++) vae.trainStep(x.rows((s % 2) * 8, 8), x.rows((s % 2) * 8, 8));
        double after = vae.evaluate(x, x);
        assertTrue(before > blind && after < blind / 2, "-ELBO per image " + before + " -> " + after + ", input-blind " + blind);
    }

    @Test
    void encodesAndReconstructsFlatImages() {
        Autoencoder ae = model();
        Tensor batch = CPU.upload(bars(), IMAGES, PIXELS).rows(0, 8);
        assertEquals(8 * 8, ae.encode(batch).length);
        assertEquals(8 * PIXELS, ae.reconstruct(batch).length);
    }

    /**
     * 200 steps take the loss from 543 (784 ln 2) to about 0.01 per image; the bound asks for a
     * tenth of the best input-blind output's loss, which only an autoencoder that tells the images
     * apart can reach.
     */
    @Test
    void trainingLearnsToTellTheImagesApart() {
        Autoencoder ae = model();
        float[] images = bars();
        Tensor x = CPU.upload(images, IMAGES, PIXELS);
        double blind = meanImageLoss(images);
        assertTrue(ae.evaluate(x, x) > blind, "untrained loss " + ae.evaluate(x, x) + " vs input-blind " + blind);
        for (int s = 0; s < 200; s++) ae.trainStep(x.rows((s % 2) * 8, 8), x.rows((s % 2) * 8, 8));
        double after = ae.evaluate(x, x);
        assertTrue(after < blind / 10, "cross-entropy per image " + after + ", input-blind " + blind);
    }
}
