package org.latent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.latent.cli.Cli.assertContains;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latent.runs.RunFolder;

/** Everything a run could be refused for is checked before it writes: no folder for a model that cannot be built, no new config.json for a resume that fails, no second writer. */
class WriteAfterCheckTest {
    static final String FONTS_AE = """
            {"name": "fonts-ae", "seed": 3, "device": "cpu", "data": {"dataset": "fonts", "font": 2},
             "model": {"family": "autoencoder", "encoder": [12], "latent": 3,
                       "activation": {"encoder": "relu", "latent": "identity", "decoder": "relu", "output": "sigmoid"}},
             "optimizer": {"name": "adam", "lr": 0.01}, "training": {"batch": 8, "epochs": 2}}
            """;

    @Test
    void aModelThatCannotBeBuiltLeavesNoRunFolder(@TempDir Path dir) {
        // A DCGAN needs square images with a side divisible by 4; the fonts are 7 x 5.
        Path config = Cli.writeConfig(dir, "gan", """
                {"name": "font-dcgan", "device": "cpu", "data": {"dataset": "fonts"},
                 "model": {"family": "gan", "architecture": "dcgan"}, "training": {"batch": 8, "epochs": 1}}
                """);
        Cli c = Cli.run("train", config.toString(), "--out", dir.resolve("runs").toString());
        assertContains(c.err(), "dcgan");
        assertFalse(Files.exists(dir.resolve("runs/font-dcgan")), "no run folder for a refused model");
    }

    @Test
    void aResumeOnADamagedCheckpointLeavesTheConfigAsItWas(@TempDir Path dir) throws Exception {
        Path config = Cli.writeConfig(dir, "ae", FONTS_AE);
        Cli.run("train", config.toString(), "--out", dir.toString()).expect(0);
        Path run = dir.resolve("fonts-ae");
        byte[] before = Files.readAllBytes(run.resolve("config.json"));
        Path checkpoint = run.resolve("checkpoint.safetensors");
        byte[] bytes = Files.readAllBytes(checkpoint);
        Files.write(checkpoint, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Cli c = Cli.run("train", "--resume", run.toString(), "--epochs", "5");
        assertContains(c.err(), "checkpoint.safetensors");
        assertArrayEquals(before, Files.readAllBytes(run.resolve("config.json")), "config.json untouched (still 2 epochs)");
    }

    @Test
    void aRunFolderInUseIsRefused(@TempDir Path dir) {
        Path config = Cli.writeConfig(dir, "ae", FONTS_AE);
        Cli.run("train", config.toString(), "--out", dir.toString()).expect(0);
        Path run = dir.resolve("fonts-ae");
        try (RunFolder.Lock held = RunFolder.existing(run).lock()) {
            Cli c = Cli.run("train", "--resume", run.toString(), "--epochs", "3");
            assertContains(c.err(), "in use by a Latent process");
        }
        Cli.run("train", "--resume", run.toString(), "--epochs", "3").expect(0);
    }
}
