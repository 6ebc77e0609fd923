package org.latent.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Any bytes given to the NumPy {@code .npz} reader (a zip of {@code .npy} members, stored or
 * deflated) give member names, headers and arrays or a DataException naming the archive, nothing
 * else. Every member the archive lists is read, and a member that is not there is asked for. The
 * normal test suite runs the inputs in NpzReaderFuzzTestInputs/; the fuzzer:
 * {@code JAZZER_FUZZ=1 mvn -B -o surefire:test@fuzz-regression -Dtest=NpzReaderFuzzTest}.
 */
@Tag("fuzz")
class NpzReaderFuzzTest {
    private static Path file;

    @FuzzTest(maxDuration = "10m", maxExecutions = 1_000_000)
    void anyBytesGiveArraysOrADataException(byte[] bytes) throws IOException {
        if (file == null) file = Files.createTempFile("latent-fuzz", ".npz");
        Files.write(file, bytes);
        try {
            for (String m : NpzReader.members(file)) {
                NpzReader.contains(file, m);
                NpzReader.readHeader(file, m);
                NpzReader.read(file, m);
            }
        } catch (DataException expected) {
            // The reader's own clear failure.
        }
        try {
            NpzReader.read(file, "x");
        } catch (DataException expected) {
            // Not there, or damaged.
        }
    }
}
