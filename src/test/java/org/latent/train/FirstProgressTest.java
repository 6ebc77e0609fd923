package org.latent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latent.config.ConfigFiles;

/**
 * A long epoch shows its progress (and rate) after its first step, without reading the loss there:
 * the loss is still read every log_every steps from the epoch's start (and at its end), so the
 * epoch's loss sum is grouped as it always was.
 */
class FirstProgressTest {
    @Test
    void progressComesAfterTheFirstStepThenEveryLogEverySteps(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("c.json"), """
                {"name": "fonts-ae", "seed": 1, "device": "cpu", "data": {"dataset": "fonts", "font": 2},
                 "model": {"family": "autoencoder", "encoder": [8], "latent": 2},
                 "optimizer": {"name": "adam", "lr": 0.01}, "training": {"batch": 4, "epochs": 2, "log_every": 3}}
                """);
        List<String> seen = new ArrayList<>();
        new Trainer(ConfigFiles.read(config)).output(dir.resolve("runs")).listener(new TrainingListener() {
            private int epoch;

            @Override
            public void epochStarted(int e, int epochs, int firstStep, int steps, int batch) {
                epoch = e;
            }

            @Override
            public void progress(int done, double runningLoss) {
                seen.add(epoch + ":" + done + (Double.isNaN(runningLoss) ? " no loss yet" : ""));
            }
        }).fit();
        // 32 glyphs in batches of 4: 8 steps an epoch; progress after step 1, reads at steps 3 and 6 and at the end.
        assertEquals(List.of("1:1 no loss yet", "1:3", "1:6", "1:8", "2:1 no loss yet", "2:3", "2:6", "2:8"), seen);
    }
}
