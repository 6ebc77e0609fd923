package org.latent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.latent.backend.cpu.CpuBackend;
import org.latent.io.Json;

/** The classifier section: the published networks through the config, defaults, and the errors for its keys. */
class ClassifierConfigTest {
    private static RunConfig parse(String model) {
        String json = """
                {"data": {"dataset": "mnist"}, "model": %s, "training": {"epochs": 1}}
                """.formatted(model);
        return RunConfig.fromJson(Json.parseObject(json, "test.json"), "test");
    }

    private static String error(String model) {
        return assertThrows(ConfigException.class, () -> parse(model)).getMessage();
    }

    private static long parameters(String model) {
        return org.latent.testing.Built.of(parse(model).model().model(new int[] {784}), new CpuBackend(), 784, 2, 1).trainableCount();
    }

    @Test
    void publishedArchitecturesHaveTheirParameterCounts() {
        assertEquals(118_282, parameters("{\"family\": \"classifier\", \"architecture\": \"mlp\"}"), "E4");
        // EXPERIMENTS.md quotes 280,010 for E5; its own description with VALID convolutions gives 140,682.
        assertEquals(140_682, parameters("{\"family\": \"classifier\", \"architecture\": \"cnn\"}"), "E5");
        assertEquals(7_850, parameters("{\"family\": \"classifier\", \"architecture\": \"softmax\"}"), "E3 on pixels");
    }

    @Test
    void defaultsAreWrittenOutAndReadBack() {
        RunConfig c = parse("{\"family\": \"classifier\", \"architecture\": \"mlp\", \"features\": {\"encoder_run\": \"runs/e1\"}}");
        ClassifierConfig m = (ClassifierConfig) c.model();
        assertEquals(ClassifierConfig.of("mlp").withEncoderRun("runs/e1"), m);
        assertEquals(0.2, m.dropout());
        assertEquals(c, RunConfig.fromJson(Json.parseObject(Json.pretty(c.toJson()), "again.json"), "again"));
        assertEquals(0.25, ClassifierConfig.of("cnn").dropout());
        assertEquals("mu", m.featureLayer());
        assertEquals(false, m.standardize());
        RunConfig h = parse("{\"family\": \"classifier\", \"architecture\": \"softmax\", "
                + "\"features\": {\"encoder_run\": \"runs/e1\", \"layer\": \"hidden\", \"standardize\": true}}");
        assertEquals(ClassifierConfig.of("softmax").withEncoderRun("runs/e1").withFeatureLayer("hidden").withStandardize(true), h.model());
        assertEquals(h, RunConfig.fromJson(Json.parseObject(Json.pretty(h.toJson()), "again.json"), "again"));
    }

    @Test
    void errorsNameTheKeyAndSuggest() {
        String e = error("{\"family\": \"classifier\", \"architecture\": \"cnnn\"}");
        assertTrue(e.contains("model.architecture") && e.contains("did you mean \"cnn\"?"), e);
        e = error("{\"family\": \"classifer\", \"architecture\": \"mlp\"}");
        assertTrue(e.contains("did you mean \"classifier\"?"), e);
        e = error("{\"family\": \"classifier\"}");
        assertTrue(e.contains("model.architecture: required"), e);
        e = error("{\"family\": \"classifier\", \"architecture\": \"mlp\", \"dropuot\": 0.5}");
        assertTrue(e.contains("model.dropuot: unknown key") && e.contains("did you mean \"dropout\"?"), e);
        e = error("{\"family\": \"classifier\", \"architecture\": \"mlp\", \"dropout\": 1}");
        assertTrue(e.contains("model.dropout"), e);
        e = error("{\"family\": \"classifier\", \"architecture\": \"softmax\", \"dropout\": 0.5}");
        assertTrue(e.contains("softmax regression has no dropout"), e);
        e = error("{\"family\": \"classifier\", \"architecture\": \"mlp\", \"features\": {\"encoder\": \"runs/x\"}}");
        assertTrue(e.contains("model.features.encoder: unknown key") && e.contains("encoder_run"), e);
        e = error("{\"family\": \"classifier\", \"architecture\": \"cnn\", \"features\": {\"encoder_run\": \"runs/x\"}}");
        assertTrue(e.contains("the cnn needs images"), e);
        e = error("{\"family\": \"classifier\", \"architecture\": \"softmax\", \"features\": {\"encoder_run\": \"runs/x\", \"layer\": \"hiden\"}}");
        assertTrue(e.contains("model.features.layer") && e.contains("did you mean \"hidden\"?"), e);
        e = error("{\"family\": \"classifier\", \"architecture\": \"softmax\", \"features\": {\"layer\": \"hidden\"}}");
        assertTrue(e.contains("needs model.features.encoder_run"), e);
        e = error("{\"family\": \"classifier\", \"architecture\": \"cnn\", \"features\": {\"standardize\": true}}");
        assertTrue(e.contains("model.features.standardize"), e);
        e = assertThrows(ConfigException.class, () -> ClassifierConfig.of("cnn").model(new int[] {35})).getMessage();
        assertTrue(e.contains("square"), e);
        assertTrue(error("{\"family\": \"classifier\", \"architecture\": \"mlp\", \"classes\": 1}").contains("model.classes"));
    }
}
