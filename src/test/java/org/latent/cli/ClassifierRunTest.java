package org.latent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.latent.cli.Cli.assertContains;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latent.io.Json;
import org.latent.train.EpochMetrics;
import org.latent.runs.MetricsLog;

/** Seeded classifier runs end to end: the 32 characters of a font as 32 classes, on pixels and on VAE codes. */
class ClassifierRunTest {
    private static final String FONT_MLP = """
            {"name": "font-mlp", "seed": 2, "device": "cpu",
             "data": {"dataset": "fonts", "font": 2},
             "model": {"family": "classifier", "architecture": "mlp", "hidden": [32], "dropout": 0.1, "classes": 32},
             "optimizer": {"name": "adam", "lr": 0.01},
             "training": {"batch": 8, "epochs": 40, "log_every": 4}}
            """;

    private static Map<String, Object> summary(Path run) {
        return Json.readObject(run.resolve("summary.json"));
    }

    private static double number(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }

    @Test
    void mlpLearnsEveryCharacterOfAFont(@TempDir Path dir) throws Exception {
        Path config = Cli.writeConfig(dir, "font-mlp", FONT_MLP);
        Cli.run("train", config.toString(), "--out", dir.resolve("runs").toString()).expect(0);
        Path run = dir.resolve("runs/font-mlp");
        Map<String, Object> s = summary(run);
        // Untrained, the cross-entropy is about ln 32 = 3.47 and the accuracy about 1/32. The 32 glyphs
        // are distinct, so 160 Adam steps fit them: in the seeded run the loss ends near 0.02.
        assertTrue(number(s, "test_loss") < 0.2, "cross-entropy " + s.get("test_loss"));
        assertEquals(1.0, number(s, "test_accuracy"), "every character classified");
        assertEquals(1.0, number(s, "train_accuracy"));
        Map<?, ?> confusion = (Map<?, ?>) s.get("confusion");
        int total = 0;
        for (Object row : (List<?>) confusion.get("counts")) for (Object c : (List<?>) row) total += ((Number) c).intValue();
        assertEquals(32, total, "the confusion counts cover the evaluated set");
        assertEquals(0, ((Number) confusion.get("errors")).intValue());
        List<EpochMetrics> rows = MetricsLog.read(run.resolve("metrics.csv"));
        assertTrue(rows.get(0).testAccuracy() < rows.get(rows.size() - 1).testAccuracy(), "accuracy per epoch in metrics.csv");
        assertTrue(Files.size(run.resolve("confusion.png")) > 0);

        Cli eval = Cli.run("eval", run.toString()).expect(0);
        assertContains(eval.out(), "cross-entropy per example");
        assertEquals(1.0, number(summary(run), "test_accuracy"), "eval measures the same accuracy");
    }

    @Test
    void softmaxRegressionOnAFrozenVaeEncoder(@TempDir Path dir) throws Exception {
        Path vae = Cli.writeConfig(dir, "font-vae", """
                {"name": "font-vae", "seed": 3, "device": "cpu", "data": {"dataset": "fonts", "font": 2, "subset": 8},
                 "model": {"family": "vae", "encoder": [16], "latent": 4},
                 "optimizer": {"name": "adam", "lr": 0.01}, "training": {"batch": 8, "epochs": 100, "log_every": 50}}
                """);
        Cli.run("train", vae.toString(), "--out", dir.resolve("runs").toString()).expect(0);
        Path encoder = dir.resolve("runs/font-vae");
        Path config = Cli.writeConfig(dir, "font-codes", """
                {"name": "font-codes", "seed": 1, "device": "cpu", "data": {"dataset": "fonts", "font": 2, "subset": 8},
                 "model": {"family": "classifier", "architecture": "softmax", "classes": 8,
                           "features": {"encoder_run": "%s"}},
                 "optimizer": {"name": "adam", "lr": 0.05}, "training": {"batch": 8, "epochs": 300, "log_every": 100}}
                """.formatted(encoder.toString().replace("\\", "\\\\")));
        Cli train = Cli.run("train", config.toString(), "--out", dir.resolve("runs").toString()).expect(0);
        assertContains(train.err(), "encoded by font-vae");
        Map<String, Object> s = summary(dir.resolve("runs/font-codes"));
        assertEquals(4 * 8 + 8, ((Number) s.get("parameters")).intValue(), "a Dense 4 -> 8 on the codes");
        // Chance is 1/8; the 4-D means of 8 distinct glyphs after training are nearly always linearly separable.
        assertTrue(number(s, "test_accuracy") >= 0.75, "accuracy on codes " + s.get("test_accuracy"));
        Cli.run("eval", dir.resolve("runs/font-codes").toString()).expect(0);
    }

