package org.latent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.latent.io.Json;
import org.latent.optim.LearningRateSchedule;

/** optimizer.weight_decay, clip_norm, schedule, adamw; training.early_stopping; model.beta_warmup. */
class TrainingControlsConfigTest {
    private static final String BASE = """
            {"name": "c", "data": {"dataset": "mnist"}, "model": {"family": "vae", "latent": 2%s},
             "optimizer": %s, "training": {"epochs": 3%s}}
            """;

    private static RunConfig parse(String model, String optimizer, String training) {
        return RunConfig.fromJson(Json.parseObject(BASE.formatted(model, optimizer, training), "c.json"), "c");
    }

    private static String error(String model, String optimizer, String training) {
        return assertThrows(ConfigException.class, () -> parse(model, optimizer, training)).getMessage();
    }

    private static void assertMessage(String m, String... parts) {
        for (String p : parts) assertTrue(m.contains(p), () -> "message lacks '" + p + "': " + m);
    }

    @Test
    void everyControlParsesToTheBuildersConfigAndReadsBack() {
        RunConfig parsed = parse(", \"beta_warmup\": 1000", """
                {"name": "adamw", "lr": 0.002, "weight_decay": 0.05, "clip_norm": 1.5,
                 "schedule": {"name": "cosine", "warmup_steps": 100, "min_lr": 1e-5}}""",
                ", \"early_stopping\": {\"patience\": 4, \"min_delta\": 0.01}");
        RunConfig built = RunConfig.builder("c").data(DataConfig.of("mnist"))
                .model(VaeConfig.of(2).withBetaWarmup(1000))
                .optimizer(OptimizerConfig.adamw(0.002, 0.05).withClipNorm(1.5)
                        .withSchedule(ScheduleConfig.cosine(100, 0, 1e-5)))
                .training(TrainingConfig.of(100, 3).withEarlyStopping(EarlyStoppingConfig.of(4).withMinDelta(0.01)))
                .build();
        assertEquals(built, parsed);
        assertEquals(parsed, RunConfig.fromJson(Json.parseObject(Json.pretty(parsed.toJson()), "resolved"), "x"));
        @SuppressWarnings("unchecked")
        Map<String, Object> o = (Map<String, Object>) parsed.toJson().get("optimizer");
        assertEquals("adamw", o.get("name"));
        assertEquals(0.05, o.get("weight_decay"));
        assertTrue(((OptimizerConfig.AdamConfig) parsed.optimizer()).decoupled());
    }

    @Test
    void defaultsAreNoControlsAndAdamWDecays001() {
        RunConfig plain = parse("", "{\"name\": \"adam\"}", "");
        assertEquals(OptimizerConfig.Controls.NONE, plain.optimizer().controls());
        assertEquals(OptimizerConfig.adam(1e-3), plain.optimizer(), "the same optimizer as before the controls existed");
        assertEquals(0, ((VaeConfig) plain.model()).betaWarmup());
        assertEquals(null, plain.training().earlyStopping());
        assertEquals(0.01, parse("", "{\"name\": \"adamw\"}", "").optimizer().controls().weightDecay(), "PyTorch's AdamW default");
        assertEquals(0.1, parse("", "{\"name\": \"sgd\", \"weight_decay\": 0.1}", "").optimizer().controls().weightDecay());
    }

