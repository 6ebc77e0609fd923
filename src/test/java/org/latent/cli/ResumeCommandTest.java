package org.latent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.latent.cli.Cli.assertContains;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latent.runs.MetricsLog;

/** The resume command a stopped run prints, and resuming a run that has nothing left to train. */
class ResumeCommandTest {
    @Test
    void thePrintedResumeCommandKeepsEpochsDataDeviceAndOutput(@TempDir Path dir) throws Exception {
        Path config = Cli.writeConfig(dir, "dae", ResumeTest.FONTS_DAE); // 4 epochs of 3 steps in the config
        Path data = Files.createDirectories(dir.resolve("my data")); // the fonts are built in; any folder will do
        Path out = dir.resolve("runs");
        Cli first = Cli.run("train", config.toString(), "--epochs", "2", "--data", data.toString(), "--device", "cpu",
                "--out", out.toString(), "--stop-after-steps", "4").expect(TrainCommand.STOPPED);
        Path run = out.resolve("fonts-dae");
        String command = first.out().lines().dropWhile(l -> !l.contains("Resume with:")).skip(1).findFirst().orElseThrow().trim();
        assertEquals("latent train " + config + " --resume " + run + " --epochs 2 --data '" + data + "' --device cpu --out " + out,
                command);

        // Run what was printed (the words after the program name; the data folder is quoted for the shell).
        String[] args = command.substring("latent ".length()).replace("'" + data + "'", "DATA").split(" ");
        for (int i = 0; i < args.length; i++) if (args[i].equals("DATA")) args[i] = data.toString();
        Cli.run(args).expect(0);
        assertEquals(2, MetricsLog.read(run.resolve("metrics.csv")).size(), "trained to --epochs 2, not to the config's 4");
    }

    @Test
    void resumingAFinishedRunSaysThereIsNothingToTrainAndChangesNothing(@TempDir Path dir) throws Exception {
        Path config = Cli.writeConfig(dir, "dae", ResumeTest.FONTS_DAE.replace("\"epochs\": 4", "\"epochs\": 1"));
        Cli.run("train", config.toString(), "--out", dir.toString()).expect(0);
        Path run = dir.resolve("fonts-dae");
        byte[] summary = Files.readAllBytes(run.resolve("summary.json"));
        byte[] checkpoint = Files.readAllBytes(run.resolve("checkpoint.safetensors"));

        Cli again = Cli.run("train", config.toString(), "--resume", run.toString()).expect(0);
        assertContains(again.out(), "Nothing to train: " + run + " has already trained 1 epoch, all 1 asked for",
                "ask for more epochs", "--resume " + run + " --epochs 2");
        assertTrue(!again.err().contains("epoch 1/1"), "no epoch is run:\n" + again.err());
        Cli shorter = Cli.run("train", "--resume", run.toString(), "--epochs", "1").expect(0);
        assertContains(shorter.out(), "Nothing to train", "(--epochs 1)");
        assertTrue(Arrays.equals(summary, Files.readAllBytes(run.resolve("summary.json"))), "summary.json untouched");
        assertTrue(Arrays.equals(checkpoint, Files.readAllBytes(run.resolve("checkpoint.safetensors"))), "checkpoint untouched");

        Cli.run("train", "--resume", run.toString(), "--epochs", "2").expect(0);
        assertEquals(2, MetricsLog.read(run.resolve("metrics.csv")).size(), "more epochs still train");
    }
}
