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

    /** Trains the judging classifier on font 2's 32 characters (unit pixels) into runs/font-judge. */
    private static Path trainClassifier(Path dir, Path runs) throws Exception {
        Path classifier = Cli.writeConfig(dir, "font-judge", """
                {"name": "font-judge", "seed": 2, "device": "cpu", "data": {"dataset": "fonts", "font": 2},
                 "model": {"family": "classifier", "architecture": "mlp", "hidden": [32], "dropout": 0.1, "classes": 32},
                 "optimizer": {"name": "adam", "lr": 0.01}, "training": {"batch": 8, "epochs": 40, "log_every": 4}}
                """);
        Cli.run("train", classifier.toString(), "--out", runs.toString()).expect(0);
        return runs.resolve("font-judge");
    }

    private static String jsonPath(Path p) {
        return p.toString().replace("\\", "\\\\");
    }

    @Test
    void scoresOfTheGeneratorAndOfTheRealImagesReachSummaryAndCsv(@TempDir Path dir) throws Exception {
        Path runs = dir.resolve("runs");
        Path judgeRun = trainClassifier(dir, runs);
        Path gan = Cli.writeConfig(dir, "font-gan", """
                {"name": "font-gan", "seed": 1, "device": "cpu", "data": {"dataset": "fonts", "font": 2},
                 "model": {"family": "gan", "architecture": "mlp", "hidden": [32], "latent": 8, "sample_every": 2,
                           "judge": {"classifier_run": "%s", "every": 2, "images": 200}},
                 "optimizer": {"name": "adam", "lr": 2e-4, "beta1": 0.5}, "training": {"batch": 16, "epochs": 3, "log_every": 1}}
                """.formatted(jsonPath(judgeRun)));
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

    /** The variants' options together on a tiny MLP GAN: tanh output on [-1, 1] pixels, batch norm in both nets. */
    @Test
    void aTanhBatchNormGanOnSymmetricPixelsTrainsAndIsJudgedInTheClassifiersRange(@TempDir Path dir) throws Exception {
        Path runs = dir.resolve("runs");
        Path judgeRun = trainClassifier(dir, runs);
        Path gan = Cli.writeConfig(dir, "font-gan-tanh", """
                {"name": "font-gan-tanh", "seed": 1, "device": "cpu", "data": {"dataset": "fonts", "font": 2, "scale": "symmetric"},
                 "model": {"family": "gan", "architecture": "mlp", "hidden": [32], "latent": 8, "sample_every": 2, "output": "tanh",
                           "batch_norm": {"generator": true, "discriminator": true},
                           "judge": {"classifier_run": "%s", "every": 2, "images": 200}},
                 "optimizer": {"name": "adam", "lr": 2e-4, "beta1": 0.5}, "training": {"batch": 16, "epochs": 2, "log_every": 1}}
                """.formatted(jsonPath(judgeRun)));
        Cli.run("train", gan.toString(), "--out", runs.toString()).expect(0);
        Path run = runs.resolve("font-gan-tanh");
        Map<?, ?> summary = Json.readObject(run.resolve("summary.json"));
        assertEquals("complete", summary.get("status"));
        Map<?, ?> judge = (Map<?, ?>) ((Map<?, ?>) summary.get("gan")).get("judge");
        // The real images are rescaled from [-1, 1] to the classifier's [0, 1], so it still recognizes them.
        assertTrue(number((Map<?, ?>) judge.get("real"), "inception_score") > 10, judge.toString());
        assertTrue(Files.size(run.resolve("samples-epoch-002.png")) > 0);
    }
}
