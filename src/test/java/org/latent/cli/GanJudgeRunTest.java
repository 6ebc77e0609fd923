package org.latent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latent.io.Json;

/** A GAN on a font judged by a classifier trained on the same font (32 characters, 32 classes). */
class GanJudgeRunTest {

    private static double number(Map<?, ?> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }

    @Test
    void scoresOfTheGeneratorAndOfTheRealImagesReachSummaryAndCsv(@TempDir Path dir) throws Exception {
        Path runs = dir.resolve("runs");
        Path classifier = Cli.writeConfig(dir, "font-judge", """
                {"name": "font-judge", "seed": 2, "device": "cpu", "data": {"dataset": "fonts", "font": 2},
                 "model": {"family": "classifier", "architecture": "mlp", "hidden": [32], "dropout": 0.1, "classes": 32},
                 "optimizer": {"name": "adam", "lr": 0.01}, "training": {"batch": 8, "epochs": 40, "log_every": 4}}
                """);
        Cli.run("train", classifier.toString(), "--out", runs.toString()).expect(0);
        Path gan = Cli.writeConfig(dir, "font-gan", """
                {"name": "font-gan", "seed": 1, "device": "cpu", "data": {"dataset": "fonts", "font": 2},
                 "model": {"family": "gan", "architecture": "mlp", "hidden": [32], "latent": 8, "sample_every": 2,
                           "judge": {"classifier_run": "%s", "every": 2, "images": 200}},
                 "optimizer": {"name": "adam", "lr": 2e-4, "beta1": 0.5}, "training": {"batch": 16, "epochs": 3, "log_every": 1}}
                """.formatted(runs.resolve("font-judge").toString().replace("\\", "\\\\")));
        Cli.run("train", gan.toString(), "--out", runs.toString()).expect(0);

        Path run = runs.resolve("font-gan");
        Map<?, ?> judge = (Map<?, ?>) ((Map<?, ?>) Json.readObject(run.resolve("summary.json")).get("gan")).get("judge");
        Map<?, ?> real = (Map<?, ?>) judge.get("real");
        List<?> generator = (List<?>) judge.get("generator");
        assertEquals(2, generator.size(), "judged after epoch 2 (every 2) and at the end (epoch 3)");
        Map<?, ?> early = (Map<?, ?>) generator.get(0);
        assertEquals(2, ((Number) early.get("epoch")).intValue());
        assertEquals(3, ((Number) ((Map<?, ?>) generator.get(1)).get("epoch")).intValue());
        // The classifier separates the 32 glyphs confidently, so the real set scores near 32; 6 steps of
        // generator training give blurs the classifier puts in few classes.
        assertTrue(number(real, "inception_score") > 10, "real score " + real);
        assertTrue(number(real, "inception_score") > number(early, "inception_score"), real + " vs " + early);
        assertTrue(number(early, "frechet_distance") > 0);
        assertEquals(3, Files.readAllLines(run.resolve("gan-judge.csv")).size(), "a header and one row per judgement");
    }
}
