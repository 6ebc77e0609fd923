package org.latent.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Any bytes given to the MAT-5 reader give a MatFile or a DataException, nothing else. Fuzzing:
 * {@code JAZZER_FUZZ=1 mvn -B test -Dtest=MatReaderFuzzTest}.
 */
@Tag("fuzz")
class MatReaderFuzzTest {
    private static Path file;

    @FuzzTest(maxDuration = "10m", maxExecutions = 1_000_000)
    void anyBytesGiveAMatFileOrADataException(byte[] bytes) throws IOException {
        if (file == null) file = Files.createTempFile("latent-fuzz", ".mat");
        Files.write(file, bytes);
        try {
            MatReader.read(file);
        } catch (DataException expected) {
            // The reader's own clear failure.
        }
    }
}
