package org.latent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.latent.cli.Cli.assertContains;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `latent sample` on a run whose model neither generates nor reconstructs. */
class SampleClassifierTest {
    @Test
    void sampleOnAClassifierRunSaysWhyInOneLine(@TempDir Path dir) {
        Path config = Cli.writeConfig(dir, "font-mlp", """
                {"name": "font-mlp", "seed": 2, "device": "cpu", "data": {"dataset": "fonts", "font": 2},
                 "model": {"family": "classifier", "architecture": "mlp", "hidden": [8], "classes": 32},
                 "optimizer": {"name": "adam", "lr": 0.01}, "training": {"batch": 8, "epochs": 1}}
                """);
        Cli.run("train", config.toString(), "--out", dir.toString()).expect(0);
        Path run = dir.resolve("font-mlp");
        for (String[] args : new String[][] {{"sample", run.toString()}, {"sample", run.toString(), "--augment", "2"}}) {
            Cli c = Cli.run(args).expect(Failures.USAGE);
            assertEquals(1, c.err().strip().lines().count(), "one line:\n" + c.err());
            assertContains(c.err(), "latent sample: ", "classifier run");
            assertTrue(!c.err().contains("Exception") && !c.err().contains("\tat "), c.err());
            assertTrue(c.out().isEmpty(), c.out());
        }
        assertTrue(Files.notExists(run.resolve("samples.png")) && Files.notExists(run.resolve("augmented.png")), "nothing written");
    }
}
