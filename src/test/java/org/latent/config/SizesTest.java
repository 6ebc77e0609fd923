package org.latent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.latent.io.Json;

/** Numbers in configs: splits that leave nothing to train on, sizes that overflow or cannot fit, all in 64 bits. */
class SizesTest {
    private static void assertMessage(String m, String... parts) {
        for (String p : parts) assertTrue(m.contains(p), () -> "lacks '" + p + "': " + m);
    }

    private static String refused(String json) {
        return assertThrows(ConfigException.class, () -> RunConfig.fromJson(Json.parseObject(json, "test"), "t")).getMessage();
    }

    private static String config(String data, String model) {
        return "{\"data\": " + data + ", \"model\": " + model + ", \"training\": {\"epochs\": 1}}";
    }

    private static final String VAE = "{\"family\": \"vae\", \"encoder\": [16], \"latent\": 2}";

    @Test
    void aValidationSplitAsLargeAsTheTrainingSetIsRefusedWithTheSizes() {
        assertMessage(refused(config("{\"dataset\": \"mnist\", \"validation\": 60000}", VAE)),
                "data.validation: holding out 60,000 of the 60,000 mnist training images leaves no training examples",
                "at most 59,999");
        assertMessage(refused(config("{\"dataset\": \"fashion-mnist\", \"validation\": 70000}", VAE)), "data.validation", "70,000 of the 60,000");
        RunConfig.fromJson(Json.parseObject(config("{\"dataset\": \"mnist\", \"validation\": 59999}", VAE), "test"), "t");
        assertMessage(refused(config("{\"dataset\": \"frey\", \"validation\": 1000, \"test\": 965}", VAE)),
                "data.validation + data.test (1000 + 965): holding out 1,965 of the 1,965 Frey faces");
        assertMessage(refused(config("{\"dataset\": \"frey\", \"test\": 3000}", VAE)), "data.test: holding out 3,000");
        assertMessage(assertThrows(ConfigException.class, () -> DataConfig.of("mnist").withValidation(60_000)).getMessage(),
                "data.validation");
    }

    @Test
    void noisyCopiesThatOverflowAnArrayAreRefusedWithTheEstimate() {
        String m = refused(config("{\"dataset\": \"mnist\", \"validation\": 0, \"noise\": {\"type\": \"flip\", \"probability\": 0.1,"
                + " \"copies\": 100}}", VAE));
        assertMessage(m, "data.noise.copies: 100 noisy copies of 60,000 training examples would be 4,704,000,000 values",
                "17.5 GiB", "more than the 2,147,483,639 one buffer can hold");
    }

    @Test
    void hugeLayersAreRefusedNamingTheKeyWithTheParameterCount() {
        assertMessage(refused(config("{\"dataset\": \"fonts\"}", "{\"family\": \"vae\", \"encoder\": [1000000000], \"latent\": 2}")),
                "model.encoder: layers [1000000000] need at least 3,000,000,001 parameters (11.2 GiB as float32)");
        assertMessage(refused(config("{\"dataset\": \"fonts\"}",
                "{\"family\": \"autoencoder\", \"encoder\": [100000, 100000], \"latent\": 2}")), "model.encoder", "10,000,");
    }

    @Test
    void theNetworkHelperCountsIn64BitsAndComparesWithMemory() {
        assertEquals(784L * 500 + 500 + 500L * 40 + 40, Check.denseParameters(784, List.of(500), 40));
        String m = assertThrows(ConfigException.class,
                () -> Check.denseNetwork("model.encoder", 784, List.of(10_000_000), 40, 100, Long.MAX_VALUE)).getMessage();
        assertMessage(m, "model.encoder: layers 784 -> [10000000] -> 40 have 8,250,000,040 parameters (30.7 GiB as float32)");
        m = assertThrows(ConfigException.class,
                () -> Check.denseNetwork("model.hidden", 784, List.of(100_000), 10, 100, 1L << 30)).getMessage();
        assertMessage(m, "model.hidden: layers 784 -> [100000] -> 10 have 79,500,010 parameters", "needs about 1.3 GiB",
                "more than the 1.0 GiB available");
        assertMessage(assertThrows(ConfigException.class,
                () -> Check.denseNetwork("model.hidden", 1, List.of(30_000_000), 1, 100, Long.MAX_VALUE)).getMessage(),
                "a layer of 30,000,000 units in batches of 100", "training.batch");
        assertTrue(Check.denseNetwork("model.encoder", 784, List.of(500, 500), 40, 100, 1L << 30) > 16L * 600_000);
        assertEquals(Long.MAX_VALUE, Check.denseParameters(Long.MAX_VALUE / 2, List.of(Integer.MAX_VALUE), 1), "saturates, never wraps");
    }

    @Test
    void stepsPerEpochAreCountedWithoutOverflow() {
        assertEquals(21_474_837, TrainingConfig.of(100, 1).steps(Integer.MAX_VALUE));
        assertEquals(1, TrainingConfig.of(Integer.MAX_VALUE, 1).steps(Integer.MAX_VALUE));
    }
}
