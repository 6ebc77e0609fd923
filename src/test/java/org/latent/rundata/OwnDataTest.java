package org.latent.rundata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.latent.data.NpyFiles.bytes;
import static org.latent.data.NpyFiles.floats;
import static org.latent.data.NpyFiles.members;
import static org.latent.data.NpyFiles.npy;
import static org.latent.data.NpyFiles.npz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latent.config.ConfigException;
import org.latent.config.DataConfig;
import org.latent.config.ImagesConfig;
import org.latent.config.NumpyConfig;
import org.latent.data.DataException;
import org.latent.data.ImageFolderFixtures;

/**
 * One's own data as a run sees it: image folders and NumPy files cut into training, validation and
 * test sets, example shapes read from headers alone, and the refusals (mismatched test sets, a
 * heap too small for the training and test sets together).
 */
class OwnDataTest {
    /** Ten 2 x 3 grey images; pixel p of image i is 10 i + p. */
    private static byte[] tenImages() {
        byte[] b = new byte[10 * 6];
        for (int i = 0; i < 10; i++) for (int p = 0; p < 6; p++) b[i * 6 + p] = (byte) (10 * i + p);
        return b;
    }

    /** The first pixel of each example of the set, as the byte it was (unit scale: v * 255). */
    private static int[] firstPixels(Examples e) {
        int[] out = new int[e.count()];
        for (int i = 0; i < e.count(); i++) out[i] = Math.round(e.input()[i * e.size()] * 255);
        return out;
    }

    private static void assertMessage(String m, String... parts) {
        for (String p : parts) assertTrue(m.contains(p), () -> "message lacks '" + p + "': " + m);
    }

    @Test
    void aFlatFolderHoldsOutTestThenValidationFromTheEndAndLimitsTraining(@TempDir Path dir) {
        Path folder = ImageFolderFixtures.writePngFolder(dir.resolve("grey"), tenImages(), null, 2, 3);
        DataConfig c = DataConfig.of(ImagesConfig.of(folder.toString(), 1)).withTest(3).withValidation(2);
        RunData d = RunData.load(c, 1, null);
        assertArrayEquals(new int[] {1, 2, 3}, d.exampleShape());
        assertArrayEquals(new int[] {0, 10, 20, 30, 40}, firstPixels(d.train()), "images 0-4 train");
        assertArrayEquals(new int[] {50, 60}, firstPixels(d.validation()), "5-6 validate");
        assertArrayEquals(new int[] {70, 80, 90}, firstPixels(d.test()), "7-9 test");
        assertEquals(73 / 255f, d.test().input()[3], "pixel 3 of image 7 is 73, scaled to [0, 1]");
        assertNull(d.train().labels());
        assertEquals("grey-train", d.train().name());

        RunData limited = RunData.load(c.withLimit(3), 1, null);
        assertArrayEquals(new int[] {0, 10, 20}, firstPixels(limited.train()));
        assertArrayEquals(new int[] {50, 60}, firstPixels(limited.validation()), "the limit keeps the validation set");
        assertArrayEquals(new int[] {70, 80, 90}, firstPixels(limited.test()), "a held-out test set is not limited (as Frey's)");

        RunData symmetric = RunData.load(c.withScale("symmetric"), 1, null);
        assertEquals(73 / 127.5f - 1f, symmetric.test().input()[3]);

        assertMessage(assertThrows(ConfigException.class, () -> RunData.load(c.withValidation(7), 1, null)).getMessage(),
                "data.validation, data.test", "holding out 7 validation and 3 test examples leaves no training examples of the 10");
    }

