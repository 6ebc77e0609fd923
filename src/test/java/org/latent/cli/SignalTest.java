package org.latent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.latent.cli.Cli.assertContains;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.latent.io.Json;
import org.latent.io.SafeTensors;

/** SIGTERM to a real `latent train` process: it finishes the step, checkpoints, says how to resume and exits. */
@DisabledOnOs(OS.WINDOWS)
class SignalTest {
    @Test
    void sigtermCheckpointsAndTheRunResumesFromThere(@TempDir Path dir) throws Exception {
        Path config = Cli.writeConfig(dir, "long", ResumeTest.FONTS_DAE.replace("\"epochs\": 4", "\"epochs\": 100000")
                .replace("\"checkpoint_every\": 3", "\"checkpoint_every\": 1000000"));
        Path out = dir.resolve("stdout.txt"), err = dir.resolve("stderr.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "train",
                config.toString(), "--out", dir.toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        Path run = dir.resolve("fonts-dae");
        try {
            // Wait until it is well into training (a few epochs written), then signal.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.exists(run.resolve("metrics.csv")) && Files.readAllLines(run.resolve("metrics.csv")).size() > 3)) {
                assertTrue(p.isAlive(), () -> "the child exited early: " + read(err));
                assertTrue(System.nanoTime() < deadline, "no progress within 60 s");
                Thread.sleep(20);
            }
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child did not exit after SIGTERM");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(143, p.exitValue(), "the JVM's status after SIGTERM");
        assertContains(read(out), "interrupted (SIGTERM or Ctrl-C); checkpoint saved", "--resume " + run);
        Map<String, Object> state = Json.readObject(run.resolve("state.json"));
        long step = ((Number) state.get("global_step")).longValue();
        int epoch = ((Number) state.get("epoch")).intValue();
        assertTrue(epoch >= 3, "saved at epoch " + epoch);
        SafeTensors.Contents c = SafeTensors.read(run.resolve("checkpoint.safetensors"));
        assertTrue(c.metadata().get("latent.state").contains("\"global_step\":" + step));
        assertEquals("stopped", Json.readObject(run.resolve("summary.json")).get("status"));

        Cli resumed = Cli.run("train", config.toString(), "--resume", run.toString(), "--stop-after-steps", "7")
                .expect(TrainCommand.STOPPED);
        assertContains(resumed.err(), "(global step " + step + ")");
        assertEquals(step + 7, ((Number) Json.readObject(run.resolve("state.json")).get("global_step")).longValue());
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
