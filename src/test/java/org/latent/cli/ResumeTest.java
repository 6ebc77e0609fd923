package org.latent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.latent.cli.Cli.assertContains;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latent.io.Json;
import org.latent.train.EpochMetrics;
import org.latent.runs.MetricsLog;

/** Stopping and resuming, and stopping on NaN. */
class ResumeTest {
    /** A denoising autoencoder (noisy copies, two tensors gathered per step), 3 batches per epoch, the last partial. */
    static final String FONTS_DAE = """
            {"name": "fonts-dae", "seed": 5, "device": "cpu",
             "data": {"dataset": "fonts", "font": 1, "subset": 6, "noise": {"type": "flip", "probability": 0.1, "copies": 2}},
             "model": {"family": "autoencoder", "encoder": [12], "latent": 3,
                       "activation": {"encoder": "relu", "latent": "identity", "decoder": "relu", "output": "sigmoid"},
                       "loss": "cross_entropy"},
             "optimizer": {"name": "adam", "lr": 0.01},
             "training": {"batch": 5, "epochs": 4, "checkpoint_every": 3, "log_every": 2}}
            """;

    @Test
    void aRunStoppedMidEpochAndResumedEndsBitIdenticalToAnUninterruptedOne(@TempDir Path dir) throws Exception {
        Path config = Cli.writeConfig(dir, "dae", FONTS_DAE);
        Cli.run("train", config.toString(), "--out", dir.resolve("a").toString()).expect(0);
        Path a = dir.resolve("a/fonts-dae"), b = dir.resolve("b/fonts-dae");

        Cli first = Cli.run("train", config.toString(), "--out", dir.resolve("b").toString(), "--stop-after-steps", "4")
                .expect(TrainCommand.STOPPED);
        assertContains(first.out(), "Resume with:", "train " + config + " --resume " + b, "(stopped)");
        Map<String, Object> state = Json.readObject(b.resolve("state.json"));
        assertEquals(1, ((Number) state.get("epoch")).intValue());
        assertEquals(1, ((Number) state.get("step_in_epoch")).intValue(), "stopped one step into the second epoch");
        assertEquals(1, MetricsLog.read(b.resolve("metrics.csv")).size());

        // Stops exactly at the end of epoch 3, then runs to the end; the config may be left out.
        Cli.run("train", config.toString(), "--resume", b.toString(), "--stop-after-steps", "5").expect(TrainCommand.STOPPED);
        assertEquals(3, ((Number) Json.readObject(b.resolve("state.json")).get("epoch")).intValue());
        Cli last = Cli.run("train", "--resume", b.toString()).expect(0);
        assertContains(last.err(), "resuming after 3 epochs + 0 steps (global step 9)");

        assertEquals(-1, Files.mismatch(a.resolve("checkpoint.safetensors"), b.resolve("checkpoint.safetensors")),
                "weights, optimizer moments, random streams and figure history all bit-identical");
        List<EpochMetrics> ma = MetricsLog.read(a.resolve("metrics.csv")), mb = MetricsLog.read(b.resolve("metrics.csv"));
        assertEquals(4, mb.size());
        for (int i = 0; i < 4; i++) {
            assertEquals(ma.get(i).epoch(), mb.get(i).epoch());
            assertEquals(ma.get(i).step(), mb.get(i).step());
            // The running loss is summed on the device in windows that a stop cuts differently: equal up to rounding.
            assertEquals(ma.get(i).trainLoss(), mb.get(i).trainLoss(), 1e-5 * ma.get(i).trainLoss());
            assertEquals(ma.get(i).testLoss(), mb.get(i).testLoss(), 0.0);
        }
        Map<String, Object> summary = Json.readObject(b.resolve("summary.json"));
        assertEquals("complete", summary.get("status"));
        assertNull(summary.get("message"), "the stop's message does not outlive the resumed run");
    }

    @Test
    void resumingWithAChangedModelIsRefusedButMoreEpochsAreFine(@TempDir Path dir) throws Exception {
        Path config = Cli.writeConfig(dir, "dae", FONTS_DAE.replace("\"epochs\": 4", "\"epochs\": 1"));
        Cli.run("train", config.toString(), "--out", dir.toString()).expect(0);
        Path run = dir.resolve("fonts-dae");
        Path changed = Cli.writeConfig(dir, "changed", FONTS_DAE.replace("\"latent\": 3", "\"latent\": 4"));
        assertContains(Cli.run("train", changed.toString(), "--resume", run.toString()).expect(2).err(), "differs", "model");
        Path longer = Cli.writeConfig(dir, "longer", FONTS_DAE.replace("\"epochs\": 4", "\"epochs\": 2"));
        Cli.run("train", longer.toString(), "--resume", run.toString()).expect(0);
        assertEquals(2, MetricsLog.read(run.resolve("metrics.csv")).size());
    }

    /** Linear layers and SGD with a step far too large: finite for two epochs, overflowing in the third. */
    static final String DIVERGING = """
            {"name": "diverging", "device": "cpu", "data": {"dataset": "fonts", "subset": 8},
             "model": {"family": "autoencoder", "encoder": [16], "latent": 4,
                       "activation": {"encoder": "identity", "latent": "identity", "decoder": "identity", "output": "identity"}},
             "optimizer": {"name": "sgd", "lr": 0.1},
             "training": {"batch": 4, "epochs": 40, "log_every": 1}}
            """;

    @Test
    void nanStopsTheRunNamingTheStepAndKeepsTheLastGoodCheckpoint(@TempDir Path dir) throws Exception {
        Path reference = Cli.writeConfig(dir, "two", DIVERGING.replace("\"epochs\": 40", "\"epochs\": 2"));
        Cli.run("train", reference.toString(), "--out", dir.resolve("ref").toString()).expect(0);
        Path config = Cli.writeConfig(dir, "diverging", DIVERGING);
        Cli c = Cli.run("train", config.toString(), "--out", dir.resolve("nan").toString()).expect(1);
        assertContains(c.err(), "training loss is NaN at global step 6 (epoch 3, step 2 of 2)",
                "last finite at global step 5", "last good checkpoint (epoch 2, global step 4) is kept");
        assertTrue(!c.err().contains("\tat "), "no stack trace");
        Path run = dir.resolve("nan/diverging");
        assertEquals(-1, Files.mismatch(dir.resolve("ref/diverging/checkpoint.safetensors"), run.resolve("checkpoint.safetensors")),
                "the checkpoint after epoch 2 is exactly that of a run that stopped there");
        Map<String, Object> summary = Json.readObject(run.resolve("summary.json"));
        assertEquals("failed", summary.get("status"));
        assertContains((String) summary.get("message"), "global step 6");
    }
}
