package org.latent.model;

import org.latent.testing.Built;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.latent.backend.cpu.CpuBackend;
import org.latent.init.Initializer;
import org.latent.tensor.Tensor;

/** The penultimate features a GAN judge reads: E5's Dense 64 ReLU outputs, batched like the probabilities. */
class ClassifierFeaturesTest {

    @Test
    void e5FeaturesAreTheHiddenDenseOutputsInAnyBatching() {
        CpuBackend cpu = new CpuBackend();
        Classifier k = new Classifier(ClassifierNets.cnn(28, 0.25f, 10, Initializer.GLOROT_UNIFORM));
        Built.of(k, cpu, 784, 4, 1);
        assertEquals(64, k.featureSize());
        SplittableRandom r = new SplittableRandom(5);
        float[] pixels = new float[6 * 784];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (float) r.nextDouble();
        float[] all = k.features(cpu.upload(pixels, 6, 784));
        assertEquals(6 * 64, all.length);
        for (float f : all) assertTrue(f >= 0, "after ReLU");
        Tensor last = cpu.upload(Arrays.copyOfRange(pixels, 5 * 784, 6 * 784), 1, 784);
        assertArrayEquals(Arrays.copyOfRange(all, 5 * 64, 6 * 64), k.features(last), 1e-6f, "the 6th row, alone or in a second batch");
    }

    @Test
    void softmaxRegressionsFeaturesAreItsInputs() {
        CpuBackend cpu = new CpuBackend();
        Classifier k = new Classifier(ClassifierNets.softmax(35, 3, Initializer.GLOROT_UNIFORM));
        Built.of(k, cpu, 35, 2, 1);
        assertEquals(35, k.featureSize());
    }
}
