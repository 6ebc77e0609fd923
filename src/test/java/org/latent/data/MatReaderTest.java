package org.latent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.latent.data.IdxReaderTest.assertMessage;
import static org.latent.data.MatBuilder.*;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatReaderTest {
    @TempDir
    Path dir;

    private final MatBuilder le = new MatBuilder(ByteOrder.LITTLE_ENDIAN);
    private final MatBuilder be = new MatBuilder(ByteOrder.BIG_ENDIAN);

    /** A 2 x 3 matrix [[1, 2, 3], [4, 5, 6]] in MATLAB's column-major order. */
    private static final double[] COLUMN_MAJOR = {1, 4, 2, 5, 3, 6};

    @Test
    void readsUint8MatrixColumnMajorWithSmallName() {
        Path p = TestFiles.write(dir, "a.mat", le.file(le.matrix(9, new int[] {2, 3}, "ff", MI_UINT8, COLUMN_MAJOR, true)));
        MatArray a = MatReader.read(p, "ff");
        assertEquals(MatClass.UINT8, a.matClass());
        assertArrayEquals(new int[] {2, 3}, a.dims());
        assertEquals(3.0, a.get(0, 2));
        assertEquals(4.0, a.get(1, 0));
        assertArrayEquals(COLUMN_MAJOR, a.values());
    }

    @Test
    void readsBigEndianFiles() {
        double[] v = {-300, 2, 32767, -1, 0, 7};
        Path p = TestFiles.write(dir, "b.mat", be.file(be.matrix(10, new int[] {3, 2}, "sixteen", MI_INT16, v, false)));
        assertArrayEquals(v, MatReader.read(p, "sixteen").values());
    }

    @Test
    void readsEveryNumericClassIncludingNarrowerStorage() {
        double[] signed = {-128, -1, 0, 1, 100, 127};
        double[] big = {0, 1, 4e9, 65535, 70000, 3};
        byte[] file = le.file(
                le.matrix(8, new int[] {2, 3}, "i8", MI_INT8, signed, false),
                le.matrix(11, new int[] {2, 3}, "u16", MI_UINT16, new double[] {0, 1, 65535, 4, 5, 60000}, false),
                le.matrix(12, new int[] {2, 3}, "i32", MI_INT32, new double[] {-2e9, 1, 2, 3, 4, 2e9}, false),
                le.matrix(13, new int[] {2, 3}, "u32", MI_UINT32, big, false),
                le.matrix(7, new int[] {2, 3}, "sgl", MI_SINGLE, new double[] {0.5, -1.25, 3, 4, 5, 6}, false),
                le.matrix(6, new int[] {2, 3}, "dbl", MI_DOUBLE, new double[] {Math.PI, -1e-300, 0, 1, 2, 3}, false),
                // MATLAB stores doubles holding small integers as miUINT8 to save space.
                le.matrix(6, new int[] {2, 3}, "packed", MI_UINT8, new double[] {0, 200, 255, 3, 4, 5}, false));
        MatFile f = MatReader.read(TestFiles.write(dir, "all.mat", file));
        assertEquals(List.of("i8", "u16", "i32", "u32", "sgl", "dbl", "packed"), f.names());
        assertArrayEquals(signed, f.variable("i8").values());
        assertEquals(60000.0, f.variable("u16").get(5));
        assertEquals(-2e9, f.variable("i32").get(0));
        assertArrayEquals(big, f.variable("u32").values());
        assertEquals(-1.25, f.variable("sgl").get(1));
        assertEquals(Math.PI, f.variable("dbl").get(0));
        assertEquals(MatClass.DOUBLE, f.variable("packed").matClass());
        assertEquals(200.0, f.variable("packed").get(1));
    }

    @Test
    void readsCompressedElements() {
        byte[] matrix = be.matrix(9, new int[] {2, 3}, "ff", MI_UINT8, COLUMN_MAJOR, true);
        byte[] file = be.file(be.compressed(matrix), be.compressed(be.matrix(6, new int[] {1, 1}, "x", MI_DOUBLE,
                new double[] {2.5}, true)));
        MatFile f = MatReader.read(TestFiles.write(dir, "z.mat", file));
        assertArrayEquals(COLUMN_MAJOR, f.variable("ff").values());
        assertEquals(2.5, f.variable("x").get(0));
    }

    @Test
    void missingVariableListsTheNamesPresent() {
        Path p = TestFiles.write(dir, "names.mat", le.file(le.matrix(9, new int[] {1, 1}, "alpha", MI_UINT8,
                new double[] {1}, false), le.matrix(9, new int[] {1, 1}, "beta", MI_UINT8, new double[] {2}, false)));
        String m = assertThrows(DataException.class, () -> MatReader.read(p, "ff")).getMessage();
        assertMessage(m, p.toString(), "no variable named 'ff'", "alpha, beta");
    }

    @Test
    void unsupportedClassIsListedButNotRead() {
        byte[] chars = le.element(MI_UINT16, new byte[] {'h', 0, 'i', 0});
        Path p = TestFiles.write(dir, "char.mat", le.file(le.otherMatrix(4, "greeting", chars),
                le.matrix(9, new int[] {1, 1}, "n", MI_UINT8, new double[] {1}, true)));
        MatFile f = MatReader.read(p);
        assertEquals(List.of("greeting", "n"), f.names());
        String m = assertThrows(DataException.class, () -> f.variable("greeting")).getMessage();
        assertMessage(m, p.toString(), "'greeting'", "char");
    }

    @Test
    void truncatedFileNamesOffsetAndSizes() {
        byte[] full = le.file(le.matrix(9, new int[] {4, 4}, "ff", MI_UINT8, new double[16], true));
        Path p = TestFiles.write(dir, "cut.mat", Arrays.copyOf(full, full.length - 10));
        String m = assertThrows(DataException.class, () -> MatReader.read(p)).getMessage();
        assertMessage(m, p.toString(), "byte offset 128", "truncated", "declares " + (full.length - 136) + " bytes",
                "only " + (full.length - 146) + " remain");
    }

    @Test
    void truncatedHeader() {
        Path p = TestFiles.write(dir, "head.mat", Arrays.copyOf(le.file(), 100));
        String m = assertThrows(DataException.class, () -> MatReader.read(p)).getMessage();
        assertMessage(m, p.toString(), "byte offset 100", "truncated", "128-byte header");
    }

    @Test
    void badEndianIndicator() {
        byte[] file = le.file();
        file[126] = 'X';
        Path p = TestFiles.write(dir, "endian.mat", file);
        String m = assertThrows(DataException.class, () -> MatReader.read(p)).getMessage();
        assertMessage(m, p.toString(), "byte offset 126", "'IM' or 'MI'");
    }

    @Test
    void corruptCompressedElement() {
        byte[] z = le.compressed(le.matrix(9, new int[] {8, 8}, "ff", MI_UINT8, new double[64], true));
        for (int i = 10; i < z.length; i++) {
            z[i] = (byte) 0xff;
        }
        Path p = TestFiles.write(dir, "zbad.mat", le.file(z));
        String m = assertThrows(DataException.class, () -> MatReader.read(p)).getMessage();
        assertMessage(m, p.toString(), "byte offset 128", "corrupt miCOMPRESSED");
    }

    @Test
    void dataSizeDisagreeingWithDimensions() {
        Path p = TestFiles.write(dir, "dims.mat", le.file(le.matrix(9, new int[] {3, 3}, "ff", MI_UINT8, COLUMN_MAJOR,
                true)));
        String m = assertThrows(DataException.class, () -> MatReader.read(p)).getMessage();
        assertMessage(m, p.toString(), "byte offset 176", "has 6 bytes", "[3, 3]", "need 9");
    }
}
