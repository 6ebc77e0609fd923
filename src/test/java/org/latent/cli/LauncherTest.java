package org.latent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.latent.cli.Cli.assertContains;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The `latent` launcher script: what it passes to Java and what it lets through on stderr. */
class LauncherTest {
    private static final Path LAUNCHER = Path.of("latent").toAbsolutePath();
    private static final String WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";

    private record Run(int code, String out, String err) {}

    private static Run run(List<String> command, Path java, Path jar) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("JAVA", java.toString());
        pb.environment().put("LATENT_JAR", jar.toString());
        Process p = pb.start();
        // Read to the end: stderr ends when the launcher's filter, which may outlive the JVM by a moment, has closed it.
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher ended");
        return new Run(p.exitValue(), out, err.join());
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stand-in for java in a Java home that has the Vector API: it prints what a JVM would, then its arguments. */
    private static Path fakeJava(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("bin"));
        Files.writeString(dir.resolve("release"), "JAVA_VERSION=\"17\"\nMODULES=\"java.base jdk.incubator.vector\"\n");
        Path java = dir.resolve("bin/java");
        Files.writeString(java, """
                #!/usr/bin/env bash
                echo "%s" >&2
                printf 'epoch 1/2 [===   ] 15%%%%' >&2
                sleep 0.2
                printf '\\repoch 1/2 [======] 100%%%%\\n' >&2
                echo "args: $*"
                echo "[latent] last words" >&2
                exit 3
                """.formatted(WARNING), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java;
    }

    @Test
    void theIncubatorWarningIsDroppedAndTheVectorApiStaysOn(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash");
        Path java = fakeJava(dir.resolve("jdk"));
        Path jar = Files.createFile(dir.resolve("latent.jar"));
        Run r = run(List.of("bash", LAUNCHER.toString(), "--help"), java, jar);
        assertEquals(3, r.code(), "the JVM's exit status");
        assertTrue(!r.err().contains("WARNING"), r.err());
        assertEquals("epoch 1/2 [===   ] 15%\repoch 1/2 [======] 100%\n[latent] last words\n", r.err(),
                "the rest of stderr passes unchanged, \\r included");
        assertContains(r.out(), "--add-modules jdk.incubator.vector", "-jar " + jar + " --help");
    }

    @Test
    void aFirstLineThatIsNotTheWarningIsKept(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash");
        Path java = fakeJava(dir.resolve("jdk"));
        Files.writeString(java, Files.readString(java).replace("echo \"" + WARNING + "\" >&2\n", "printf 'Error: no' >&2; exit 1\n"));
        Run r = run(List.of("bash", LAUNCHER.toString(), "info"), java, Files.createFile(dir.resolve("latent.jar")));
        assertEquals(1, r.code());
        assertEquals("Error: no", r.err());
    }

    /** The line the launcher drops is the one this JVM prints. */
    @Test
    void theDroppedLineIsWhatTheJvmPrints() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "--add-modules", "jdk.incubator.vector", "-version").start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        assertEquals(WARNING, err.lines().findFirst().orElse(""));
        assertContains(Files.readString(LAUNCHER), "warning=\"" + WARNING + "\"");
    }
}
