package org.latent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.latent.cli.Cli.assertContains;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latent.data.DataManifest;
import org.latent.data.DataStore;
import org.latent.data.DataUnavailableException;
import org.latent.io.Json;

/** What the user sees when data is missing, and a short real-data run when the shared copies are there. */
class DataMessagesTest {
    private static final Path SHARED_DATA = org.latent.testing.RealData.folderWith("mnist");

    @Test
    void noNetworkGivesOneLineAndTheExactCommandForALocalCopy(@TempDir Path dir) {
        DataManifest manifest = DataManifest.parse("dataset\tfile\turl\tbytes\tmd5\n"
                + "tiny\tblob.bin\thttp://127.0.0.1:1/blob.bin\t3\t0123456789abcdef0123456789abcdef\n", "test manifest");
        DataStore store = DataStore.downloadCache(dir, manifest, Duration.ofSeconds(2));
        DataUnavailableException e = assertThrows(DataUnavailableException.class, () -> store.file("tiny", "blob.bin"));
        String[] args = {"train", "examples/e1-vae-mnist.json"};
        String[] lines = Failures.noData(e, "./latent", args).split("\n");
        assertContains(lines[0], "latent: cannot download tiny/blob.bin (127.0.0.1: no connection)");
        assertEquals("  ./latent train examples/e1-vae-mnist.json --data /path/to/data", lines[2]);
        assertContains(lines[3], "tiny/blob.bin", "LATENT_DATA=/path/to/data");
        assertEquals(4, lines.length);
    }

    @Test
    void aMissingLocalCopyNamesTheFilesItLookedFor(@TempDir Path dir) {
        Path config = Cli.writeConfig(dir, "m", "{\"data\": {\"dataset\": \"mnist\"}, \"model\": {\"family\": \"vae\", "
                + "\"latent\": 2}, \"training\": {\"epochs\": 1}, \"device\": \"cpu\"}");
        Cli c = Cli.run("train", config.toString(), "--data", dir.toString(), "--out", dir.resolve("runs").toString()).expect(1);
        assertContains(c.err(), "mnist/train-images-idx3-ubyte.gz is not in the data folder " + dir);
        assertEquals(false, Files.exists(dir.resolve("runs")), "nothing is created before the data is there");
    }

    @Test
    void e1OnASliceOfTheRealMnist(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(SHARED_DATA.resolve("mnist")), "no MNIST copy in LATENT_DATA or at " + SHARED_DATA.toAbsolutePath());
        String json = Files.readString(Path.of("examples/e1-vae-mnist.json"))
                .replace("\"validation\": 5000", "\"validation\": 200, \"limit\": 600")
                .replace("\"epochs\": 50", "\"epochs\": 2").replace("\"device\": \"auto\"", "\"device\": \"cpu\"");
        Path config = Cli.writeConfig(dir, "e1-slice", json);
        Cli c = Cli.run("train", config.toString(), "--data", SHARED_DATA.toString(), "--out", dir.toString()).expect(0);
        assertContains(c.err(), "train 600, validation 200, test 600");
        Map<String, Object> s = Json.readObject(dir.resolve("e1-vae-mnist/summary.json"));
        double train = ((Number) s.get("train_loss")).doubleValue();
        // 784 Bernoulli pixels start near 543 nats; two short epochs on MNIST bring -ELBO down towards 200-300.
        assertTrue(train > 100 && train < 500, "train -ELBO " + train);
        assertTrue(((Number) s.get("validation_loss")).doubleValue() > 0);
    }
}
