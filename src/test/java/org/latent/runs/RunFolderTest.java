package org.latent.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run-folder lock and the clean-up of temporary files that interrupted writes leave. */
class RunFolderTest {
    private static void assertMessage(String m, String... parts) {
        for (String p : parts) assertTrue(m.contains(p), () -> "lacks '" + p + "': " + m);
    }

    @Test
    void aSecondLockIsRefusedNamingTheFolderAndPidUntilTheFirstIsReleased(@TempDir Path dir) {
        RunFolder folder = new RunFolder(dir);
        RunFolder.Lock first = folder.lock();
        assertTrue(first.held());
        String m = assertThrows(IllegalStateException.class, folder::lock).getMessage();
        assertMessage(m, "the run folder " + dir + " is in use", "pid " + ProcessHandle.current().pid());
        first.close();
        assertFalse(first.held());
        try (RunFolder.Lock again = folder.lock()) {
            assertTrue(again.held(), "after release it can be taken again");
        }
    }

    @Test
    void anotherProcesssLockIsRefusedAndAKilledHolderLeavesNoStuckLock(@TempDir Path dir) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                RunFolderLockHolder.class.getName(), dir.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine(), "the holder process took the lock");
            String m = assertThrows(IllegalStateException.class, () -> new RunFolder(dir).lock()).getMessage();
            assertMessage(m, dir.toString(), "in use", "pid " + holder.pid());
            holder.destroyForcibly(); // SIGKILL: no chance to release anything itself
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
            try (RunFolder.Lock mine = new RunFolder(dir).lock()) {
                assertTrue(mine.held(), "the operating system released the killed process's lock");
                assertTrue(Files.readString(dir.resolve(RunFolder.LOCK)).startsWith("pid " + ProcessHandle.current().pid()));
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void takingTheLockRemovesStaleTemporaryFilesOfOurWritersOnly(@TempDir Path dir) throws Exception {
        List<String> ours = List.of(".checkpoint.safetensors.8812730071937226521.tmp", ".state.json.12.tmp",
                ".loss.png.1f3a9c0b77e2d4a5.tmp", ".summary.json.-1.tmp".replace("-1", "42"));
        List<String> theirs = List.of("notes.tmp", ".hidden", "checkpoint.safetensors", ".checkpoint.safetensors.tmp",
                ".data.x.tmp.bak");
        for (String n : ours) Files.write(dir.resolve(n), new byte[100]);
        for (String n : theirs) Files.write(dir.resolve(n), new byte[10]);
        Files.createDirectory(dir.resolve(".figures.123.tmp")); // not a file: left alone
        try (RunFolder.Lock lock = new RunFolder(dir).lock()) {
            for (String n : ours) assertFalse(Files.exists(dir.resolve(n)), n + " removed");
            for (String n : theirs) assertTrue(Files.exists(dir.resolve(n)), n + " kept");
            assertTrue(Files.isDirectory(dir.resolve(".figures.123.tmp")));
        }
    }
}
