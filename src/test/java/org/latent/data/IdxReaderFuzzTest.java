package org.latent.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Any bytes given to the IDX reader (raw or gzip) give an IdxArray or a DataException naming the
 * file, nothing else. The normal test suite runs the inputs in IdxReaderFuzzTestInputs/; the fuzzer:
 * {@code JAZZER_FUZZ=1 mvn -B test -Dtest=IdxReaderFuzzTest} (see docs/results.md).
 */
@Tag("fuzz")
class IdxReaderFuzzTest {
    private static Path file;

    @FuzzTest(maxDuration = "10m", maxExecutions = 1_000_000)
    void anyBytesGiveAnArrayOrADataException(byte[] bytes) throws IOException {
        if (file == null) file = Files.createTempFile("latent-fuzz", ".idx");
        Files.write(file, bytes);
        try {
            IdxReader.read(file);
        } catch (DataException expected) {
            // The reader's own clear failure.
        }
    }
}
