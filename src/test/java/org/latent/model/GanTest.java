package org.latent.model;

import org.latent.testing.Built;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.latent.backend.cpu.CpuBackend;
import org.latent.data.Fonts;
import org.latent.init.Initializer;
import org.latent.optim.Adam;
import org.latent.optim.RmsProp;
import org.latent.rng.RandomKey;
import org.latent.tensor.Tensor;

/** Short seeded MLP GAN runs on the 96 built-in 5 x 7 characters. */
class GanTest {
    private static final CpuBackend CPU = new CpuBackend();
    private static final int GLYPHS = 3 * Fonts.CHARACTERS, BATCH = 32;

    private static Tensor glyphs() {
        float[] all = new float[GLYPHS * Fonts.PIXELS];
        for (int f = 1; f <= 3; f++) {
            float[] x = Fonts.dataset(f).featuresCopy();
            System.arraycopy(x, 0, all, (f - 1) * x.length, x.length);
        }
        return CPU.upload(all, GLYPHS, Fonts.PIXELS);
    }

    private static ModelContext mlpGan(int generatorSteps) {
        int[] hidden = {32};
        Gan gan = new Gan(GanNets.mlpGenerator(8, hidden, Fonts.PIXELS, Initializer.GLOROT_UNIFORM, GanNets.Options.E6, null),
                GanNets.mlpDiscriminator(Fonts.PIXELS, hidden, 0f, Initializer.GLOROT_UNIFORM, GanNets.Options.E6, null), 8)
                .settings(new Gan.Settings(generatorSteps, null, false));
        return Built.of(gan, CPU, Fonts.PIXELS, BATCH, 1, p -> new Adam(p, 2e-3f, 0.5f, 0.999f, 1e-7f));
    }

    /**
     * Separate batches: two discriminator updates per step (counted by its optimizer), one generator
     * update; the discriminator still ranks the characters above noise.
     */
    @Test
    void separateBatchesUpdateTheDiscriminatorTwicePerStepAndStillSeparate() {
        int[] hidden = {32};
        ModelContext gan = Built.of(new Gan(GanNets.mlpGenerator(8, hidden, Fonts.PIXELS, Initializer.GLOROT_UNIFORM, GanNets.Options.E6, null),
                GanNets.mlpDiscriminator(Fonts.PIXELS, hidden, 0f, Initializer.GLOROT_UNIFORM, GanNets.Options.E6, null), 8)
                .settings(new Gan.Settings(1, null, true)), CPU, Fonts.PIXELS, BATCH, 1, p -> new Adam(p, 2e-3f, 0.5f, 0.999f, 1e-7f));
        Tensor x = glyphs();
        train(gan, x, 600);
        assertEquals(1200, gan.optimizers().get("discriminator").steps());
        Gan g = (Gan) gan.model();
        g.takeMeanLoss();
        assertTrue(g.discriminatorLoss() > 0 && g.discriminatorLoss() < 2, "mean BCE " + g.discriminatorLoss());
        // Where the threshold sits moves as the generator catches up, so the check is threshold-free: the
        // fraction of (character, noise) pairs the discriminator orders right (0.5 at chance).
        float[] real = new float[GLYPHS], fake = new float[GLYPHS];
        Tensor noise = noiseImages();
        for (int from = 0; from < GLYPHS; from += GLYPHS / 2) {
            System.arraycopy(logits(gan, x.rows(from, GLYPHS / 2)), 0, real, from, GLYPHS / 2);
            System.arraycopy(logits(gan, noise.rows(from, GLYPHS / 2)), 0, fake, from, GLYPHS / 2);
        }
        long ordered = 0;
        for (float r : real) for (float f : fake) if (r > f) ordered++;
        double auc = ordered / (double) (GLYPHS * GLYPHS);
        assertTrue(auc >= 0.9, "pairs ordered right: " + auc);
    }

    private static Tensor noiseImages() {
        Tensor noise = CPU.allocate(GLYPHS, Fonts.PIXELS);
        CPU.randomUniform(noise, 0f, 1f, new RandomKey(3, 0, 0));
        return noise;
    }

