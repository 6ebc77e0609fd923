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

/** The gan section: E6's networks through the config, the example, and the errors for its keys. */
class GanConfigTest {
    private static RunConfig parse(String model, String scale) {
        String json = """
                {"data": {"dataset": "mnist", "scale": "%s"}, "model": %s, "training": {"epochs": 1}}
                """.formatted(scale, model);
        return RunConfig.fromJson(Json.parseObject(json, "test.json"), "test");
    }

    private static String error(String model) {
        return assertThrows(ConfigException.class, () -> parse(model, "unit")).getMessage();
    }

    @Test
    void e6NetworksHaveTheirParameterCounts() {
        ModelContext gan = Built.of(parse("{\"family\": \"gan\", \"architecture\": \"dcgan\"}", "unit").model()
                .model(new int[] {784}), new CpuBackend(), 784, 2, 1);
        assertEquals(1_164_289, Built.parameters(gan, "generator"));
        assertEquals(40_705, Built.parameters(gan, "discriminator"));
    }

    @Test
    void theExampleIsE6() {
        RunConfig c = ConfigFiles.read(Path.of("examples/e6-dcgan-mnist.json"));
        assertEquals(GanConfig.of("dcgan").withJudge(GanJudgeConfig.of("runs/e5-cnn-mnist")), c.model());
        assertEquals(new OptimizerConfig.AdamConfig(2e-4, 0.5, 0.999, 1e-7), c.optimizer());
        assertEquals(128, c.training().batch());
        assertEquals(100, c.training().epochs());
        assertEquals(234, c.training().stepsPerEpoch());
    }

    @Test
    void badValuesAreRejected() {
        assertTrue(error("{\"family\": \"gan\", \"architecture\": \"dcgn\"}").contains("did you mean \"dcgan\""));
        assertTrue(error("{\"family\": \"gan\", \"architecture\": \"dcgan\", \"hidden\": [64]}").startsWith("model.hidden"));
        assertTrue(error("{\"family\": \"gan\", \"architecture\": \"mlp\", \"hidden\": []}").startsWith("model.hidden"));
        assertTrue(error("{\"family\": \"gan\", \"architecture\": \"mlp\", \"generator_steps\": 0}")
                .startsWith("model.generator_steps"));
        assertTrue(error("{\"family\": \"gan\", \"architecture\": \"mlp\", \"sample_every\": 0}").startsWith("model.sample_every"));
        assertTrue(error("{\"family\": \"gan\", \"architecture\": \"mlp\", \"dropout\": 1}").startsWith("model.dropout"));
        assertTrue(error("{\"family\": \"gan\", \"architecture\": \"mlp\", \"latnt\": 10}").contains("did you mean \"latent\""));
        String scale = assertThrows(ConfigException.class,
                () -> parse("{\"family\": \"gan\", \"architecture\": \"mlp\"}", "symmetric")).getMessage();
        assertTrue(scale.startsWith("data.scale"), scale);
    }

    @Test
    void theJudgeHasDefaultsAndChecks() {
        GanConfig c = (GanConfig) parse("{\"family\": \"gan\", \"architecture\": \"dcgan\", "
                + "\"judge\": {\"classifier_run\": \"runs/e5-cnn-mnist\"}}", "unit").model();
        assertEquals(GanJudgeConfig.of("runs/e5-cnn-mnist"), c.judge());
        assertEquals(new GanJudgeConfig("runs/e5-cnn-mnist", 10, 1000), c.judge());
        assertEquals(c, GanConfig.of("dcgan").withJudge(GanJudgeConfig.of("runs/e5-cnn-mnist")));
        assertTrue(error("{\"family\": \"gan\", \"architecture\": \"mlp\", \"judge\": {\"every\": 2}}")
                .startsWith("model.judge.classifier_run"));
        assertTrue(error("{\"family\": \"gan\", \"architecture\": \"mlp\", \"judge\": {\"classifier_run\": \"r\", \"images\": 1}}")
                .startsWith("model.judge.images"));
    }
}
