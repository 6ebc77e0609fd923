package org.latent.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed atomic write leaves the target as it was and no temporary file behind. */
class AtomicFileTest {
    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aWriterThatFailsLeavesTheOldFileAndNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("state.json");
        AtomicFile.writeString(f, "old");
        assertThrows(UncheckedIOException.class, () -> AtomicFile.write(f, out -> {
            out.write(new byte[100_000]);
            throw new IOException("disk full");
        }));
        assertThrows(IllegalStateException.class, () -> AtomicFile.write(f, out -> {
            out.write(new byte[100_000]);
            throw new IllegalStateException("a bug in the writer");
        }));
        assertEquals("old", Files.readString(f));
        assertEquals(List.of("state.json"), names(dir));
    }

    @Test
    void aRenameThatFailsLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("checkpoint.safetensors");
        Files.createDirectory(target);
        Files.writeString(target.resolve("inside"), "x"); // a non-empty folder cannot be replaced by a file
        String m = assertThrows(UncheckedIOException.class, () -> SafeTensors.write(target,
                Map.of("w", new SafeTensors.Tensor(new int[] {2}, new float[] {1, 2})), Map.of())).getMessage();
        assertEquals(true, m.contains(target.toString()), m);
        assertEquals(List.of("checkpoint.safetensors"), names(dir));
    }
}