    @Test
    void softmaxRegressionOnAVaeEncodersHiddenLayerStandardized(@TempDir Path dir) throws Exception {
        Path vae = Cli.writeConfig(dir, "font-vae", """
                {"name": "font-vae", "seed": 3, "device": "cpu", "data": {"dataset": "fonts", "font": 2, "subset": 8},
                 "model": {"family": "vae", "encoder": [16], "latent": 2},
                 "optimizer": {"name": "adam", "lr": 0.01}, "training": {"batch": 8, "epochs": 20, "log_every": 10}}
                """);
        Cli.run("train", vae.toString(), "--out", dir.resolve("runs").toString()).expect(0);
        Path config = Cli.writeConfig(dir, "font-hidden", """
                {"name": "font-hidden", "seed": 1, "device": "cpu", "data": {"dataset": "fonts", "font": 2, "subset": 8},
                 "model": {"family": "classifier", "architecture": "softmax", "classes": 8,
                           "features": {"encoder_run": "%s", "layer": "hidden", "standardize": true}},
                 "optimizer": {"name": "adam", "lr": 0.05}, "training": {"batch": 8, "epochs": 100, "log_every": 50}}
                """.formatted(dir.resolve("runs/font-vae").toString().replace("\\", "\\\\")));
        Cli train = Cli.run("train", config.toString(), "--out", dir.resolve("runs").toString()).expect(0);
        assertContains(train.err(), "last hidden layer of font-vae", "standardized");
        Path run = dir.resolve("runs/font-hidden");
        Map<String, Object> s = summary(run);
        assertEquals(16 * 8 + 8, ((Number) s.get("parameters")).intValue(), "a Dense 16 -> 8 on the 16 hidden units, not on the 2 means");
        // 8 distinct glyphs through 16 ReLU units of a barely trained encoder: separable, so a softmax fits them all.
        assertEquals(1.0, number(s, "train_accuracy"), "accuracy on the hidden layer");
        Cli.run("eval", run.toString()).expect(0);
        assertEquals(1.0, number(summary(run), "test_accuracy"), "eval rebuilds the same standardized features");
    }

    @Test
    void softmaxRegressionOnAnMnistSlice(@TempDir Path dir) throws Exception {
        Path data = org.latent.testing.RealData.folderWith("mnist").toAbsolutePath();
        Assumptions.assumeTrue(Files.isDirectory(data.resolve("mnist")), "no local MNIST copy in LATENT_DATA or ../shared/data");
        Path config = Cli.writeConfig(dir, "mnist-softmax", """
                {"name": "mnist-softmax", "seed": 1, "device": "cpu",
                 "data": {"dataset": "mnist", "validation": 200, "limit": 1000},
                 "model": {"family": "classifier", "architecture": "softmax"},
                 "optimizer": {"name": "adam", "lr": 0.003}, "training": {"batch": 50, "epochs": 5}}
                """);
        Cli.run("train", config.toString(), "--out", dir.resolve("runs").toString(), "--data", data.toString()).expect(0);
        Map<String, Object> s = summary(dir.resolve("runs/mnist-softmax"));
        // Softmax regression reaches about 92 % on all of MNIST; on 1,000 images in 5 epochs, 80 % is a safe floor.
        assertTrue(number(s, "test_accuracy") > 0.8, "test accuracy " + s.get("test_accuracy"));
        assertTrue(number(s, "test_loss") < 0.7, "test cross-entropy " + s.get("test_loss"));
        assertTrue(Files.size(dir.resolve("runs/mnist-softmax/mistakes.png")) > 0);
    }
}
