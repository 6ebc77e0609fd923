package org.latent.runs;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Any bytes read as metrics.csv give rows or a MetricsException naming the file, line and column,
 * nothing else. Fuzzing: {@code JAZZER_FUZZ=1 mvn -B test -Dtest=MetricsLogFuzzTest}.
 */
@Tag("fuzz")
class MetricsLogFuzzTest {
    private static Path file;

    @FuzzTest(maxDuration = "10m", maxExecutions = 1_000_000)
    void anyBytesGiveRowsOrAMetricsException(byte[] bytes) throws IOException {
        if (file == null) file = Files.createTempFile("latent-fuzz", ".csv");
        Files.write(file, bytes);
        try {
            MetricsLog.read(file);
        } catch (MetricsException expected) {
            // The reader's own clear failure.
        }
    }
}
