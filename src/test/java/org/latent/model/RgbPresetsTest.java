package org.latent.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.latent.backend.Activation;
import org.latent.backend.cpu.CpuBackend;
import org.latent.init.Initializer;
import org.latent.nn.ParameterSet;
import org.latent.nn.Sequential;
import org.latent.optim.Adam;
import org.latent.tensor.Tensor;
import org.latent.testing.GradCheck;

/**
 * The conv presets with a channels argument: hand-counted parameters and shapes for three
 * channels, the one-channel overloads unchanged (the same layers, so the same bits), and a few
 * training steps of an RGB conv VAE and DCGAN on the CPU.
 */
class RgbPresetsTest {
    private static final Initializer G = Initializer.GLOROT_UNIFORM;

    private static long count(Sequential net, int... input) {
        ParameterSet ps = new ParameterSet(new CpuBackend(), 1);
        net.build(ps, input, 2);
        ps.allocate();
        return ps.trainableCount();
    }

    @Test
    void handCountedParametersForThreeChannels() {
        // Encoder: Conv 3->16 3x3 (16*27+16 = 448), Conv 16->32 3x3 (32*144+32 = 4,640), Dense 32*2*2 -> 4 (516).
        Sequential enc = ConvAutoencoderNets.encoder(3, 8, 4, Activation.RELU, Activation.IDENTITY, G);
        assertEquals(448 + 4640 + 516, count(enc, 3, 8, 8));
        // Decoder: Dense 2 -> 128 (384), ConvT 32->16 4x4 (32*16*16+16 = 8,208), ConvT 16->3 4x4 (16*3*16+3 = 771).
        Sequential dec = ConvAutoencoderNets.decoder(3, 8, 2, Activation.RELU, Activation.IDENTITY, G);
        assertEquals(384 + 8208 + 771, count(dec, 2));
        assertArrayEquals(new int[] {3 * 8 * 8}, dec.outputShape(new int[] {2}));
        // One channel: Conv 1->16 is 160 and ConvT 16->1 is 257.
        assertEquals(160 + 4640 + 516, count(ConvAutoencoderNets.encoder(8, 4, Activation.RELU, Activation.IDENTITY, G), 1, 8, 8));
        assertEquals(384 + 8208 + 257, count(ConvAutoencoderNets.decoder(8, 2, Activation.RELU, Activation.IDENTITY, G), 2));

        // DCGAN, side 8, latent 4: Dense 4 -> 128*2*2 (2,560), two ConvT 128->128 4x4 (262,272 each), Conv 128->3 7x7 (18,819).
        Sequential g = GanNets.dcganGenerator(4, 3, 8, G, GanNets.Options.E6, null);
        assertEquals(2560 + 2 * 262_272 + 18_819, count(g, 4));
        assertArrayEquals(new int[] {192}, g.outputShape(new int[] {4}));
        // Discriminator: Conv 3->64 3x3 (1,792), Conv 64->64 3x3 (36,928), Dense 256 -> 1 (257).
        assertEquals(1792 + 36_928 + 257, count(GanNets.dcganDiscriminator(3, 8, 0.4f, G, GanNets.Options.E6, null), 3, 8, 8));
        // E5's CNN on 3 x 12 x 12: 1,792 + 36,928 + Dense 64 -> 64 (4,160) + Dense 64 -> 10 (650).
        assertEquals(1792 + 36_928 + 4160 + 650, count(ClassifierNets.cnn(3, 12, 0.25f, 10, G), 3, 12, 12));
    }

    @Test
    void conditionalRgbDcganBuilds() {
        // The label planes join after the first convolution, whatever the image channels: Conv 3->64
        // (1,792) plus the class input's 2 label channels' 3x3 kernels (2 * 64 * 9 = 1,152).
        Sequential d = GanNets.dcganDiscriminator(3, 8, 0.4f, G, GanNets.Options.E6, new org.latent.nn.ClassLabels(2));
        assertEquals(1792 + 1152 + 36_928 + 257, count(d, 3, 8, 8));
        Sequential g = GanNets.dcganGenerator(4, 3, 8, G, GanNets.Options.E6, new org.latent.nn.ClassLabels(2));
        assertArrayEquals(new int[] {192}, g.outputShape(new int[] {4}));
    }

    @Test
    void oneChannelOverloadsBuildTheSameNetworks() {
        float[] a = values(GanNets.dcganGenerator(4, 8, G, GanNets.Options.E6, null), 4);
        float[] b = values(GanNets.dcganGenerator(4, 1, 8, G, GanNets.Options.E6, null), 4);
        assertArrayEquals(a, b);
        assertArrayEquals(values(ClassifierNets.cnn(12, 0.25f, 10, G), 1, 12, 12),
                values(ClassifierNets.cnn(1, 12, 0.25f, 10, G), 1, 12, 12));
    }

    private static float[] values(Sequential net, int... input) {
        ParameterSet ps = new ParameterSet(new CpuBackend(), 5);
        net.build(ps, input, 2);
        ps.allocate();
        return ps.values().toArray();
    }

    @Test
    void rgbConvVaeAndDcganTrainOnTheCpu() {
        CpuBackend cpu = new CpuBackend();
        int n = 4, d = 3 * 8 * 8;
        Tensor x = cpu.upload(GradCheck.random(3, n * d, 0, 1), n, d);
        Vae vae = Vae.convolutional(3, 8, 2, Activation.RELU, Activation.RELU, Vae.Likelihood.BERNOULLI, 1f, Initializer.LECUN_NORMAL);
        ModelContext c = ModelContext.build(vae, cpu, new int[] {3, 8, 8}, n, 1, p -> new Adam(p, 1e-2f));
        double first = c.model().evaluate(x, x);
        for (int i = 0; i < 20; i++) vae.trainStep(x, x);
        vae.takeMeanLoss();
        double after = c.model().evaluate(x, x);
        assertTrue(after < first, "the RGB conv VAE's loss falls: " + first + " -> " + after);
        assertEquals(d, vae.reconstruct(x.rows(0, 1)).length, "a reconstruction is 3 x 8 x 8");

        Gan gan = new Gan(GanNets.dcganGenerator(4, 3, 8, G, GanNets.Options.E6, null),
                GanNets.dcganDiscriminator(3, 8, 0.4f, G, GanNets.Options.E6, null), 4);
        ModelContext gc = ModelContext.build(gan, cpu, new int[] {3, 8, 8}, n, 1, p -> new Adam(p, 2e-4f));
        for (int i = 0; i < 3; i++) gan.trainStep(x, x);
        assertTrue(Double.isFinite(gan.takeMeanLoss()));
        assertEquals(2, gc.parameterSets().size());
    }
}
