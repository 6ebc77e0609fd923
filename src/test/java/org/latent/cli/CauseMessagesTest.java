package org.latent.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.latent.cli.Cli.assertContains;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Messages that name what is really wrong: a folder or a dangling link where a file should be, a file where a folder should be. */
class CauseMessagesTest {
    private static final String MNIST = "{\"data\": {\"dataset\": \"mnist\"}, \"model\": {\"family\": \"vae\", \"latent\": 2},"
            + " \"training\": {\"epochs\": 1}, \"device\": \"cpu\"}";

    private static void assertClean(Cli c) {
        assertFalse(c.err().contains("\tat ") || c.err().contains("Exception"), () -> "a stack trace or exception name:\n" + c.err());
    }

    @Test
    void aFolderWhereADataFileShouldBeIsCalledAFolder(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data.resolve("mnist/train-images-idx3-ubyte.gz"));
        Path config = Cli.writeConfig(dir, "m", MNIST);
        Cli c = Cli.run("train", config.toString(), "--data", data.toString(), "--out", dir.resolve("runs").toString()).expect(1);
        assertContains(c.err(), data.resolve("mnist/train-images-idx3-ubyte.gz") + ": is a folder, not a file, where the data file"
                + " mnist/train-images-idx3-ubyte.gz should be");
        assertClean(c);
    }

    @Test
    void aDanglingSymbolicLinkIsCalledOne(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data.resolve("mnist"));
        Files.createSymbolicLink(data.resolve("mnist/train-images-idx3-ubyte.gz"), dir.resolve("gone.gz"));
        Path config = Cli.writeConfig(dir, "m", MNIST);
        Cli c = Cli.run("train", config.toString(), "--data", data.toString(), "--out", dir.resolve("runs").toString()).expect(1);
        assertContains(c.err(), "train-images-idx3-ubyte.gz: is a symbolic link to " + dir.resolve("gone.gz") + ", which does not exist");
        assertClean(c);
        Cli none = Cli.run("train", config.toString(), "--data", dir.resolve("nowhere").toString()).expect(1);
        assertContains(none.err(), "the data folder " + dir.resolve("nowhere") + " (from LATENT_DATA or the command line) does not exist");
    }

    @Test
    void outNamingAFileSaysSo(@TempDir Path dir) throws Exception {
        Path config = Cli.writeConfig(dir, "vae", TrainCommandTest.FONTS_VAE);
        Path file = Files.writeString(dir.resolve("runs.txt"), "not a folder");
        Cli c = Cli.run("train", config.toString(), "--out", file.toString()).expect(1);
        assertContains(c.err(), "cannot create a run folder under " + file + ": " + file + " is a file, not a folder");
        assertClean(c);
        Cli deeper = Cli.run("train", config.toString(), "--out", file.resolve("sub").toString()).expect(1);
        assertContains(deeper.err(), file + " is a file, not a folder");
    }

    @Test
    void evalAndSampleOnAFileSayItIsAFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("checkpoint.safetensors"), "x");
        assertContains(Cli.run("eval", file.toString()).expect(1).err(), file + " is a file, not a run folder");
        assertContains(Cli.run("sample", file.toString()).expect(1).err(), file + " is a file, not a run folder");
        assertContains(Cli.run("train", "--resume", file.toString()).expect(1).err(), file + " is a file, not a run folder");
        assertContains(Cli.run("eval", dir.resolve("missing").toString()).expect(1).err(), "run folder " + dir.resolve("missing")
                + " does not exist");
    }

    @Test
    void aFolderInTheDownloadCacheIsCalledAFolder(@TempDir Path dir) throws Exception {
        org.latent.data.DataManifest manifest = org.latent.data.DataManifest.parse("dataset\tfile\turl\tbytes\tmd5\n"
                + "tiny\tblob.bin\thttp://127.0.0.1:1/blob.bin\t3\t0123456789abcdef0123456789abcdef\n", "test manifest");
        Files.createDirectories(dir.resolve("tiny/blob.bin"));
        org.latent.data.DataStore store = org.latent.data.DataStore.downloadCache(dir, manifest, java.time.Duration.ofSeconds(1));
        String m = org.junit.jupiter.api.Assertions.assertThrows(org.latent.data.DataException.class,
                () -> store.file("tiny", "blob.bin")).getMessage();
        assertContains(m, dir.resolve("tiny/blob.bin") + ": is a folder, not a file, where the cached data file tiny/blob.bin should be");
    }
}
