package org.latent.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.latent.cli.Cli.assertContains;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `latent runs DIR` and `latent runs compare A B`. */
class RunsCommandTest {
    private static String line(String text, String start) {
        return text.lines().filter(l -> l.startsWith(start)).findFirst().orElseThrow(() -> new AssertionError("no '" + start + "' in\n" + text));
    }

    @Test
    void listsEveryRunWithItsStatusEpochsAndBestFiguresAndComparesThem(@TempDir Path dir) throws Exception {
        Path runs = dir.resolve("runs");
        Path vae = Cli.writeConfig(dir, "vae", TrainCommandTest.FONTS_VAE);
        Cli.run("train", vae.toString(), "--out", runs.toString()).expect(0);
        Path small = Cli.writeConfig(dir, "small", TrainCommandTest.FONTS_VAE.replace("\"name\": \"fonts-vae\"", "\"name\": \"small\"")
                .replace("\"latent\": 2", "\"latent\": 3").replace("\"epochs\": 3", "\"epochs\": 4"));
        Cli.run("train", small.toString(), "--out", runs.toString(), "--stop-after-steps", "4").expect(TrainCommand.STOPPED);
        Path classifier = Cli.writeConfig(dir, "cls", """
                {"name": "font-mlp", "seed": 2, "device": "cpu", "data": {"dataset": "fonts", "font": 2},
                 "model": {"family": "classifier", "architecture": "mlp", "hidden": [8], "classes": 32},
                 "optimizer": {"name": "adam", "lr": 0.01}, "training": {"batch": 8, "epochs": 2}}
                """);
        Cli.run("train", classifier.toString(), "--out", runs.toString()).expect(0);
        Files.createDirectories(runs.resolve("broken"));
        Files.writeString(runs.resolve("broken/config.json"), "{\"name\": ");
        Files.createDirectories(runs.resolve("not-a-run"));

        Cli list = Cli.run("runs", runs.toString()).expect(0);
        assertContains(line(list.out(), "run "), "family", "data", "status", "epochs", "best loss", "accuracy", "time");
        assertContains(line(list.out(), "fonts-vae "), "vae", "fonts", "complete", "3/3", "test ");
        assertContains(line(list.out(), "small "), "stopped", "1/4 +1 steps");
        assertContains(line(list.out(), "font-mlp "), "classifier", "complete", "2/2", "test 0.");
        assertContains(line(list.out(), "broken "), "damaged");
        assertContains(list.out(), "broken: ", "config.json");
        assertTrue(!list.out().contains("not-a-run"), list.out());

        Path png = dir.resolve("curves.png");
        Cli compare = Cli.run("runs", "compare", runs.resolve("fonts-vae").toString(), runs.resolve("small").toString(),
                "--plot", png.toString()).expect(0);
        assertContains(line(compare.out(), "status "), "complete", "stopped");
        assertContains(line(compare.out(), "loss "), "-ELBO");
        assertContains(compare.out(), "Config differences:");
        assertContains(line(compare.out(), "model.latent "), "2", "3");
        assertContains(line(compare.out(), "training.epochs "), "3", "4");
        assertTrue(!compare.out().contains("\nname ") && !compare.out().contains("model.encoder"), "only what differs:\n" + compare.out());
        assertTrue(ImageIO.read(png.toFile()).getWidth() > 100);

        assertContains(Cli.run("runs", dir.resolve("nowhere").toString()).expect(2).err(), "is not a folder");
        assertContains(Cli.run("runs", "compare", runs.resolve("not-a-run").toString()).expect(2).err(), "not a run folder");
    }
}
