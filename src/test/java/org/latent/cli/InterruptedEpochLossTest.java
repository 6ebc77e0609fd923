package org.latent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latent.io.Json;

/**
 * An epoch stopped between two loss reads and resumed reports the training loss of one that never
 * stopped, to the last bit: the unread running loss goes into the checkpoint and the reads fall on
 * the same steps of the epoch.
 */
class InterruptedEpochLossTest {
    static final String CONFIG = """
            {"name": "fonts-vae", "seed": 4, "device": "cpu", "data": {"dataset": "fonts", "font": 3},
             "model": {"family": "vae", "encoder": [16], "latent": 2},
             "optimizer": {"name": "adam", "lr": 0.01}, "training": {"batch": 3, "epochs": 2, "log_every": 4}}
            """;

    @Test
    void theInterruptedEpochsLossIsTheUninterruptedOnesBits(@TempDir Path dir) throws Exception {
        Path config = Cli.writeConfig(dir, "vae", CONFIG);
        Cli.run("train", config.toString(), "--out", dir.resolve("a").toString()).expect(0);
        // 32 characters in batches of 3: 11 steps an epoch, reads at steps 4, 8 and 11. Stop at step 17 (epoch 2,
        // step 6: two steps after a read), then again after 3 more steps (step 9: one after the next read).
        Path b = dir.resolve("b/fonts-vae");
        Cli.run("train", config.toString(), "--out", dir.resolve("b").toString(), "--stop-after-steps", "17").expect(TrainCommand.STOPPED);
        Cli.run("train", "--resume", b.toString(), "--stop-after-steps", "3").expect(TrainCommand.STOPPED);
        Cli.run("train", "--resume", b.toString()).expect(0);
        Map<String, Object> whole = Json.readObject(dir.resolve("a/fonts-vae/summary.json")), resumed = Json.readObject(b.resolve("summary.json"));
        assertEquals(((Number) whole.get("train_loss")).doubleValue(), ((Number) resumed.get("train_loss")).doubleValue(),
                "epoch 2's training loss");
        assertEquals(Files.readAllLines(dir.resolve("a/fonts-vae/metrics.csv")).stream().map(InterruptedEpochLossTest::losses).toList(),
                Files.readAllLines(b.resolve("metrics.csv")).stream().map(InterruptedEpochLossTest::losses).toList());
    }

    /** A metrics row's epoch, step and losses (its seconds and rate differ from run to run). */
    private static String losses(String row) {
        String[] f = row.split(",");
        return f[0] + "," + f[1] + "," + f[2] + "," + f[3] + "," + f[4];
    }
}
