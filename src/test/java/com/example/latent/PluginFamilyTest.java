package com.example.latent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latent.config.ConfigException;
import org.latent.config.ConfigFiles;
import org.latent.config.ModelFamilies;
import org.latent.config.RunConfig;
import org.latent.train.Trainer;

/** A JSON config naming a family that a library registered as a service, and Trainer's command-line options. */
class PluginFamilyTest {
    static final String CONFIG = """
            {"name": "tiny", "seed": 2, "device": "cpu", "data": {"dataset": "fonts", "font": 2},
             "model": {"family": "tiny-ae", "code": 4},
             "optimizer": {"name": "adam", "lr": 0.01}, "training": {"batch": 8, "epochs": 3}}
            """;

    @Test
    void aConfigNamesAFamilyFoundAsAService(@TempDir Path dir) throws Exception {
        assertTrue(ModelFamilies.names().contains("tiny-ae"), ModelFamilies.names().toString());
        Path file = Files.writeString(dir.resolve("tiny.json"), CONFIG);
        RunConfig c = ConfigFiles.read(file);
        Trainer.Run r = new Trainer(c).options("--out", dir.resolve("runs").toString()).fit();
        assertTrue(r.complete());
        assertEquals("tiny-ae", r.summary().get("family"));
        Map<?, ?> saved = (Map<?, ?>) org.latent.io.Json.readObject(r.folder().resolve("config.json")).get("model");
        assertEquals(4, ((Number) saved.get("code")).intValue(), "the family's own keys are saved");
        String bad = assertThrows(ConfigException.class,
                () -> ConfigFiles.read(Files.writeString(dir.resolve("bad.json"), CONFIG.replace("\"code\"", "\"cod\"")))).getMessage();
        assertTrue(bad.contains("model.cod") && bad.contains("did you mean \"code\""), bad);
    }

    @Test
    void trainerOptionsAreTheCommandLinesAndBadOnesAreNamed() {
        RunConfig c = RunConfig.builder("x").data(org.latent.config.DataConfig.of("fonts"))
                .model(org.latent.config.VaeConfig.of(2)).training(org.latent.config.TrainingConfig.of(8, 1)).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Trainer(c).options("--epochs", "0")).getMessage()
                .contains("--epochs: 0 must be at least 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Trainer(c).options("--epoch", "3")).getMessage()
                .contains("--epoch: unknown option"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Trainer(c).options("--data")).getMessage()
                .contains("--data: needs a value"));
    }
}
