package org.latent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The real data sets, from the shared copies beside the repository; skipped where they are absent (CI). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealDataTest {
    private DataStore store;
    private TrainTest mnist;

    @BeforeAll
    void load() {
        TestFiles.assumeSharedData();
        store = DataStore.localFolder(TestFiles.SHARED_DATA);
        mnist = store.mnist();
    }

    @Test
    void everyManifestFilePassesItsSizeAndMd5Check() {
        for (DataManifest.Entry e : DataManifest.standard().entries()) {
            Path p = store.file(e.dataset(), e.file());
            assertEquals(TestFiles.SHARED_DATA.resolve(e.path()), p);
        }
    }

    @Test
    void mnistHasTheKnownShapeAndLabels() {
        Dataset train = mnist.train();
        assertEquals(60_000, train.size());
        assertEquals(784, train.exampleSize());
        assertArrayEquals(new int[] {1, 28, 28}, train.shape());
        assertEquals(10_000, mnist.test().size());
        assertEquals(5, train.label(0));
        assertEquals(6742, countLabel(train, 1));
        assertEquals(1135, countLabel(mnist.test(), 1));
        for (int l : train.labels()) {
            assertTrue(l >= 0 && l <= 9, "label " + l);
        }
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : train.featuresCopy()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
    }

    @Test
    void decompressedTrainImagesHaveThePublishedMd5() throws NoSuchAlgorithmException {
        IdxArray images = IdxReader.read(TestFiles.SHARED_DATA.resolve("mnist/train-images-idx3-ubyte.gz"));
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        md5.update(ByteBuffer.allocate(16).putInt(0x803).putInt(60_000).putInt(28).putInt(28).array());
        md5.update(images.unsignedBytes());
        assertEquals("6bbc9ace898e44ae57da46a324031adb", HexFormat.of().formatHex(md5.digest()));
    }

    @Test
    void tensorflowSplitOfMnist() {
        Split s = Splits.tensorflowMnist(mnist);
        assertEquals(55_000, s.train().size());
        assertEquals(5_000, s.validation().size());
        assertEquals(mnist.train().label(55_000), s.validation().label(0));
        assertEquals(mnist.train().feature(59_999, 400), s.validation().feature(4_999, 400));
        assertEquals(10_000, s.test().size());
    }

    @Test
    void fashionMnistFirstLabelIsAnAnkleBoot() {
        TrainTest fashion = store.fashionMnist();
        assertEquals(60_000, fashion.train().size());
        assertEquals(10_000, fashion.test().size());
        assertEquals(9, fashion.train().label(0));
        assertEquals(6_000, countLabel(fashion.train(), 3));
    }

    @Test
    void freyFacesAreThe28By20ColumnsOfFf() throws IOException {
        Dataset faces = store.frey(PixelScale.BYTE);
        assertEquals(1965, faces.size());
        assertArrayEquals(new int[] {1, 28, 20}, faces.shape());

        // The file stores ff uncompressed: its uint8 real part starts at byte 184 after an 8-byte tag.
        byte[] raw = Files.readAllBytes(TestFiles.SHARED_DATA.resolve("frey/frey_rawface.mat"));
        ByteBuffer tag = ByteBuffer.wrap(raw, 176, 8).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(2, tag.getInt(), "miUINT8");
        assertEquals(560 * 1965, tag.getInt());
        double sum = 0;
        float[] all = faces.featuresCopy();
        for (int i = 0; i < all.length; i++) {
            if (all[i] != (raw[184 + i] & 0xff)) {
                assertEquals(raw[184 + i] & 0xff, all[i], "pixel " + i);
            }
            sum += all[i];
        }
        double mean = sum / all.length;
        assertTrue(mean > 100 && mean < 200, "mean pixel " + mean);

        // Rows are 20 pixels wide: a pixel is close to the one below it (20 on), far from the one 28 on.
        double below = 0;
        double skewed = 0;
        for (int i = 0; i < faces.size(); i++) {
            for (int j = 0; j + 28 < 560; j++) {
                below += Math.abs(faces.feature(i, j) - faces.feature(i, j + 20));
                skewed += Math.abs(faces.feature(i, j) - faces.feature(i, j + 28));
            }
        }
        assertTrue(below < 0.6 * skewed, "vertical neighbours differ by " + below + " vs " + skewed);
    }

    private static int countLabel(Dataset d, int label) {
        int n = 0;
        for (int l : d.labels()) {
            n += l == label ? 1 : 0;
        }
        return n;
    }
}
