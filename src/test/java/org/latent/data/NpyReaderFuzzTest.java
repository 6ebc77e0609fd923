package org.latent.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Any bytes given to the NumPy {@code .npy} reader give a header and an array or a DataException
 * naming the file, nothing else. The normal test suite runs the inputs in NpyReaderFuzzTestInputs/;
 * the fuzzer: {@code JAZZER_FUZZ=1 mvn -B -o surefire:test@fuzz-regression -Dtest=NpyReaderFuzzTest}
 * (see docs/results.md).
 */
@Tag("fuzz")
class NpyReaderFuzzTest {
    private static Path file;

    @FuzzTest(maxDuration = "10m", maxExecutions = 1_000_000)
    void anyBytesGiveAnArrayOrADataException(byte[] bytes) throws IOException {
        if (file == null) file = Files.createTempFile("latent-fuzz", ".npy");
        Files.write(file, bytes);
        try {
            NpyReader.readHeader(file);
            NpyReader.read(file);
        } catch (DataException expected) {
            // The reader's own clear failure.
        }
    }
}
