package org.latent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.latent.data.DataAsserts.assertDataError;
import static org.latent.data.NpyFiles.bytes;
import static org.latent.data.NpyFiles.floats;
import static org.latent.data.NpyFiles.longs;
import static org.latent.data.NpyFiles.members;
import static org.latent.data.NpyFiles.npy;
import static org.latent.data.NpyFiles.npz;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NumpyDatasetsTest {
    @TempDir
    Path dir;

    /** Three 2 x 2 images. */
    private static final byte[] PIXELS = bytes(0, 1, 2, 3, 128, 129, 254, 255, 7, 70, 170, 200);

    private Path write(String name, byte[] content) {
        return TestFiles.write(dir, name, content);
    }

    @Test
    void uint8ImagesAndLabelsFromNpyMatchTheIdxPath() {
        Path x = write("x.npy", npy(1, "|u1", "(3, 2, 2)", PIXELS));
        Path y = write("y.npy", npy(1, "|u1", "(3,)", bytes(9, 0, 4)));
        for (PixelScale scale : PixelScale.values()) {
            Dataset d = NumpyDatasets.loadNpy("npy", x, y, scale);
            Dataset expected = Dataset.fromBytes("idx", PIXELS, new int[] {9, 0, 4}, scale, 1, 2, 2);
            assertArrayEquals(new int[] {1, 2, 2}, d.shape());
            assertArrayEquals(expected.featuresCopy(), d.featuresCopy());
            assertArrayEquals(new int[] {9, 0, 4}, d.labels());
        }
        assertFalse(NumpyDatasets.loadNpy("u", x, null, PixelScale.UNIT).hasLabels());
    }

    @Test
    void float32NchwAndInt64LabelsFromNpzAreUsedAsTheyAre() {
        float[] v = new float[2 * 3 * 1 * 2];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 0.5f - 3f;
        }
        for (boolean deflated : new boolean[] {false, true}) {
            Path p = write("a" + deflated + ".npz", npz(deflated, members(
                    "x.npy", npy(2, "<f4", "(2, 3, 1, 2)", floats(v)),
                    "y.npy", npy(1, "<i8", "(2,)", longs(5, 1)))));
            Dataset d = NumpyDatasets.loadNpz("npz", p, null, null, PixelScale.SYMMETRIC);
            assertArrayEquals(new int[] {3, 1, 2}, d.shape());
            assertArrayEquals(v, d.featuresCopy());
            assertArrayEquals(new int[] {5, 1}, d.labels());
        }
    }

    @Test
    void memberNamesDefaultsAndLabelShapes() {
        Path p = write("n.npz", npz(true, members(
                "images.npy", npy(1, "|u1", "(3, 4)", PIXELS),
                "labels.npy", npy(1, "<i4", "(3, 1)", NpyFiles.ints(1, 2, 3)),
                "other.npy", npy(1, "<i4", "(3,)", NpyFiles.ints(7, 8, 9)))));
        Dataset d = NumpyDatasets.loadNpz("n", p, null, null, PixelScale.BYTE);
        assertArrayEquals(new int[] {4}, d.shape());
        assertEquals(255f, d.feature(1, 3));
        assertArrayEquals(new int[] {1, 2, 3}, d.labels());
        assertArrayEquals(new int[] {7, 8, 9}, NumpyDatasets.loadNpz("n", p, "images.npy", "other", PixelScale.BYTE)
                .labels());
        Path unlabelled = write("u.npz", npz(false, members("x.npy", npy(1, "|u1", "(3, 4)", PIXELS))));
        assertFalse(NumpyDatasets.loadNpz("u", unlabelled, null, null, PixelScale.UNIT).hasLabels());
    }

    @Test
    void estimateComesFromHeadersAlone() {
        // No data at all: only the headers are read.
        Path x = write("big.npy", npy(1, "|u1", "(60000, 28, 28)", new byte[0]));
        Path y = write("bigy.npy", npy(1, "|u1", "(60000,)", new byte[0]));
        assertEquals(60000L * 784 * 4 + 60000L * 4, NumpyDatasets.estimateNpyBytes(x, y));
        assertEquals(60000L * 784 * 4, NumpyDatasets.estimateNpyBytes(x, null));
        Path p = write("big.npz", npz(true, members("x.npy", npy(1, "<f4", "(10, 3, 32, 32)", new byte[0]))));
        assertEquals(10L * 3 * 32 * 32 * 4, NumpyDatasets.estimateNpzBytes(p, null, null));
    }

    @Test
    void wrongImageDtype() {
        Path x = write("x.npy", npy(1, "<i8", "(1, 2)", longs(1, 2)));
        assertDataError(() -> NumpyDatasets.loadNpy("d", x, null, PixelScale.UNIT), x.toString(),
                "wrong dtype for images: '<i8' (int64)", "'|u1' (uint8) or '<f4' (float32)");
    }

    @Test
    void wrongLabelDtype() {
        Path x = write("x.npy", npy(1, "|u1", "(1, 2)", bytes(1, 2)));
        Path y = write("y.npy", npy(1, "<f4", "(1,)", floats(1)));
        assertDataError(() -> NumpyDatasets.loadNpy("d", x, y, PixelScale.UNIT), y.toString(),
                "wrong dtype for labels: '<f4' (float32)", "'|u1' (uint8), '<i4' (int32) or '<i8' (int64)");
    }

    @Test
    void labelCountDiffersFromImageCount() {
        Path p = write("c.npz", npz(true, members(
                "x.npy", npy(1, "|u1", "(3, 2, 2)", PIXELS),
                "y.npy", npy(1, "|u1", "(2,)", bytes(0, 1)))));
        assertDataError(() -> NumpyDatasets.loadNpz("d", p, null, null, PixelScale.UNIT),
                "label count differs from the image count", p + ", member 'x.npy' holds 3 images",
                p + ", member 'y.npy' holds 2 labels");
    }

    @Test
    void labelOutOfRange() {
        Path x = write("x.npy", npy(1, "|u1", "(3, 2, 2)", PIXELS));
        Path neg = write("neg.npy", npy(1, "<i8", "(3,)", longs(0, -1, 2)));
        assertDataError(() -> NumpyDatasets.loadNpy("d", x, neg, PixelScale.UNIT), neg.toString(), "label 1 is -1",
                "out of range");
        Path big = write("big.npy", npy(1, "<i8", "(3,)", longs(0, 1, 1L << 40)));
        assertDataError(() -> NumpyDatasets.loadNpy("d", x, big, PixelScale.UNIT), big.toString(),
                "label 2 is 1099511627776", "out of range");
    }

    @Test
    void imageAndLabelShapesAreChecked() {
        Path nhwc = write("nhwc.npy", npy(1, "|u1", "(1, 2, 2, 3)", PIXELS));
        assertDataError(() -> NumpyDatasets.loadNpy("d", nhwc, null, PixelScale.UNIT), nhwc.toString(),
                "channels-last", "x.transpose(0, 3, 1, 2)");
        Path flat = write("flat.npy", npy(1, "|u1", "(12,)", PIXELS));
        assertDataError(() -> NumpyDatasets.loadNpy("d", flat, null, PixelScale.UNIT), flat.toString(),
                "images must have shape (n, d), (n, h, w) or (n, c, h, w); found (12,)");
        Path none = write("none.npy", npy(1, "|u1", "(0, 2, 2)", new byte[0]));
        assertDataError(() -> NumpyDatasets.loadNpy("d", none, null, PixelScale.UNIT), none.toString(), "no examples");
        Path x = write("x.npy", npy(1, "|u1", "(3, 2, 2)", PIXELS));
        Path y2 = write("y2.npy", npy(1, "|u1", "(3, 2)", new byte[6]));
        assertDataError(() -> NumpyDatasets.loadNpy("d", x, y2, PixelScale.UNIT), y2.toString(),
                "labels must have shape (n,) or (n, 1); found (3, 2)");
    }

    @Test
    void missingImagesMemberListsTheMembers() {
        Path p = write("m.npz", npz(true, members("a.npy", npy(1, "|u1", "(1, 1)", bytes(1)))));
        assertDataError(() -> NumpyDatasets.loadNpz("d", p, null, null, PixelScale.UNIT), p.toString(),
                "no images member", "'x', 'images'", "the archive holds 'a.npy'");
        assertDataError(() -> NumpyDatasets.loadNpz("d", p, "a", "y", PixelScale.UNIT), p.toString(),
                "no member 'y' (or 'y.npy')", "the archive holds 'a.npy'");
    }

    @Test
    void nonFiniteFloatImagesAreRefused() {
        Path x = write("nan.npy", npy(1, "<f4", "(2, 2)", floats(0, 1, 2, Float.NaN)));
        assertDataError(() -> NumpyDatasets.loadNpy("d", x, null, PixelScale.UNIT), x.toString(), "must be finite",
                "element 3 (value 1 of example 1) is NaN");
    }

    @Test
    void aDataSetTooLargeForTheHeapIsRefusedNotAllocated() {
        // 2e9 floats (8 GB) promised by a tiny file: either the heap check or the size check refuses.
        Path x = write("huge.npy", npy(1, "<f4", "(2000000000, 1)", floats(1)));
        String m = assertDataError(() -> NumpyDatasets.loadNpy("d", x, null, PixelScale.UNIT), x.toString());
        assertTrue(m.contains("-Xmx") || m.contains("only 4 are present"), m);
    }
}
