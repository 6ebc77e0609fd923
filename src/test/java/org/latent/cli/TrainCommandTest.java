package org.latent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.latent.cli.Cli.assertContains;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latent.io.Json;
import org.latent.io.SafeTensors;
import org.latent.train.EpochMetrics;
import org.latent.runs.MetricsLog;

/** `latent train`, `eval` and `sample` end to end on the built-in fonts. */
class TrainCommandTest {
    static final String FONTS_VAE = """
            {"name": "fonts-vae", "seed": 3, "device": "cpu",
             "data": {"dataset": "fonts", "font": 2, "subset": 12},
             "model": {"family": "vae", "encoder": [16], "latent": 2},
             "optimizer": {"name": "adam", "lr": 0.01},
             "training": {"batch": 5, "epochs": 3, "checkpoint_every": 2, "log_every": 2}}
            """;

    @Test
    void trainWritesTheRunFolderThenEvalAndSampleUseIt(@TempDir Path dir) throws Exception {
        Path config = Cli.writeConfig(dir, "fonts-vae", FONTS_VAE);
        Cli train = Cli.run("train", config.toString(), "--out", dir.resolve("runs").toString()).expect(0);
        Path run = dir.resolve("runs/fonts-vae");
        assertContains(train.out(), "Report: " + run.resolve("report.html"), "-ELBO per example", "complete");
        assertContains(train.err(), "epoch 1/3", "epoch 3/3", "device   cpu", "12 characters");

        Map<String, Object> resolved = Json.readObject(run.resolve("config.json"));
        assertEquals(3, ((Number) resolved.get("seed")).intValue());
        assertEquals("lecun_normal", ((Map<?, ?>) resolved.get("model")).get("init"), "defaults are written out");
        List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(MetricsLog.HEADER, csv.get(0));
        assertEquals(4, csv.size(), "a header and one row per epoch");
        List<EpochMetrics> rows = MetricsLog.read(run.resolve("metrics.csv"));
        assertEquals(List.of(1, 2, 3), rows.stream().map(EpochMetrics::epoch).toList());
        assertEquals(9, rows.get(2).step(), "3 steps per epoch (batches of 5, 5 and 2)");
        assertTrue(rows.stream().allMatch(r -> r.trainLoss() > 0 && r.testLoss() > 0 && Double.isNaN(r.validationLoss())));

        Map<String, Object> summary = Json.readObject(run.resolve("summary.json"));
        assertEquals("complete", summary.get("status"));
        assertEquals(9, ((Number) summary.get("global_step")).intValue());
        double trainedTest = ((Number) summary.get("test_loss")).doubleValue();
        Map<String, Object> state = Json.readObject(run.resolve("state.json"));
        assertEquals(3, ((Number) state.get("epoch")).intValue());
        assertEquals(0, ((Number) state.get("step_in_epoch")).intValue());
        assertTrue(((Map<?, ?>) state.get("random_keys")).containsKey("vae.eps"));
        assertTrue(((Map<?, ?>) state.get("random_keys")).containsKey("shuffle"));

        SafeTensors.Contents ckpt = SafeTensors.read(run.resolve("checkpoint.safetensors"));
        assertArrayEquals(new int[] {35, 16}, ckpt.tensors().get("encoder.dense0.weight").shape());
        assertArrayEquals(new int[] {3, 8, 35}, ckpt.tensors().get("history.reconstructions").shape());
        assertEquals(ckpt.tensors().get("optimizer.adam.m").data().length, ckpt.tensors().get("optimizer.adam.v").data().length);
        assertEquals("pt", ckpt.metadata().get("format"));

        String report = Files.readString(run.resolve("report.html"));
        for (String png : List.of("loss.png", "reconstructions.png", "samples.png", "latent.png", "manifold.png",
                "interpolation.png")) {
            assertNotNull(ImageIO.read(run.resolve(png).toFile()), png);
            assertContains(report, png);
        }

        Cli eval = Cli.run("eval", run.toString()).expect(0);
        assertContains(eval.out(), "test -ELBO per example", "12 font2 examples");
        Map<String, Object> evaluated = Json.readObject(run.resolve("summary.json"));
        assertEquals(trainedTest, ((Number) evaluated.get("test_loss")).doubleValue(), 0.0,
                "eval draws eps from the same fixed stream as training's final evaluation");
        assertEquals(9, ((Number) ((Map<?, ?>) evaluated.get("eval")).get("global_step")).intValue());

        Path samples = dir.resolve("s.png");
        Cli.run("sample", run.toString(), "--count", "20", "--output", samples.toString()).expect(0);
        BufferedImage img = ImageIO.read(samples.toFile());
        assertTrue(img.getWidth() > 10 * 5 && img.getHeight() > 2 * 7, img.getWidth() + "x" + img.getHeight());
    }

    @Test
    void aSecondRunWithTheSameNameGetsItsOwnFolder(@TempDir Path dir) {
        Path config = Cli.writeConfig(dir, "again", FONTS_VAE.replace("\"epochs\": 3", "\"epochs\": 1"));
        Cli.run("train", config.toString(), "--out", dir.toString()).expect(0);
        Cli second = Cli.run("train", config.toString(), "--out", dir.toString()).expect(0);
        assertContains(second.out(), dir.resolve("fonts-vae-2").toString());
    }

