package org.latent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latent.config.ConfigFiles;

/**
 * Training through the loop with {@code -Dlatent.plan=true} (every step after the two recordings of
 * its batch shape replayed from the StepPlan) writes the eager run's checkpoint and metrics, bit for
 * bit: a VAE with a KL warm-up, a cosine learning-rate schedule, weight decay and a smaller last batch.
 */
class PlannedTrainingTest {
    private static final String CONFIG = """
            {"name": "fonts-vae", "seed": 3, "device": "cpu", "data": {"dataset": "fonts", "font": 1},
             "model": {"family": "vae", "encoder": [16], "latent": 2, "beta_warmup": 20},
             "optimizer": {"name": "adamw", "lr": 0.01, "weight_decay": 0.01, "clip_norm": 1.0,
                           "schedule": {"name": "cosine", "warmup_steps": 5, "total_steps": 60}},
             "training": {"batch": 5, "epochs": 6, "log_every": 2}}
            """;

    private static Path train(Path dir, boolean plan) throws Exception {
        Path config = Files.writeString(dir.resolve("c.json"), CONFIG);
        String before = System.getProperty(TrainingSession.PLAN_PROPERTY);
        System.setProperty(TrainingSession.PLAN_PROPERTY, Boolean.toString(plan));
        try {
            return new Trainer(ConfigFiles.read(config)).output(dir.resolve("runs")).fit().folder();
        } finally {
            if (before == null) System.clearProperty(TrainingSession.PLAN_PROPERTY);
            else System.setProperty(TrainingSession.PLAN_PROPERTY, before);
        }
    }

    @Test
    void aPlannedRunWritesTheEagerRunsBits(@TempDir Path eagerDir, @TempDir Path planDir) throws Exception {
        Path eager = train(eagerDir, false), planned = train(planDir, true);
        assertArrayEquals(Files.readAllBytes(eager.resolve("checkpoint.safetensors")), Files.readAllBytes(planned.resolve("checkpoint.safetensors")));
        assertEquals(Files.readString(eager.resolve("state.json")).replaceAll("\"epoch_seconds\": [0-9.eE-]+", ""),
                Files.readString(planned.resolve("state.json")).replaceAll("\"epoch_seconds\": [0-9.eE-]+", ""));
        assertEquals(losses(eager), losses(planned));
    }

    /** metrics.csv without its time columns. */
    private static String losses(Path run) throws Exception {
        StringBuilder b = new StringBuilder();
        for (String line : Files.readAllLines(run.resolve("metrics.csv"))) {
            String[] f = line.split(",");
            b.append(f[0]).append(',').append(f[1]).append(',').append(f.length > 2 ? f[2] : "").append('\n');
        }
        return b.toString();
    }
}
