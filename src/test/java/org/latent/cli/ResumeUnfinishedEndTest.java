package org.latent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.latent.cli.Cli.assertContains;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latent.io.Json;

/**
 * A run killed after its last checkpoint, while it wrote its summary, figures or report (found by
 * the fault soak, bench/fault-soak): resuming it used to say "Nothing to train" and leave the
 * folder without them and with the kill's temporary file. It now writes the end again, removes the
 * temporary file and leaves the checkpoint as it was; a run whose end was written still has
 * nothing to train.
 */
class ResumeUnfinishedEndTest {
    @Test
    void resumingARunKilledWhileWritingItsEndWritesIt(@TempDir Path dir) throws Exception {
        Path config = Cli.writeConfig(dir, "dae", ResumeTest.FONTS_DAE.replace("\"epochs\": 4", "\"epochs\": 2"));
        Cli.run("train", config.toString(), "--out", dir.toString()).expect(0);
        Path run = dir.resolve("fonts-dae");
        byte[] checkpoint = Files.readAllBytes(run.resolve("checkpoint.safetensors"));
        Map<String, Object> summary = Json.readObject(run.resolve("summary.json"));

        // As a SIGKILL during the end leaves it: the figures and report not yet written, the summary's
        // write cut off in its temporary file.
        for (String f : new String[] {"report.html", "loss.png", "reconstructions.png", "interpolation.png", "summary.json"}) {
            Files.deleteIfExists(run.resolve(f));
        }
        Files.writeString(run.resolve(".summary.json.3f2a.tmp"), "{\"name\": \"fonts-d");
        Cli resumed = Cli.run("train", "--resume", run.toString()).expect(0);
        assertFalse(resumed.out().contains("Nothing to train"), resumed.out());
        for (String f : new String[] {"report.html", "loss.png", "reconstructions.png", "summary.json"}) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f + " written again");
        }
        assertFalse(Files.exists(run.resolve(".summary.json.3f2a.tmp")), "the kill's temporary file removed");
        assertArrayEquals(checkpoint, Files.readAllBytes(run.resolve("checkpoint.safetensors")));
        Map<String, Object> again = Json.readObject(run.resolve("summary.json"));
        assertEquals("complete", again.get("status"));
        assertEquals(summary.get("global_step"), again.get("global_step"));
        assertEquals(summary.get("accumulated_error"), again.get("accumulated_error"));

        // Now finished: nothing to train, nothing rewritten.
        long modified = Files.getLastModifiedTime(run.resolve("report.html")).toMillis();
        assertContains(Cli.run("train", "--resume", run.toString()).expect(0).out(), "Nothing to train");
        assertEquals(modified, Files.getLastModifiedTime(run.resolve("report.html")).toMillis());
    }
}