    @Test
    void schedulesWithTheirDefaultsAndTheRunLength() {
        ScheduleConfig step = parse("", "{\"schedule\": {\"name\": \"step\", \"step_size\": 550}}", "").optimizer().controls().schedule();
        assertEquals(ScheduleConfig.step(550, 0.1), step);
        LearningRateSchedule s = step.create(1e-3, 1650);
        assertEquals(1e-4, s.lr(550), 1e-18);
        ScheduleConfig cosine = ScheduleConfig.cosine(10, 0, 0);
        assertEquals(0.0, cosine.create(1.0, 110).lr(110), 1e-15, "total_steps 0: the run's last step ends the decay");
        assertEquals(0.5, cosine.create(1.0, 110).lr(60), 1e-15, "halfway through the 100 decay steps");
        ScheduleConfig plateau = parse("", "{\"schedule\": {\"name\": \"plateau\", \"patience\": 2}}", "").optimizer().controls().schedule();
        assertEquals(ScheduleConfig.plateau(0.1, 2), plateau);
        assertEquals(LearningRateSchedule.Kind.PLATEAU, plateau.create(1e-3, 10).kind());
        assertEquals(ScheduleConfig.exponential(0.5, 1), parse("", "{\"schedule\": {\"name\": \"exponential\", \"gamma\": 0.5}}", "")
                .optimizer().controls().schedule());
    }

    @Test
    void badControlsAreNamed() {
        assertMessage(error("", "{\"weight_decay\": -1}", ""), "optimizer.weight_decay", "-1.0 must be a number >= 0");
        assertMessage(error("", "{\"clip_norm\": \"big\"}", ""), "optimizer.clip_norm", "expected a number");
        assertMessage(error("", "{\"schedule\": {\"name\": \"cosin\"}}", ""), "optimizer.schedule.name", "did you mean \"cosine\"");
        assertMessage(error("", "{\"schedule\": {\"name\": \"step\"}}", ""), "optimizer.schedule.step_size", "required");
        assertMessage(error("", "{\"schedule\": {\"name\": \"step\", \"step_size\": 5, \"gama\": 0.5}}", ""),
                "optimizer.schedule.gama", "did you mean \"gamma\"");
        assertMessage(error("", "{\"schedule\": {\"name\": \"exponential\", \"gamma\": 2}}", ""), "optimizer.schedule.gamma", "(0, 1]");
        assertMessage(error("", "{\"schedule\": {\"name\": \"plateau\", \"factor\": 1}}", ""), "optimizer.schedule.factor", "(0, 1)");
        assertMessage(error("", "{\"schedule\": {\"name\": \"cosine\", \"warmup_steps\": 10, \"total_steps\": 10}}", ""),
                "optimizer.schedule.total_steps", "more than warmup_steps");
        assertMessage(error("", "{}", ", \"early_stopping\": {\"patience\": 0}"), "training.early_stopping.patience",
                "positive");
        assertMessage(error("", "{}", ", \"early_stopping\": {\"min_delta\": 0.1}"), "training.early_stopping.patience", "required");
        assertMessage(error(", \"beta_warmup\": -5", "{}", ""), "model.beta_warmup", "0 or more");
        assertMessage(assertThrows(ConfigException.class, () -> RunConfig.fromJson(Json.parseObject("""
                {"name": "p", "data": {"dataset": "fonts"}, "model": {"family": "autoencoder", "latent": 2},
                 "optimizer": {"name": "powell", "max_evaluations": 10, "clip_norm": 1}, "training": {"epochs": 1}}""", "p"), "p"))
                .getMessage(), "optimizer.clip_norm", "unknown key");
    }

    @Test
    void plateauAndEarlyStoppingNeedAValidationSet() {
        String noValidation = """
                {"name": "c", "data": {"dataset": "mnist", "validation": 0}, "model": {"family": "vae", "latent": 2},
                 "optimizer": %s, "training": {"epochs": 3%s}}""";
        assertMessage(assertThrows(ConfigException.class, () -> RunConfig.fromJson(Json.parseObject(noValidation.formatted(
                "{\"schedule\": {\"name\": \"plateau\"}}", ""), "c"), "c")).getMessage(), "optimizer.schedule",
                "needs a validation set (data.validation > 0)");
        assertMessage(assertThrows(ConfigException.class, () -> RunConfig.fromJson(Json.parseObject(noValidation.formatted(
                "{}", ", \"early_stopping\": {\"patience\": 3}"), "c"), "c")).getMessage(), "training.early_stopping",
                "needs a validation set");
    }
}
