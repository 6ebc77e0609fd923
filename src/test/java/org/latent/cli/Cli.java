package org.latent.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs `latent` in-process and keeps what it printed. */
record Cli(int code, String out, String err) {
    static Cli run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Cli expect(int expected) {
        assertTrue(code == expected, () -> "exit status " + code + ", expected " + expected + "\nstdout:\n" + out + "\nstderr:\n" + err);
        return this;
    }

    static Path writeConfig(Path dir, String name, String json) {
        try {
            Path f = dir.resolve(name + ".json");
            Files.writeString(f, json);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertContains(String text, String... parts) {
        for (String p : parts) assertTrue(text.contains(p), () -> "lacks '" + p + "':\n" + text);
    }
}
