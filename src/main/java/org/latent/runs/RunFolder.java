package org.latent.runs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The folder a run leaves behind ({@code runs/<name>/}) and the names of what is in it. */
public record RunFolder(Path dir) {
    public static final String CONFIG = "config.json", METRICS = "metrics.csv", SUMMARY = "summary.json",
            CHECKPOINT = "checkpoint.safetensors", STATE = "state.json", REPORT = "report.html";
    /** The lock file of {@link #lock}: its content says who holds it; it is never deleted (see {@link Lock}). */
    public static final String LOCK = ".latent.lock";
    /**
     * The temporary files of our writers: {@code io.AtomicFile} ({@code .<name>.<random digits>.tmp},
     * from Files.createTempFile) and {@code viz.AtomicFiles} ({@code .<name>.<random hex>.tmp}).
     */
    static final Pattern TEMPORARY = Pattern.compile("\\..+\\.[0-9a-f]+\\.tmp");

    /** A new, empty folder {@code parent/name}, or {@code name-2}, {@code name-3}, ... if that is taken. */
    public static RunFolder create(Path parent, String name) {
        // A file where a folder on the way should be: say which, rather than only that creating failed.
        for (Path p = parent.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p)) break;
            if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(p)) {
                String what = Files.isSymbolicLink(p) && !Files.exists(p) ? "a symbolic link to nothing" : "a file";
                throw new UncheckedIOException("cannot create a run folder under " + parent + ": " + p + " is " + what
                        + ", not a folder (--out, or the config's \"output\", names the folder where runs go)",
                        new java.nio.file.FileAlreadyExistsException(p.toString()));
            }
        }
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
        if (!Files.isDirectory(dir)) {
            if (Files.isRegularFile(dir)) {
                throw new IllegalArgumentException(dir + " is a file, not a run folder; give the run's folder (such as runs/NAME,"
                        + " the one holding " + CONFIG + " and " + CHECKPOINT + ")");
            }
            if (Files.isSymbolicLink(dir)) {
                throw new IllegalArgumentException("run folder " + dir + " is a symbolic link to nothing (its target does not exist)");
            }
            if (Files.exists(dir)) throw new IllegalArgumentException(dir + " is not a folder (a device or a pipe?), not a run folder");
            throw new IllegalArgumentException("run folder " + dir + " does not exist");
        }
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

    /**
     * An exclusive hold on this folder for one writing process (train, resume), taken with
     * {@link FileChannel#tryLock} on {@value #LOCK}: the operating system releases it when the
     * process ends in any way, SIGKILL included, so a crash never leaves the folder stuck. Closing the
     * lock releases it; the file stays (deleting it would let two processes lock two different files).
     */
    public static final class Lock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private Lock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        /** Whether this process still holds the folder. */
        public boolean held() {
            return lock.isValid();
        }

        @Override
        public void close() {
            try {
                if (lock.isValid()) lock.release();
            } catch (IOException ignored) {
                // Closing the channel releases it too.
            } finally {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // Nothing left to release; the process's end would release it anyway.
                }
            }
        }
    }

    /**
     * Takes this folder for writing: refuses, naming the folder and the holder's pid, when another
     * process (or this one) already holds it; then records this process (pid, time) in the lock file
     * and removes the temporary files that interrupted writes left ({@link #removeStaleTemporaryFiles}),
     * which is safe only now that no other writer can be at work here.
     */
    public Lock lock() {
        Path file = file(LOCK);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the run folder " + dir + ": cannot open " + file + ": " + e.getMessage(), e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this process already
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock the run folder " + dir + " (" + file + "): " + e.getMessage(), e);
        }
        if (lock == null) {
            String holder = holder(channel);
            closeQuietly(channel);
            throw new IllegalStateException("the run folder " + dir + " is in use by a Latent process"
                    + (holder.isEmpty() ? "" : " (" + holder + ")") + "; two processes cannot train in one folder. Wait until"
                    + " it ends, or stop it (Ctrl-C, or kill with its pid: it saves a checkpoint), then try again");
        }
        try {
            byte[] me = ("pid " + ProcessHandle.current().pid() + ", since " + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                    + "\n").getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(me), 0);
        } catch (IOException e) {
            // The lock is what counts; the pid is only for the message of a second process.
        }
        Lock held = new Lock(channel, lock);
        try {
            removeStaleTemporaryFiles();
        } catch (RuntimeException e) {
            held.close();
            throw e;
        }
        return held;
    }

    /** "pid 123, since ..." from the lock file, or "" when it cannot be read. */
    private static String holder(FileChannel channel) {
        try {
            ByteBuffer b = ByteBuffer.allocate(200);
            channel.read(b, 0);
            String s = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
            return s.matches("pid [0-9]+[^\\n]*") ? s : "";
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Deletes the temporary files our atomic writers leave when a process is killed mid-write
     * ({@code .checkpoint.safetensors.<digits>.tmp} and the like, see {@link #TEMPORARY}); returns
     * what was deleted. Call it only while holding {@link #lock}: in another writer's folder it would
     * delete a file that writer is about to rename.
     */
    public List<Path> removeStaleTemporaryFiles() {
        List<Path> removed = new ArrayList<>();
        List<Path> candidates;
        try (Stream<Path> s = Files.list(dir)) {
            candidates = s.filter(p -> TEMPORARY.matcher(p.getFileName().toString()).matches()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the run folder " + dir + ": " + e.getMessage(), e);
        }
        for (Path p : candidates) {
            try {
                if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(p)) removed.add(p);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the stale temporary file " + p + " (left by an interrupted write): "
                        + e.getMessage(), e);
            }
        }
        return removed;
    }

    private static void closeQuietly(FileChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // Only a failed close of a channel we are giving up.
        }
    }

    private static boolean isEmptyDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
