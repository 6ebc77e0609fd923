package org.latent.config;

import org.latent.model.ModelContext;
import org.latent.testing.Built;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.latent.backend.cpu.CpuBackend;
import org.latent.io.Json;
import org.latent.model.Gan;

/**
 * The E6 variant examples build, with these parameter counts. E6's generator: Dense 100 -> 6,272
 * (633,472), two ConvTranspose2d 128 -> 128 4x4 (262,272 each), Conv2d 128 -> 1 7x7 (6,273):
 * 1,164,289; its discriminator 40,705.
 */
class GanVariantsConfigTest {
    private static final CpuBackend CPU = new CpuBackend();

    private static ModelContext build(String example) {
        RunConfig c = ConfigFiles.read(Path.of("examples/" + example + ".json"));
        assertEquals(example, c.name());
        assertTrue(c.description().length() > 100, "described");
        assertEquals("runs/e5-cnn-mnist", ((GanConfig) c.model()).judge().classifierRun());
        return Built.of(c.model().model(new int[] {784}), CPU, 784, 2, 1);
    }

    private static void assertCounts(ModelContext gan, long generator, long discriminator) {
        assertEquals(generator, Built.parameters(gan, "generator"), "generator");
        assertEquals(discriminator, Built.parameters(gan, "discriminator"), "discriminator");
    }

    @Test
    void tanhOutputHasE6sCountsAndSymmetricPixels() {
        assertCounts(build("e6-dcgan-tanh"), 1_164_289, 40_705);
        assertEquals("symmetric", ConfigFiles.read(Path.of("examples/e6-dcgan-tanh.json")).data().scale());
    }

    /** Three BatchNorms over 128 channels, each 128 scales + 128 shifts: 1,164,289 + 768. */
    @Test
    void generatorBatchNormAddsScalesAndShifts() {
        assertCounts(build("e6-dcgan-batchnorm"), 1_165_057, 40_705);
    }

    /** Conv2d 128 -> 128 3x3 = 147,584 instead of 262,272 twice: 633,472 + 2 x 147,584 + 6,273. */
    @Test
    void nearestUpsamplingUsesSmallerConvolutions() {
        assertCounts(build("e6-dcgan-upsample"), 934_913, 40_705);
    }

    /** Dense 32 -> 6,272 = 206,976: 206,976 + 2 x 262,272 + 6,273. */
    @Test
    void latent32ShrinksTheFirstDense() {
        assertCounts(build("e6-dcgan-latent32"), 737_793, 40_705);
    }

    /** The critic is E6's discriminator (its Dense 1 gives the score), so the counts are E6's. */
    @Test
    void wassersteinGanHasE6sCountsAndItsSettings() {
        assertCounts(build("e6-wgan"), 1_164_289, 40_705);
        GanConfig c = (GanConfig) ConfigFiles.read(Path.of("examples/e6-wgan.json")).model();
        assertEquals(GanWassersteinConfig.of(), c.wasserstein());
        assertTrue(assertThrows(ConfigException.class, () -> new GanWassersteinConfig(5, 0)).getMessage()
                .startsWith("model.wasserstein.clip"));
    }

    /** The one-hot label adds 10 x 6,272 weights to G's Dense and 10 label planes x 64 filters x 3 x 3 to D's first conv. */
    @Test
    void conditionalGanAddsTheLabelInputsWeights() {
        ModelContext gan = build("e6-cgan-mnist");
        assertCounts(gan, 1_164_289 + 10 * 6_272, 40_705 + 10 * 64 * 9);
        assertEquals(10, ((Gan) gan.model()).classes());
    }

    @Test
    void separateBatchesAndMlpGanAndE6EpochLength() {
        ModelContext separate = build("e6-dcgan-separate");
        assertCounts(separate, 1_164_289, 40_705);
        assertTrue(((Gan) separate.model()).settings().separateBatches());
        assertCounts(build("e6-mlp-gan-mnist"), 101 * 256 + 257 * 512 + 513 * 1024 + 1025 * 784,
                785 * 1024 + 1025 * 512 + 513 * 256 + 257);
        for (String e : new String[] {"e6-dcgan-mnist", "e6-cgan-mnist", "e6-dcgan-tanh", "e6-dcgan-batchnorm"}) {
            assertEquals(234, ConfigFiles.read(Path.of("examples/" + e + ".json")).training().steps(60_000), e);
        }
        assertEquals(469, org.latent.config.TrainingConfig.of(128, 1).steps(60_000), "a full pass");
    }

    @Test
    void badConditionalOrBatchSettingsAreNamed() {
        assertTrue(assertThrows(ConfigException.class, () -> GanConfig.of("dcgan").withClasses(1)).getMessage().startsWith("model.classes"));
        assertTrue(assertThrows(ConfigException.class, () -> GanConfig.of("dcgan").withDiscriminatorBatches("halves")).getMessage()
                .startsWith("model.discriminator_batches"));
        assertTrue(assertThrows(ConfigException.class, () -> TrainingConfig.of(128, 1).withStepsPerEpoch(-1)).getMessage()
                .startsWith("training.steps_per_epoch"));
    }

    /** Two BatchNorms over the discriminator's 64 channels: 40,705 + 2 x 128. */
    @Test
    void discriminatorBatchNorm() {
        ModelContext gan = Built.of(GanConfig.of("dcgan").withBatchNorm(false, true).model(new int[] {784}), CPU, 784, 2, 1);
        assertCounts(gan, 1_164_289, 40_961);
        ModelContext mlp = Built.of(GanConfig.of("mlp").withHidden(16).withBatchNorm(true, true).withOutput("tanh").model(new int[] {35}),
                CPU, 35, 2, 1);
        assertCounts(mlp, (100 + 1) * 16 + 32 + (16 + 1) * 35, (35 + 1) * 16 + 32 + 17);
    }

    @Test
    void scaleMustMatchTheOutput() {
        String json = """
                {"data": {"dataset": "mnist", "scale": "%s"}, "model": {"family": "gan", "architecture": "dcgan", "output": "%s"},
                 "training": {"epochs": 1}}
                """;
        String sigmoidSymmetric = assertThrows(ConfigException.class,
                () -> RunConfig.fromJson(Json.parseObject(json.formatted("symmetric", "sigmoid"), "t.json"), "t")).getMessage();
        assertTrue(sigmoidSymmetric.startsWith("data.scale"), sigmoidSymmetric);
        assertThrows(ConfigException.class, () -> RunConfig.fromJson(Json.parseObject(json.formatted("unit", "tanh"), "t.json"), "t"));
        assertTrue(assertThrows(ConfigException.class, () -> GanConfig.of("mlp").withUpsampling("nearest")).getMessage()
                .startsWith("model.upsampling"));
        assertTrue(assertThrows(ConfigException.class, () -> GanConfig.of("dcgan").withOutput("relu")).getMessage()
                .startsWith("model.output"));
    }
}
