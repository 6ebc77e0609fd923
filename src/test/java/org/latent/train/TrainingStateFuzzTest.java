package org.latent.train;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;
import java.nio.charset.StandardCharsets;
import org.latent.io.Json;
import org.latent.io.JsonException;

/**
 * Any text read as a checkpoint's training state gives a TrainingState or a JsonException naming
 * the file and key, nothing else. Fuzzing: {@code JAZZER_FUZZ=1 mvn -B test -Dtest=TrainingStateFuzzTest}.
 */
@Tag("fuzz")
class TrainingStateFuzzTest {
    @FuzzTest(maxDuration = "10m", maxExecutions = 1_000_000)
    void anyTextGivesAStateOrAJsonException(byte[] bytes) {
        try {
            TrainingState.fromJson(Json.parseObject(new String(bytes, StandardCharsets.UTF_8), "state"), "checkpoint.safetensors");
        } catch (JsonException expected) {
            // The reader's own clear failure.
        }
    }
}