    @Test
    void autoencoderSampleShowsTestImagesAndReconstructions(@TempDir Path dir) throws Exception {
        Path config = Cli.writeConfig(dir, "ae", ResumeTest.FONTS_DAE.replace("\"epochs\": 4", "\"epochs\": 1"));
        Cli.run("train", config.toString(), "--out", dir.toString()).expect(0);
        Path run = dir.resolve("fonts-dae");
        assertNull(Json.readObject(run.resolve("summary.json")).get("validation_loss"));
        Cli s = Cli.run("sample", run.toString(), "--count", "12").expect(0);
        assertContains(s.out(), "reconstructions");
        assertNotNull(ImageIO.read(run.resolve("samples.png").toFile()));
    }

    @Test
    void augmentDecodesNewImagesNearEachTestImagesCode(@TempDir Path dir) throws Exception {
        Path config = Cli.writeConfig(dir, "fonts-vae", FONTS_VAE);
        Cli.run("train", config.toString(), "--out", dir.resolve("runs").toString()).expect(0);
        Path run = dir.resolve("runs/fonts-vae");
        Cli a = Cli.run("sample", run.toString(), "--count", "4", "--augment", "3").expect(0);
        assertContains(a.out(), "12 images decoded near the codes of 4", "sigma from the encoder");
        BufferedImage grid = ImageIO.read(run.resolve("augmented.png").toFile());
        // 4 rows of 1 + 3 glyphs of 5 x 7 pixels at zoom 8 with 1-pixel gaps.
        assertEquals(4 * 5 * 8 + 3, grid.getWidth(), "4 columns");
        assertEquals(4 * 7 * 8 + 3, grid.getHeight(), "4 rows");
        SafeTensors.Contents out = SafeTensors.read(run.resolve("augmented.safetensors"));
        assertArrayEquals(new int[] {12, 7, 5}, out.tensors().get("images").shape());
        assertArrayEquals(new float[] {0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3}, out.tensors().get("sources").data(),
                "draw k is around test image k mod 4");
        float[] labels = out.tensors().get("labels").data();
        for (int k = 0; k < 12; k++) assertEquals(labels[k % 4], labels[k], "a draw carries its source's label");
        float[] images = out.tensors().get("images").data();
        for (float v : images) assertTrue(v >= 0 && v <= 1, "pixel probabilities");
        assertTrue(!Arrays.equals(Arrays.copyOfRange(images, 0, 35), Arrays.copyOfRange(images, 4 * 35, 5 * 35)),
                "two draws around the same code differ (sigma > 0)");
        Cli.run("sample", run.toString(), "--count", "4", "--augment", "3", "--output", dir.resolve("again.png").toString()).expect(0);
        assertArrayEquals(images, SafeTensors.read(dir.resolve("again.safetensors")).tensors().get("images").data(),
                "the draws are seeded");

        // Scale 0: every draw is the decoded mean, i.e. the VAE's reconstruction of its source.
        Cli.run("sample", run.toString(), "--count", "4", "--augment", "2", "--augment-scale", "0",
                "--output", dir.resolve("zero.png").toString()).expect(0);
        float[] zero = SafeTensors.read(dir.resolve("zero.safetensors")).tensors().get("images").data();
        assertArrayEquals(Arrays.copyOfRange(zero, 0, 4 * 35), Arrays.copyOfRange(zero, 4 * 35, 8 * 35));

        assertContains(Cli.run("sample", run.toString(), "--augment-scale", "1").expect(2).err(), "needs --augment");
        Path ae = Cli.writeConfig(dir, "ae", ResumeTest.FONTS_DAE.replace("\"epochs\": 4", "\"epochs\": 1"));
        Cli.run("train", ae.toString(), "--out", dir.toString()).expect(0);
        assertContains(Cli.run("sample", dir.resolve("fonts-dae").toString(), "--augment", "2").expect(2).err(), "--augment-scale");
        Cli.run("sample", dir.resolve("fonts-dae").toString(), "--count", "3", "--augment", "2", "--augment-scale", "0.5").expect(0);
        assertArrayEquals(new int[] {6, 7, 5},
                SafeTensors.read(dir.resolve("fonts-dae/augmented.safetensors")).tensors().get("images").shape());
    }

    @Test
    void configErrorsExitWithStatus2AndNameTheKey(@TempDir Path dir) {
        Path bad = Cli.writeConfig(dir, "bad", FONTS_VAE.replace("\"latent\": 2", "\"latnet\": 2"));
        Cli c = Cli.run("train", bad.toString(), "--out", dir.toString()).expect(2);
        assertContains(c.err(), "bad.json: model.latnet: unknown key (value 2); did you mean \"latent\"?");
        assertTrue(!c.err().contains("\tat "), "no stack trace");
        Cli.run("train", dir.resolve("missing.json").toString()).expect(2);
        assertContains(Cli.run("train", "--devcie", "cpu").expect(2).err(), "--devcie");
        assertContains(Cli.run("eval", dir.toString()).expect(1).err(), "not a Latent run folder");
    }
}
