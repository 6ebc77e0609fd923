package org.latent.train;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.latent.config.EarlyStoppingConfig;
import org.latent.io.JsonException;
import org.latent.optim.LearningRateSchedule;
import org.latent.runs.RunFolder;

/**
 * Any bytes in a run folder's controls.json (the plateau schedule's and early stopping's state,
 * read when a run resumes after epoch 3) give the restored state or a JsonException naming the
 * file and key, nothing else. The normal test suite runs the inputs in
 * ControlsStateFuzzTestInputs/; the fuzzer:
 * {@code JAZZER_FUZZ=1 mvn -B -o surefire:test@fuzz-regression -Dtest=ControlsStateFuzzTest}.
 */
@Tag("fuzz")
class ControlsStateFuzzTest {
    private static RunFolder folder;

    @FuzzTest(maxDuration = "10m", maxExecutions = 1_000_000)
    void anyBytesGiveTheStateOrAJsonException(byte[] bytes) throws IOException {
        if (folder == null) folder = new RunFolder(Files.createTempDirectory("latent-fuzz-controls"));
        Files.write(folder.file(ControlsState.FILE), bytes);
        LearningRateSchedule schedule = LearningRateSchedule.plateau(0.01, 0.5, 2, 0.0, 1e-5, 1);
        EarlyStopping early = new EarlyStopping(EarlyStoppingConfig.of(3), null, null, "vae");
        try {
            new ControlsState(folder, schedule, early).restore(3);
        } catch (JsonException expected) {
            // The reader's own clear failure.
        }
        // A restored state goes on as a state: the schedule's learning rate stays usable.
        double lr = schedule.lr(1);
        if (!(lr > 0) || !Double.isFinite(lr)) throw new AssertionError("learning rate " + lr + " after restoring " + new String(bytes));
        schedule.epochEnd(0.5);
        early.replay(4, 0.5);
    }
}
