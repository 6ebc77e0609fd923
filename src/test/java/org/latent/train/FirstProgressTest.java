package org.latent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latent.config.ConfigFiles;

/** The loss is read after an epoch's first step, so a long epoch shows its progress (and rate) at once. */
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
                seen.add(epoch + ":" + done);
            }
        }).fit();
        // 32 glyphs in batches of 4: 8 steps an epoch; reads after step 1, then at 3 steps from the last read, and at the end.
        assertEquals(List.of("1:1", "1:4", "1:7", "1:8", "2:1", "2:4", "2:7", "2:8"), seen);
    }
}
