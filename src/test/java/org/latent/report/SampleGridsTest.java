package org.latent.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latent.config.DataConfig;
import org.latent.config.RunConfig;
import org.latent.config.TrainingConfig;
import org.latent.config.VaeConfig;
import org.latent.train.Trainer;

/** A VAE run keeps its newest sample grid while it trains (what `latent serve` shows live). */
class SampleGridsTest {
    @Test
    void theNewestSampleGridReplacesThePreviousOne(@TempDir Path dir) throws Exception {
        RunConfig c = RunConfig.builder("grid").seed(2).device("cpu").data(DataConfig.of("fonts"))
                .model(VaeConfig.of(2).withEncoder(12)).training(TrainingConfig.of(8, 3)).build();
        Trainer.Run r = new Trainer(c).output(dir).fit();
        Path newest = r.folder().resolve("samples-epoch-003.png");
        assertTrue(Files.size(newest) > 0, "after the last epoch");
        assertTrue(javax.imageio.ImageIO.read(newest.toFile()).getWidth() > 0);
        assertFalse(Files.exists(r.folder().resolve("samples-epoch-001.png")), "earlier grids are replaced");
        assertFalse(Files.exists(r.folder().resolve("samples-epoch-002.png")), "earlier grids are replaced");
    }
}
