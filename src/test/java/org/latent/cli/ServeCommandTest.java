package org.latent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.latent.cli.Cli.assertContains;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** `latent serve` as a process: says where it serves, answers, and stops cleanly on SIGTERM (as on Ctrl-C). */
@DisabledOnOs(OS.WINDOWS)
class ServeCommandTest {
    @Test
    void servesOnLocalhostAndStopsOnSignal(@TempDir Path dir) throws Exception {
        Path runs = Files.createDirectories(dir.resolve("runs"));
        Cli.run("train", Cli.writeConfig(dir, "vae", TrainCommandTest.FONTS_VAE).toString(), "--out", runs.toString()).expect(0);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve",
                runs.toString(), "--port", "0").redirectError(err.toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertTrue(line != null, () -> "no output; stderr: " + read(err));
            Matcher m = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+/) \\(Ctrl-C stops\\)").matcher(line);
            assertTrue(m.find(), line);
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(m.group(1))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertContains(page.body(), "fonts-vae", "complete");
            p.destroy(); // SIGTERM: the shutdown hook stops the server
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "still running after SIGTERM");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(143, p.exitValue(), "the JVM's status after SIGTERM");
        assertContains(read(err), "latent serve: stopped");
    }

    @Test
    void saysWhatIsWrongWithItsArguments(@TempDir Path dir) {
        assertContains(Cli.run("serve", dir.resolve("nowhere").toString()).expect(2).err(), "is not a folder");
        assertContains(Cli.run("serve", dir.toString(), "--port", "70000").expect(2).err(), "is not a port");
        assertContains(Cli.run("serve", "--help").expect(0).out(), "--port", "--host", "127.0.0.1");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
