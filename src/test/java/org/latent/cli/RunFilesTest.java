package org.latent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files a run leaves, as a user sees them in the folder. */
class RunFilesTest {
    @Test
    void everyFileOfARunFolderHasTheSamePermissions(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path config = Cli.writeConfig(dir, "vae", TrainCommandTest.FONTS_VAE.replace("\"epochs\": 3", "\"epochs\": 1"));
        Cli.run("train", config.toString(), "--out", dir.toString()).expect(0);
        Map<String, String> modes = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir.resolve("fonts-vae"))) {
            for (Path f : files.toList()) modes.put(f.getFileName().toString(), PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        }
        assertTrue(modes.keySet().containsAll(Set.of("config.json", "checkpoint.safetensors", "state.json", "summary.json",
                "metrics.csv", "loss.png", "report.html")), modes.toString());
        assertEquals(1, Set.copyOf(modes.values()).size(), "one mode for all: " + modes);
        Set<PosixFilePermission> mode = PosixFilePermissions.fromString(modes.get("report.html"));
        assertTrue(mode.contains(PosixFilePermission.OWNER_READ) && mode.contains(PosixFilePermission.OWNER_WRITE), modes.toString());
    }
}