    /**
     * A conditional MLP GAN on one font (32 characters, class = character): after 1500 steps the image
     * it generates for class c is nearer (squared distance) to character c than to any other for at
     * least 24 of the 32 classes (seed 1: see the assertion message); an unconditional generator
     * would hit a given class by chance in 1 of 32.
     */
    @Test
    void conditionalGeneratorDrawsTheCharacterOfTheClassItIsGiven() {
        int[] hidden = {64};
        int chars = Fonts.CHARACTERS;
        org.latent.nn.ClassLabels labels = new org.latent.nn.ClassLabels(chars);
        Gan gan = new Gan(GanNets.mlpGenerator(8, hidden, Fonts.PIXELS, Initializer.GLOROT_UNIFORM, GanNets.Options.E6, labels),
                GanNets.mlpDiscriminator(Fonts.PIXELS, hidden, 0f, Initializer.GLOROT_UNIFORM, GanNets.Options.E6, labels), 8)
                .conditional(labels);
        Built.of(gan, CPU, Fonts.PIXELS, chars, 1, p -> new Adam(p, 2e-3f, 0.5f, 0.999f, 1e-7f));
        assertEquals(chars, gan.classes());
        float[] font = Fonts.dataset(1).featuresCopy();
        float[] oneHot = new float[chars * chars];
        for (int c = 0; c < chars; c++) oneHot[c * chars + c] = 1f;
        Tensor x = CPU.upload(font, chars, Fonts.PIXELS), y = CPU.upload(oneHot, chars, chars);
        for (int s = 0; s < 1500; s++) gan.trainStep(x, y);
        float[] z = new float[chars * 8];
        int[] classOf = new int[chars];
        for (int c = 0; c < chars; c++) classOf[c] = c;
        float[] images = gan.generate(z, classOf);
        int hits = 0;
        for (int c = 0; c < chars; c++) {
            int nearest = -1;
            double best = Double.MAX_VALUE;
            for (int k = 0; k < chars; k++) {
                double d = 0;
                for (int p = 0; p < Fonts.PIXELS; p++) {
                    double e = images[c * Fonts.PIXELS + p] - font[k * Fonts.PIXELS + p];
                    d += e * e;
                }
                if (d < best) {
                    best = d;
                    nearest = k;
                }
            }
            if (nearest == c) hits++;
        }
        assertTrue(hits >= 24, hits + " of " + chars + " classes drawn as their own character");
    }

    private static int separated(ModelContext gan, Tensor x) {
        Tensor noise = noiseImages();
        int right = 0, half = GLYPHS / 2;
        for (int from = 0; from < GLYPHS; from += half) {
            for (float l : logits(gan, x.rows(from, half))) if (l > 0) right++;
            for (float l : logits(gan, noise.rows(from, half))) if (l <= 0) right++;
        }
        return right;
    }

    private static void train(ModelContext gan, Tensor x, int steps) {
        for (int s = 0; s < steps; s++) gan.model().trainStep(x.rows((s % 3) * BATCH, BATCH), null);
    }

    /**
     * After 600 steps (against a generator that learns too) the discriminator calls at least 160 of 96
     * characters and 96 uniform-noise images right (seed 1: 172); a classifier at chance (50 %) gets
     * 160 of 192 right with probability below 1e-20.
     */
    @Test
    void discriminatorSeparatesCharactersFromNoise() {
        ModelContext gan = mlpGan(1);
        Tensor x = glyphs();
        train(gan, x, 600);
        int right = separated(gan, x);
        assertTrue(right >= 160, right + " of 192 right");
    }

    private static float[] logits(ModelContext gan, Tensor images) {
        return gan.networks().get("discriminator").forward(images, false).toArray();
    }

    /** The generator's loss over the last 50 steps of a 400-step run is below that of steps 20-70 (after the discriminator's first gains). */
    @Test
    void generatorLossFalls() {
        ModelContext gan = mlpGan(2);
        Tensor x = glyphs();
        Gan g = (Gan) gan.model();
        train(gan, x, 20);
        g.takeMeanLoss();
        train(gan, x, 50);
        g.takeMeanLoss();
        double early = g.generatorLoss();
        train(gan, x, 280);
        g.takeMeanLoss();
        train(gan, x, 50);
        g.takeMeanLoss();
        double late = g.generatorLoss();
        assertTrue(late < early, "generator loss " + early + " -> " + late);
    }

    /**
     * A WGAN (RMSprop 5e-4, clip 0.05, 5 critic steps per generator step): after 300 critic steps the
     * critic's weights lie within the clip and the critic scores the
     * characters higher on average than uniform noise.
     */
    @Test
    void wassersteinCriticIsClippedAndScoresCharactersAboveNoise() {
        int[] hidden = {32};
        ModelContext gan = Built.of(new Gan(GanNets.mlpGenerator(8, hidden, Fonts.PIXELS, Initializer.GLOROT_UNIFORM, GanNets.Options.E6, null),
                GanNets.mlpDiscriminator(Fonts.PIXELS, hidden, 0f, Initializer.GLOROT_UNIFORM, GanNets.Options.E6, null), 8)
                .settings(new Gan.Settings(1, new Gan.Wasserstein(5, 0.05f), false)), CPU, Fonts.PIXELS, BATCH, 1,
                p -> new RmsProp(p, 5e-4f, 0.9f, 1e-7f));
        Tensor x = glyphs();
        train(gan, x, 300);
        for (float w : gan.optimizers().get("discriminator").parameters().values().toArray()) assertTrue(Math.abs(w) <= 0.05f, "weight " + w);
        assertEquals(300, gan.optimizers().get("discriminator").steps());
        Tensor noise = CPU.allocate(GLYPHS, Fonts.PIXELS);
        CPU.randomUniform(noise, 0f, 1f, new RandomKey(3, 0, 0));
        double real = mean(logits(gan, x.rows(0, GLYPHS / 2))), fake = mean(logits(gan, noise.rows(0, GLYPHS / 2)));
        assertTrue(real > fake, "critic: characters " + real + ", noise " + fake);
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float f : v) s += f;
        return s / v.length;
    }
}