    @Test
    void aSeparateTestFolderIsLimitedLikeMnistsAndMustMatchTheTrainingFolder(@TempDir Path dir) {
        int[] labels = {0, 1, 0, 1, 0, 1, 0, 1, 0, 1};
        Path train = ImageFolderFixtures.writePngFolder(dir.resolve("train"), tenImages(), labels, 2, 3);
        Path test = ImageFolderFixtures.writePngFolder(dir.resolve("test"), tenImages(), labels, 2, 3);
        DataConfig c = DataConfig.of(ImagesConfig.of(train.toString(), 1).withTestPath(test.toString())).withValidation(2);
        RunData d = RunData.load(c, 1, null);
        // Class by class: class 0 holds images 0, 2, 4, 6, 8, class 1 the odd ones.
        assertArrayEquals(new int[] {0, 20, 40, 60, 80, 10, 30, 50}, firstPixels(d.train()));
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 1, 1, 1}, d.train().labels());
        assertArrayEquals(new int[] {70, 90}, firstPixels(d.validation()));
        assertEquals(10, d.test().count());
        RunData limited = RunData.load(c.withLimit(4), 1, null);
        assertArrayEquals(new int[] {0, 20, 40, 60}, firstPixels(limited.train()));
        assertArrayEquals(new int[] {0, 20, 40, 60}, firstPixels(limited.test()), "the test set's first 4 examples");

        Path flat = ImageFolderFixtures.writePngFolder(dir.resolve("flat"), tenImages(), null, 2, 3);
        assertMessage(assertThrows(DataException.class, () -> RunData.load(
                DataConfig.of(ImagesConfig.of(train.toString(), 1).withTestPath(flat.toString())), 1, null)).getMessage(),
                "flat", "labelled", "the same kind");
        int[] three = {0, 1, 2, 0, 1, 2, 0, 1, 2, 0};
        Path other = ImageFolderFixtures.writePngFolder(dir.resolve("other"), tenImages(), three, 2, 3);
        assertMessage(assertThrows(DataException.class, () -> RunData.load(
                DataConfig.of(ImagesConfig.of(train.toString(), 1).withTestPath(other.toString())), 1, null)).getMessage(),
                "classes [0, 1, 2] differ from the training folder's [0, 1]");
        byte[] wider = new byte[4 * 8];
        Path big = ImageFolderFixtures.writePngFolder(dir.resolve("big"), wider, new int[] {0, 1, 0, 1}, 2, 4);
        assertMessage(assertThrows(DataException.class, () -> RunData.load(
                DataConfig.of(ImagesConfig.of(train.toString(), 1).withTestPath(big.toString())), 1, null)).getMessage(),
                "[1, 2, 4] differ from the training examples' [1, 2, 3]");
    }

    @Test
    void rgbImagesBecomeThreePlanesAndTheShapeComesFromTheFirstHeader(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("rgb");
        // 2 x 1 images (width 2): pixel 0 is (r, g, b) = (255, 0, 51), pixel 1 (0, 102, 255).
        for (int i = 0; i < 3; i++) {
            ImageFolderFixtures.write(ImageFolderFixtures.rgb(2, 1, new int[] {0xff0033, 0x0066ff}), "png",
                    folder.resolve("img" + i + ".png"));
        }
        DataConfig c = DataConfig.of(ImagesConfig.of(folder.toString(), 3));
        assertArrayEquals(new int[] {3, 1, 2}, RunData.exampleShape(c));
        RunData d = RunData.load(c, 1, null);
        assertEquals(3, d.channels());
        assertEquals(6, d.train().size());
        assertArrayEquals(new float[] {1f, 0f, 0f, 102 / 255f, 51 / 255f, 1f}, Arrays.copyOf(d.train().input(), 6),
                "planes R, G, B of image 0");
        assertArrayEquals(new int[] {1, 1, 2}, RunData.exampleShape(DataConfig.of(ImagesConfig.of(folder.toString(), 1))));
        assertArrayEquals(new int[] {3, 8, 6}, RunData.exampleShape(DataConfig.of(ImagesConfig.of(folder.toString(), 3)
                .withSize(8, 6, "resize"))), "with a fit, the configured size");

        // The shape comes from the listing and the first image's header: a corrupt second image
        // does not stop it, but loading names that file.
        Files.write(folder.resolve("img1.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
        assertArrayEquals(new int[] {3, 1, 2}, RunData.exampleShape(c));
        assertMessage(assertThrows(DataException.class, () -> RunData.load(c, 1, null)).getMessage(), "img1.png");
    }

    @Test
    void npyImagesAndLabelsWithASeparateTestFile(@TempDir Path dir) throws IOException {
        Path x = Files.write(dir.resolve("x.npy"), npy(1, "|u1", "(4, 1, 2)", bytes(0, 255, 51, 102, 1, 2, 3, 4)));
        Path y = Files.write(dir.resolve("y.npy"), npy(1, "|u1", "(4,)", bytes(3, 1, 4, 1)));
        Path tx = Files.write(dir.resolve("tx.npy"), npy(1, "|u1", "(2, 1, 2)", bytes(9, 9, 8, 8)));
        Path ty = Files.write(dir.resolve("ty.npy"), npy(1, "|u1", "(2,)", bytes(5, 9)));
        DataConfig c = DataConfig.of(NumpyConfig.npy(x.toString(), y.toString()).withTest(tx.toString(), ty.toString()))
                .withValidation(1);
        assertArrayEquals(new int[] {1, 1, 2}, RunData.exampleShape(c));
        RunData d = RunData.load(c, 1, null);
        assertArrayEquals(new float[] {0f, 1f, 51 / 255f, 102 / 255f, 1 / 255f, 2 / 255f}, d.train().input());
        assertArrayEquals(new int[] {3, 1, 4}, d.train().labels());
        assertArrayEquals(new int[] {1}, d.validation().labels());
        assertArrayEquals(new int[] {5, 9}, d.test().labels());
        assertEquals("x-test", d.test().name());

        Path unlabelledTest = Files.write(dir.resolve("u.npy"), npy(1, "|u1", "(2, 1, 2)", bytes(9, 9, 8, 8)));
        assertMessage(assertThrows(DataException.class, () -> RunData.load(DataConfig.of(
                NumpyConfig.npy(x.toString(), y.toString()).withTest(unlabelledTest.toString(), null)), 1, null)).getMessage(),
                "the test set is not labelled but the training set");
    }

    @Test
    void npzMembersAndFloatImagesUsedAsTheyAre(@TempDir Path dir) throws IOException {
        Path f = Files.write(dir.resolve("d.npz"), npz(true, members(
                "pixels.npy", npy(1, "<f4", "(3, 2)", floats(0.5f, -2f, 3f, 4f, 5f, 6f)),
                "classes.npy", npy(1, "|u1", "(3,)", bytes(2, 0, 1)))));
        DataConfig c = DataConfig.of(NumpyConfig.npz(f.toString()).withMembers("pixels", "classes")).withTest(1);
        assertArrayEquals(new int[] {2}, RunData.exampleShape(c), "flat (n, d) examples");
        RunData d = RunData.load(c, 1, null);
        assertArrayEquals(new float[] {0.5f, -2f, 3f, 4f}, d.train().input(), "float32 values are not rescaled");
        assertArrayEquals(new int[] {1}, d.test().labels());
        assertEquals(1, d.height());
        assertEquals(1, d.channels());
    }

    @Test
    void theHeaderIsEnoughForTheShapeAndTheHeapIsCheckedForTrainingAndTestTogether(@TempDir Path dir) throws IOException {
        // Headers that promise far more data than the files hold: the shape comes from the header,
        // and loading is refused before anything is read or allocated.
        // Each set alone (1.9e9 floats, 7.8 GB) is below the reader's element limit; together they are 15.6 GB.
        Path x = Files.write(dir.resolve("x.npy"), npy(1, "|u1", "(20000, 3, 180, 180)", new byte[16]));
        Path huge = Files.write(dir.resolve("huge.npy"), npy(1, "|u1", "(20000, 3, 180, 180)", new byte[16]));
        DataConfig c = DataConfig.of(NumpyConfig.npy(x.toString(), null).withTest(huge.toString(), null));
        assertArrayEquals(new int[] {3, 180, 180}, RunData.exampleShape(c));
        assumeTrue(Runtime.getRuntime().maxMemory() < 15_000_000_000L, "a heap of 15 GB or more would hold them");
        String m = assertThrows(DataException.class, () -> RunData.load(c, 1, null)).getMessage();
        assertMessage(m, x + " and " + huge, "needs about", "-Xmx");
    }
}
