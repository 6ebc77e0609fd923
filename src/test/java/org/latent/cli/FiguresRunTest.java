package org.latent.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.latent.cli.Cli.assertContains;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latent.runs.MetricsLog;
import org.latent.testing.RealData;
import org.latent.train.EpochMetrics;

/** The figures and report.html of real runs: one epoch, the test loss known at the end, framed image grids. */
class FiguresRunTest {
    /** The plots' first three series colours (tab10: blue, orange, green). */
    private static final int BLUE = new Color(31, 119, 180).getRGB() & 0xFFFFFF, GREEN = new Color(44, 160, 44).getRGB() & 0xFFFFFF;

    private static int count(BufferedImage image, int rgb, int x0, int y0, int x1, int y1) {
        int n = 0;
        for (int y = y0; y < Math.min(y1, image.getHeight()); y++) {
            for (int x = x0; x < Math.min(x1, image.getWidth()); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) n++;
            }
        }
        return n;
    }

    private static int dark(BufferedImage image, int y0, int y1) {
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFF) < 100) n++;
            }
        }
        return n;
    }

    @Test
    void aOneEpochRunHasVisibleCurvesTitledGridsAndAReadableReport(@TempDir Path dir) throws Exception {
        Path config = Cli.writeConfig(dir, "vae", TrainCommandTest.FONTS_VAE.replace("\"epochs\": 3", "\"epochs\": 1")
                .replace("\"seed\": 3,", "\"seed\": 3, \"description\": \"A 2-D VAE of twelve glyphs\","));
        Cli.run("train", config.toString(), "--out", dir.toString()).expect(0);
        Path run = dir.resolve("fonts-vae");
        BufferedImage loss = ImageIO.read(run.resolve("loss.png").toFile());
        assertTrue(count(loss, BLUE, 200, 30, 600, 470) > 20, "the one epoch's train loss is a visible point");

        BufferedImage samples = ImageIO.read(run.resolve("samples.png").toFile());
        assertTrue(samples.getWidth() >= 10 * 5 * 12, "5x7 glyphs scaled up: " + samples.getWidth());
        assertTrue(dark(samples, 0, 25) > 50, "a title above the grid");
        BufferedImage manifold = ImageIO.read(run.resolve("manifold.png").toFile());
        assertTrue(dark(manifold, manifold.getHeight() - 45, manifold.getHeight()) > 40, "z1 values under the manifold");

        String report = Files.readString(run.resolve("report.html"));
        assertContains(report, "<p class=\"description\">A 2-D VAE of twelve glyphs</p>", "report written ",
                "<summary>Config (config.json)</summary>", "&quot;latent&quot; : 2");
        assertTrue(!report.contains("accuracy"), "no accuracy columns or rows for a VAE");
    }

    @Test
    void theTestLossKnownOnlyAtTheEndIsAMarkedPoint(@TempDir Path dir) throws Exception {
        Path data = RealData.folderWith("mnist");
        Assumptions.assumeTrue(Files.isDirectory(data.resolve("mnist")), "no MNIST copy in LATENT_DATA or ../shared/data");
        Path config = Cli.writeConfig(dir, "mnist", """
                {"name": "mnist-ae", "seed": 1, "device": "cpu", "data": {"dataset": "mnist", "validation": 100, "limit": 300},
                 "model": {"family": "autoencoder", "encoder": [16], "latent": 4},
                 "optimizer": {"name": "adam", "lr": 0.003}, "training": {"batch": 50, "epochs": 3}}
                """);
        Cli.run("train", config.toString(), "--data", data.toString(), "--out", dir.toString()).expect(0);
        Path run = dir.resolve("mnist-ae");
        List<EpochMetrics> rows = MetricsLog.read(run.resolve("metrics.csv"));
        assertTrue(Double.isNaN(rows.get(0).testLoss()) && !Double.isNaN(rows.get(2).testLoss()), "test loss at the end only");
        BufferedImage loss = ImageIO.read(run.resolve("loss.png").toFile());
        assertTrue(count(loss, GREEN, 0, 0, loss.getWidth(), loss.getHeight()) > 30, "the test loss is drawn");
        assertContains(Files.readString(run.resolve("report.html")), "the test loss where it was measured");
    }
}
