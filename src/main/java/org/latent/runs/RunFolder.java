package org.latent.runs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The folder a run leaves behind ({@code runs/<name>/}) and the names of what is in it. */
public record RunFolder(Path dir) {
    public static final String CONFIG = "config.json", METRICS = "metrics.csv", SUMMARY = "summary.json",
            CHECKPOINT = "checkpoint.safetensors", STATE = "state.json", REPORT = "report.html";

    /** A new, empty folder {@code parent/name}, or {@code name-2}, {@code name-3}, ... if that is taken. */
    public static RunFolder create(Path parent, String name) {
        try {
            Files.createDirectories(parent);
            for (int i = 1; ; i++) {
                Path dir = parent.resolve(i == 1 ? name : name + "-" + i);
                if (Files.exists(dir) && !isEmptyDir(dir)) continue;
                Files.createDirectories(dir);
                return new RunFolder(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a run folder under " + parent + ": " + e.getMessage(), e);
        }
    }

    /** An existing run with a checkpoint (for --resume, eval, sample). */
    public static RunFolder existing(Path dir) {
        RunFolder f = new RunFolder(dir);
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("run folder " + dir + " does not exist");
        if (!Files.isRegularFile(f.file(CONFIG))) {
            throw new IllegalArgumentException(dir + " is not a Latent run folder (it has no " + CONFIG + ")");
        }
        if (!Files.isRegularFile(f.file(CHECKPOINT))) {
            throw new IllegalArgumentException("run " + dir + " has no " + CHECKPOINT + " yet (it stopped before its first checkpoint)");
        }
        return f;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    private static boolean isEmptyDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
