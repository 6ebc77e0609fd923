package org.latent.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Any bytes given to the safetensors reader (length, JSON header, data) give Contents or a
 * SafeTensorsException, nothing else. Fuzzing: {@code JAZZER_FUZZ=1 mvn -B test -Dtest=SafeTensorsFuzzTest}.
 */
@Tag("fuzz")
class SafeTensorsFuzzTest {
    private static Path file;

    @FuzzTest(maxDuration = "10m", maxExecutions = 1_000_000)
    void anyBytesGiveContentsOrASafeTensorsException(byte[] bytes) throws IOException {
        if (file == null) file = Files.createTempFile("latent-fuzz", ".safetensors");
        Files.write(file, bytes);
        try {
            SafeTensors.read(file);
        } catch (SafeTensorsException expected) {
            // The reader's own clear failure.
        }
    }
}
