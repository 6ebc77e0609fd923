package org.latent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.latent.data.IdxReaderTest.assertMessage;

import java.nio.FloatBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {
    @TempDir
    Path dir;

    /** 5 examples of shape [1, 1, 3]: example i holds 10i, 10i+1, 10i+2; labels 4 - i. */
    private static Dataset five() {
        float[] f = new float[15];
        for (int i = 0; i < 15; i++) {
            f[i] = 10 * (i / 3) + i % 3;
        }
        return Dataset.of("five", f, new int[] {4, 3, 2, 1, 0}, 1, 1, 3);
    }

    @Test
    void bytesAreScaledToTheChosenRange() {
        byte[] px = {0, (byte) 51, (byte) 255, (byte) 128};
        assertArrayEquals(new float[] {0, 51, 255, 128}, Dataset.fromBytes("b", px, null, PixelScale.BYTE, 2).featuresCopy());
        assertArrayEquals(new float[] {0, 0.2f, 1, 128 / 255f}, Dataset.fromBytes("u", px, null, PixelScale.UNIT, 2).featuresCopy());
        float[] s = Dataset.fromBytes("s", px, null, PixelScale.SYMMETRIC, 2).featuresCopy();
        assertEquals(-1f, s[0]);
        assertEquals(1f, s[2]);
        assertEquals(128 / 127.5f - 1, s[3], 1e-7);
    }

    @Test
    void rangeIsAViewWithItsOwnIndexing() {
        Dataset r = five().range(1, 4);
        assertEquals(3, r.size());
        assertEquals(10f, r.feature(0, 0));
        assertEquals(32f, r.feature(2, 2));
        assertArrayEquals(new int[] {3, 2, 1}, r.labels());
        Dataset rr = r.range(1, 3);
        assertArrayEquals(new float[] {20, 21, 22, 30, 31, 32}, rr.featuresCopy());
        FloatBuffer view = rr.features();
        assertEquals(6, view.remaining());
        assertEquals(20f, view.get(0));
        assertThrows(ReadOnlyBufferException.class, () -> view.put(0, 1f));
        assertThrows(IndexOutOfBoundsException.class, () -> r.range(2, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> r.label(3));
    }

    @Test
    void subsetCopiesChosenExamplesInOrder() {
        Dataset s = five().subset(new int[] {4, 0, 4});
        assertArrayEquals(new float[] {40, 41, 42, 0, 1, 2, 40, 41, 42}, s.featuresCopy());
        assertArrayEquals(new int[] {0, 4, 0}, s.labels());
        assertArrayEquals(new int[] {1, 1, 3}, s.shape());
        assertThrows(IndexOutOfBoundsException.class, () -> five().subset(new int[] {5}));
    }

    @Test
    void oneHotLabels() {
        float[] h = five().range(0, 2).oneHotLabels(5);
        assertArrayEquals(new float[] {0, 0, 0, 0, 1, 0, 0, 0, 1, 0}, h);
        String m = assertThrows(IllegalArgumentException.class, () -> five().oneHotLabels(4)).getMessage();
        assertMessage(m, "label 4", "0..3");
    }

    @Test
    void isImmutable() {
        float[] f = {1, 2};
        int[] l = {7};
        Dataset d = Dataset.of("d", f, l, 2);
        f[0] = 99;
        l[0] = 99;
        d.labels()[0] = 5;
        d.featuresCopy()[0] = 5;
        assertEquals(1f, d.feature(0, 0));
        assertEquals(7, d.label(0));
    }

    @Test
    void unlabelledSets() {
        Dataset d = Dataset.of("d", new float[4], null, 2);
        assertFalse(d.hasLabels());
        assertThrows(IllegalStateException.class, d::labels);
        assertEquals(2, d.subset(new int[] {1, 0}).size());
    }

    @Test
    void inconsistentCountsAreRejected() {
        String m = assertThrows(IllegalArgumentException.class, () -> Dataset.of("d", new float[6], new int[3], 3, 1))
                .getMessage();
        assertMessage(m, "data set d", "2 examples but 3 labels");
        m = assertThrows(IllegalArgumentException.class, () -> Dataset.of("d", new float[7], null, 3)).getMessage();
        assertMessage(m, "7 feature values", "[3]");
        assertThrows(IllegalArgumentException.class, () -> Dataset.of("d", new float[6], null, 0, 3));
    }

    @Test
    void idxPairLoadsImagesAndLabels() {
        byte[] px = new byte[3 * 2 * 2];
        px[5] = (byte) 255;
        Path images = TestFiles.write(dir, "img.gz", TestFiles.gzip(TestFiles.idx(0x08, new int[] {3, 2, 2}, px)));
        Path labels = TestFiles.write(dir, "lab", TestFiles.idx(0x08, new int[] {3}, new byte[] {9, 0, (byte) 200}));
        Dataset d = IdxDatasets.load("tiny", images, labels, PixelScale.UNIT);
        assertArrayEquals(new int[] {1, 2, 2}, d.shape());
        assertArrayEquals(new int[] {9, 0, 200}, d.labels());
        assertEquals(1f, d.feature(1, 1));
    }

    @Test
    void idxPairWithDifferentCountsNamesBothFilesAndCounts() {
        Path images = TestFiles.write(dir, "images.idx", TestFiles.idx(0x08, new int[] {3, 2, 2}, new byte[12]));
        Path labels = TestFiles.write(dir, "labels.idx", TestFiles.idx(0x08, new int[] {4}, new byte[4]));
        String m = assertThrows(DataException.class, () -> IdxDatasets.load("tiny", images, labels, PixelScale.UNIT))
                .getMessage();
        assertMessage(m, images.toString(), "3 images", labels.toString(), "4 labels");
    }

    @Test
    void idxPairRejectsWrongRankOrType() {
        Path images = TestFiles.write(dir, "flat.idx", TestFiles.idx(0x08, new int[] {12}, new byte[12]));
        Path labels = TestFiles.write(dir, "labels.idx", TestFiles.idx(0x08, new int[] {12}, new byte[12]));
        String m = assertThrows(DataException.class, () -> IdxDatasets.load("x", images, labels, PixelScale.UNIT))
                .getMessage();
        assertMessage(m, images.toString(), "rank 3");
    }
}
