package org.latent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.latent.data.IdxReaderTest.assertMessage;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataStoreTest {
    private static final String HEADER = "dataset\tfile\turl\tbytes\tmd5\n";
    private static final byte[] BLOB = "forty-two bytes of pretend data set, exactly".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/blob", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, BLOB.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(BLOB);
            }
        });
        server.createContext("/missing", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static String md5(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static DataManifest manifest(String... rows) {
        return DataManifest.parse(HEADER + String.join("\n", rows) + "\n", "test manifest");
    }

    private static String row(String dataset, String file, String url, byte[] content) {
        return dataset + "\t" + file + "\t" + url + "\t" + content.length + "\t" + md5(content);
    }

    private static List<Path> filesUnder(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    private DataStore cache(Path folder, DataManifest m) {
        return DataStore.downloadCache(folder, m, Duration.ofSeconds(2));
    }

    @Test
    void downloadPutsTheVerifiedFileInTheCacheOnce() throws IOException {
        Path cache = dir.resolve("cache");
        DataStore store = cache(cache, manifest(row("tiny", "blob.bin", url("/blob"), BLOB)));
        Path p = store.file("tiny", "blob.bin");
        assertEquals(cache.resolve("tiny/blob.bin"), p);
        assertArrayEquals(BLOB, Files.readAllBytes(p));
        assertEquals(List.of(p), filesUnder(cache), "no temporary file left behind");
        assertEquals(p, store.file("tiny", "blob.bin"));
        assertEquals(1, requests.get(), "the second use reads the cache");
    }

    @Test
    void nextMirrorIsTriedWhenOneFails() throws IOException {
        DataStore store = cache(dir, manifest(row("tiny", "blob.bin", url("/missing"), BLOB),
                row("tiny", "blob.bin", url("/blob"), BLOB)));
        assertArrayEquals(BLOB, Files.readAllBytes(store.file("tiny", "blob.bin")));
        assertEquals(2, requests.get());
    }

    @Test
    void checksumMismatchLeavesNoFileAndNamesBothMd5sAndTheUrl() throws IOException {
        byte[] expected = BLOB.clone();
        expected[0] = 'F';
        DataStore store = cache(dir, manifest(row("tiny", "blob.bin", url("/blob"), expected)));
        String m = assertThrows(DataException.class, () -> store.file("tiny", "blob.bin")).getMessage();
        assertMessage(m, "checksum mismatch", md5(expected), md5(BLOB), url("/blob"), "tiny/blob.bin");
        assertEquals(List.of(), filesUnder(dir));
    }

    @Test
    void httpErrorsAreReported() {
        DataStore store = cache(dir, manifest(row("tiny", "blob.bin", url("/missing"), BLOB)));
        String m = assertThrows(DataException.class, () -> store.file("tiny", "blob.bin")).getMessage();
        assertMessage(m, url("/missing"), "HTTP status 404");
    }

    @Test
    void unreachableServerFailsFastWithTheLocalDataHint() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String dead = "http://127.0.0.1:" + closedPort + "/train-images-idx3-ubyte.gz";
        DataStore store = cache(dir, manifest(row("mnist", "train-images-idx3-ubyte.gz", dead, BLOB),
                row("mnist", "train-labels-idx1-ubyte.gz", dead, BLOB)));
        long start = System.nanoTime();
        String m = assertThrows(DataException.class, () -> store.file("mnist", "train-images-idx3-ubyte.gz"))
                .getMessage();
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "took over 5 s to give up");
        assertMessage(m, dead, "LATENT_DATA=/path/to/data latent train",
                "mnist/train-images-idx3-ubyte.gz, mnist/train-labels-idx1-ubyte.gz");
        assertEquals(List.of(), filesUnder(dir));
    }

    @Test
    void corruptCachedFileIsAnErrorNotASilentLoad() {
        TestFiles.write(dir, "tiny/blob.bin", "something else entirely, 42 bytes long!!!".getBytes(StandardCharsets.US_ASCII));
        DataStore store = cache(dir, manifest(row("tiny", "blob.bin", url("/blob"), BLOB)));
        String m = assertThrows(DataException.class, () -> store.file("tiny", "blob.bin")).getMessage();
        assertMessage(m, dir.resolve("tiny/blob.bin").toString(), "Delete it");
        assertEquals(0, requests.get());
    }

    @Test
    void localFolderAcceptsBothLayoutsAndNeverDownloads() {
        DataManifest m = manifest(row("tiny", "a.bin", url("/blob"), BLOB), row("tiny", "b.bin", url("/blob"), BLOB));
        Path a = TestFiles.write(dir, "tiny/a.bin", BLOB);
        Path b = TestFiles.write(dir, "b.bin", BLOB);
        DataStore store = DataStore.localFolder(dir, m);
        assertEquals(a, store.file("tiny", "a.bin"));
        assertEquals(b, store.file("tiny", "b.bin"));
        Path empty = dir.resolve("empty");
        String msg = assertThrows(DataException.class, () -> DataStore.localFolder(empty, m).file("tiny", "a.bin"))
                .getMessage();
        assertMessage(msg, empty.resolve("tiny/a.bin").toString(), empty.resolve("a.bin").toString(), "LATENT_DATA",
                "tiny/a.bin, tiny/b.bin");
        assertEquals(0, requests.get());
    }

    @Test
    void localFolderChecksSizeAndMd5() {
        byte[] other = BLOB.clone();
        other[3] = '!';
        TestFiles.write(dir, "tiny/a.bin", other);
        TestFiles.write(dir, "tiny/short.bin", new byte[3]);
        DataStore store = DataStore.localFolder(dir, manifest(row("tiny", "a.bin", url("/blob"), BLOB),
                row("tiny", "short.bin", url("/blob"), BLOB)));
        String m = assertThrows(DataException.class, () -> store.file("tiny", "a.bin")).getMessage();
        assertMessage(m, dir.resolve("tiny/a.bin").toString(), "checksum mismatch", md5(other), md5(BLOB));
        m = assertThrows(DataException.class, () -> store.file("tiny", "short.bin")).getMessage();
        assertMessage(m, "short.bin", "is 3 bytes", BLOB.length + " bytes");
    }

    @Test
    void loadsIdxAndMatDataSetsThroughTheManifest() {
        byte[] trainImages = TestFiles.gzip(TestFiles.idx(0x08, new int[] {2, 2, 3}, new byte[] {0, 1, 2, 3, 4, 5,
            6, 7, 8, 9, 10, (byte) 255}));
        byte[] trainLabels = TestFiles.gzip(TestFiles.idx(0x08, new int[] {2}, new byte[] {5, 0}));
        byte[] testImages = TestFiles.gzip(TestFiles.idx(0x08, new int[] {1, 2, 3}, new byte[6]));
        byte[] testLabels = TestFiles.gzip(TestFiles.idx(0x08, new int[] {1}, new byte[] {7}));
        double[] faces = new double[560 * 2];
        for (int i = 0; i < faces.length; i++) {
            faces[i] = i % 256;
        }
        MatBuilder le = new MatBuilder(ByteOrder.LITTLE_ENDIAN);
        byte[] mat = le.file(le.compressed(le.matrix(9, new int[] {560, 2}, "ff", MatBuilder.MI_UINT8, faces, true)));
        byte[][] contents = {trainImages, trainLabels, testImages, testLabels, mat};
        String[] names = {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
            "t10k-labels-idx1-ubyte.gz", "frey_rawface.mat"};
        String[] rows = new String[5];
        for (int k = 0; k < 5; k++) {
            String dataset = k < 4 ? "mnist" : "frey";
            TestFiles.write(dir, dataset + "/" + names[k], contents[k]);
            rows[k] = row(dataset, names[k], url("/blob"), contents[k]);
        }
        DataStore store = DataStore.localFolder(dir, manifest(rows));
        TrainTest mnist = store.mnist(PixelScale.BYTE);
        assertEquals("mnist-train", mnist.train().name());
        assertArrayEquals(new int[] {1, 2, 3}, mnist.train().shape());
        assertArrayEquals(new int[] {5, 0}, mnist.train().labels());
        assertEquals(255f, mnist.train().feature(1, 5));
        assertEquals(7, mnist.test().label(0));
        assertEquals(1f, store.mnist().train().feature(1, 5), "the default scale is [0, 1]");
        Dataset frey = store.frey(PixelScale.BYTE);
        assertEquals(2, frey.size());
        assertArrayEquals(new int[] {1, 28, 20}, frey.shape());
        assertEquals((560 + 21) % 256, frey.feature(1, 21), "face 1, row 1, column 1 is ff(21, 1)");
    }
}
