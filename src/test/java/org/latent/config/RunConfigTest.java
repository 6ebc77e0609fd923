package org.latent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latent.io.Json;
import org.latent.io.JsonException;

class RunConfigTest {
    private static final String E1 = """
            {"name": "e1", "data": {"dataset": "mnist"}, "model": {"family": "vae", "latent": 20},
             "training": {"epochs": 50}}
            """;

    private static RunConfig parse(String json) {
        return RunConfig.fromJson(Json.parseObject(json, "test.json"), "test");
    }

    private static String error(String json) {
        return assertThrows(ConfigException.class, () -> parse(json)).getMessage();
    }

    private static void assertMessage(String message, String... parts) {
        for (String p : parts) assertTrue(message.contains(p), () -> "message lacks '" + p + "': " + message);
    }

    @Test
    void defaultsMakeE1AndTheBuilderGivesTheSameConfig() {
        RunConfig parsed = parse(E1);
        RunConfig built = RunConfig.builder("e1")
                .data(DataConfig.of("mnist"))
                .model(VaeConfig.of(20))
                .optimizer(OptimizerConfig.adam(1e-3))
                .training(TrainingConfig.of(100, 50))
                .build();
        assertEquals(built, parsed);
        assertEquals(5000, parsed.data().validation());
        assertEquals("lecun_normal", ((VaeConfig) parsed.model()).init());
        assertEquals(java.util.List.of(500, 500), ((VaeConfig) parsed.model()).decoder());
    }

    @Test
    void resolvedJsonReadsBackEqual() {
        RunConfig c = RunConfig.builder("dae")
                .seed(7)
                .data(DataConfig.of("fonts").withFont(3).withSubset(10).withNoise(NoiseConfig.flip(0.1, 5)))
                .model(AutoencoderConfig.of(2).withEncoder(20, 8).withActivations("linear", "identity", "logistic", "sigmoid"))
                .optimizer(OptimizerConfig.sgd(0.1, 0.9, true))
                .training(TrainingConfig.of(8, 100).withCheckpointEvery(10))
                .build();
        Map<String, Object> json = Json.parseObject(Json.pretty(c.toJson()), "resolved");
        assertEquals(c, RunConfig.fromJson(json, "other"));
        assertEquals("identity", ((AutoencoderConfig) c.model()).encoderActivation(), "aliases are resolved");
        assertEquals(java.util.List.of(8, 20), ((AutoencoderConfig) c.model()).decoder(), "decoder mirrors the encoder");
    }

    @Test
    void unknownKeysAreNamedWithTheirValueAndTheNearestValidKey() {
        assertMessage(error(E1.replace("\"latent\": 20", "\"latnt\": 20")), "model.latnt", "unknown key", "20",
                "did you mean \"latent\"");
        assertMessage(error(E1.replace("\"name\": \"e1\"", "\"name\": \"e1\", \"epochs\": 3")), "epochs: unknown key",
                "Valid keys: name, description");
        assertMessage(error(E1.replace("\"epochs\": 50", "\"epochs\": 50, \"batch_size\": 64")), "training.batch_size",
                "64", "did you mean \"batch\"");
        assertMessage(error(E1.replace("\"dataset\": \"mnist\"", "\"dataset\": \"mnist\", \"font\": 2")), "data.font",
                "unknown key", "Valid keys in data: dataset, validation, limit, scale, noise");
    }

    @Test
    void wrongTypesNameTheKeyTheValueAndTheExpectedType() {
        assertMessage(error(E1.replace("\"latent\": 20", "\"latent\": \"twenty\"")), "model.latent",
                "expected a whole number", "\"twenty\"");
        assertMessage(error(E1.replace("\"epochs\": 50", "\"epochs\": 2.5")), "training.epochs", "whole number", "2.5");
        assertMessage(error(E1.replace("\"family\": \"vae\"", "\"family\": \"vae\", \"encoder\": 500")), "model.encoder",
                "expected an array", "the number 500");
        assertMessage(error(E1.replace("\"training\": {\"epochs\": 50}", "\"training\": [50]")), "training",
                "expected an object");
    }

    @Test
    void missingRequiredKeysAreNamed() {
        assertMessage(error(E1.replace("\"latent\": 20", "\"beta\": 1")), "model.latent: required key is missing");
        assertMessage(error(E1.replace("\"epochs\": 50", "\"batch\": 10")), "training.epochs: required key is missing");
        assertMessage(error(E1.replace("\"dataset\": \"mnist\"", "\"scale\": \"unit\"")), "data.dataset: required");
        assertMessage(error("{\"model\": {\"family\": \"vae\", \"latent\": 2}, \"training\": {\"epochs\": 1}}"),
                "data: required section is missing");
    }

