package org.latent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latent.config.EarlyStoppingConfig;
import org.latent.io.JsonException;
import org.latent.optim.LearningRateSchedule;
import org.latent.runs.RunFolder;

/**
 * controls.json is checked before anything is restored (issue 17): a damaged value is refused
 * naming the file and the key; a good file restores the plateau schedule and early stopping.
 */
class ControlsStateCheckTest {
    private static final String GOOD = """
            {"epoch": 3, "schedule": {"best": 0.25, "bad_epochs": 1, "cooldown_left": 0, "lr": 0.005, "reductions": 1},
             "early_stopping": {"best": 0.25, "best_epoch": 2, "wait": 1, "last_epoch": 3}}""";

    private static String restore(Path dir, String text) throws Exception {
        RunFolder folder = new RunFolder(dir);
        Files.writeString(folder.file(ControlsState.FILE), text);
        LearningRateSchedule schedule = LearningRateSchedule.plateau(0.01, 0.5, 2, 0.0, 1e-5, 1);
        EarlyStopping early = new EarlyStopping(EarlyStoppingConfig.of(3), null, null, "vae");
        new ControlsState(folder, schedule, early).restore(3);
        return schedule.lr(0) + " " + early.bestEpoch();
    }

    @Test
    void aGoodFileRestores(@TempDir Path dir) throws Exception {
        assertEquals("0.005 2", restore(dir, GOOD));
    }

    @Test
    void damagedValuesAreRefusedNamingFileAndKey(@TempDir Path dir) {
        String[][] cases = {
                {GOOD.replace("\"bad_epochs\": 1", "\"bad_epochs\": \"1\""), "schedule.bad_epochs"},
                {GOOD.replace("\"lr\": 0.005", "\"lr\": -1"), "schedule.lr"},
                {GOOD.replace("\"wait\": 1, ", ""), "early_stopping.wait"},
                {GOOD.replace("\"best_epoch\": 2", "\"best_epoch\": 9"), "early_stopping.best_epoch"},
                {GOOD.replace("\"best\": 0.25, \"bad", "\"best\": \"low\", \"bad"), "schedule.best"},
                {GOOD.replace("\"early_stopping\": {", "\"early_stopping\": [{").replace("}}", "}]}"), "\"early_stopping\""},
        };
        for (String[] c : cases) {
            JsonException e = assertThrows(JsonException.class, () -> restore(dir, c[0]), c[1]);
            assertTrue(e.getMessage().contains(ControlsState.FILE) && e.getMessage().contains(c[1]), e.getMessage());
        }
    }
}
