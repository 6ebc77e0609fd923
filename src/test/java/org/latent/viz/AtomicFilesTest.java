package org.latent.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A figure write that fails leaves the old figure and no temporary file. */
class AtomicFilesTest {
    @Test
    void aFailedWriteLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("loss.png");
        AtomicFiles.writeString(png, "old");
        assertThrows(IOException.class, () -> AtomicFiles.write(png, out -> {
            out.write(new byte[10_000]);
            throw new IOException("disk full");
        }));
        assertThrows(IllegalArgumentException.class, () -> AtomicFiles.write(png, out -> {
            throw new IllegalArgumentException("a bug in the renderer");
        }));
        assertEquals("old", Files.readString(png));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("loss.png"), s.map(p -> p.getFileName().toString()).toList());
        }
    }
}