    @Test
    void badValuesAreRejectedWithWhatWasExpected() {
        assertMessage(error(E1.replace("\"family\": \"vae\"", "\"family\": \"vea\"")), "model.family", "\"vea\"",
                "is not one of autoencoder, classifier, gan, ", "did you mean \"vae\"");
        assertMessage(error(E1.replace("\"latent\": 20", "\"latent\": 20, \"likelihood\": \"bernouli\"")),
                "model.likelihood", "did you mean \"bernoulli\"");
        assertMessage(error(E1.replace("\"latent\": 20", "\"latent\": 0")), "model.latent: 0 must be a positive");
        assertMessage(error(E1.replace("\"latent\": 20", "\"latent\": 20, \"activation\": {\"encoder\": \"relux\"}")),
                "model.activation.encoder", "\"relux\"", "did you mean \"relu\"");
        assertMessage(error(E1.replace("\"mnist\"", "\"mnsit\"")), "data.dataset", "did you mean \"mnist\"");
        assertMessage(error(E1.replace("\"epochs\": 50", "\"epochs\": 50}, \"optimizer\": {\"name\": \"adam\", \"lr\": -1")),
                "optimizer.lr: -1.0 must be a positive number");
        assertMessage(error(E1.replace("\"name\": \"e1\"", "\"name\": \"a/b\"")), "name: \"a/b\"");
        assertMessage(error(E1.replace("\"name\": \"e1\"", "\"name\": \"e1\", \"device\": \"gpu\"")), "device: \"gpu\"",
                "auto, cpu, cuda, cuda:N");
        assertMessage(assertThrows(ConfigException.class, () -> AutoencoderConfig.of(2).withLoss("cross_entropy")
                .withActivations("relu", "identity", "relu", "tanh")).getMessage(), "cross_entropy needs", "sigmoid");
    }

    @Test
    void theConvAutoencoderTakesNoHiddenSizes() {
        String conv = """
                {"name": "c", "data": {"dataset": "mnist"}, "model": {"family": "autoencoder", "architecture": "conv", "latent": 16},
                 "training": {"epochs": 1}}""";
        AutoencoderConfig parsed = (AutoencoderConfig) parse(conv).model();
        assertEquals("conv", parsed.architecture());
        assertEquals(parsed, RunConfig.fromJson(Json.parseObject(Json.pretty(parse(conv).toJson()), "resolved"), "c").model());
        assertEquals("mlp", AutoencoderConfig.of(2).architecture());
        assertMessage(error(conv.replace("\"latent\": 16", "\"latent\": 16, \"encoder\": [20]")), "conv architecture has fixed layers");
        assertMessage(error(conv.replace("\"conv\"", "\"cnn\"")), "model.architecture", "\"cnn\"");
    }

    @Test
    void syntaxErrorsNameTheFileAndLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("broken.json");
        Files.writeString(f, "{\n  \"name\": \"x\",\n  \"data\": {\"dataset\": \"fonts\"\n}\n");
        String m = assertThrows(JsonException.class, () -> ConfigFiles.read(f)).getMessage();
        assertMessage(m, "broken.json", "not valid JSON", "line");
        Files.writeString(f, "{\"name\": \"x\", \"name\": \"y\"}");
        assertMessage(assertThrows(JsonException.class, () -> ConfigFiles.read(f)).getMessage(), "broken.json", "name");
    }

    @Test
    void configErrorsFromFilesStartWithTheFileAndTheNameDefaultsToIt(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("my-run.json");
        Files.writeString(f, E1.replace("\"name\": \"e1\", ", ""));
        assertEquals("my-run", ConfigFiles.read(f).name());
        Files.writeString(f, E1.replace("\"latent\": 20", "\"latnt\": 20"));
        assertMessage(assertThrows(ConfigException.class, () -> ConfigFiles.read(f)).getMessage(), f + ": model.latnt");
    }

    @Test
    void theBuilderExampleOfTheDocsIsTheE1Config() {
        RunConfig e1 = RunConfig.builder("e1-vae-mnist")
                .seed(1)
                .data(DataConfig.of("mnist").withValidation(5000))
                .model(VaeConfig.of(20).withEncoder(500, 500).withLikelihood("bernoulli").withInit("lecun_normal"))
                .optimizer(OptimizerConfig.adam(1e-3))
                .training(TrainingConfig.of(100, 50).withCheckpointEvery(5))
                .build();
        RunConfig file = ConfigFiles.read(Path.of("examples/e1-vae-mnist.json"));
        Map<String, Object> a = e1.toJson(), b = file.toJson();
        a.remove("description");
        b.remove("description");
        assertEquals(b, a);
    }

    /** E8's conv VAE: the conv autoencoder's layers with a 2 x 20 code ([mu | log sigma^2]); hidden sizes are refused. */
    @Test
    void convolutionalVaeExample() {
        RunConfig c = ConfigFiles.read(Path.of("examples/e8-conv-vae-mnist.json"));
        VaeConfig v = (VaeConfig) c.model();
        assertEquals("conv", v.architecture());
        org.latent.model.ModelContext vae = org.latent.testing.Built.of(v.model(new int[] {784}), new org.latent.backend.cpu.CpuBackend(), 784, 4, 1);
        long encoder = (9 * 16 + 16) + (16 * 9 * 32 + 32) + (32 * 7 * 7 * 40 + 40);
        long decoder = (20 * 32 * 7 * 7 + 32 * 7 * 7) + (32 * 16 * 16 + 16) + (16 * 16 + 1);
        assertEquals(encoder + decoder, vae.trainableCount());
        String m = assertThrows(ConfigException.class, () -> VaeConfig.of(20).withArchitecture("conv").withEncoder(100)).getMessage();
        assertTrue(m.startsWith("model.encoder"), m);
    }

    @Test
    void everyExampleConfigIsValid() throws Exception {
        try (Stream<Path> s = Files.list(Path.of("examples"))) {
            for (Path p : s.filter(x -> x.toString().endsWith(".json")).toList()) {
                RunConfig c = ConfigFiles.read(p);
                assertEquals(p.getFileName().toString().replace(".json", ""), c.name(), "name of " + p);
            }
        }
    }
}
