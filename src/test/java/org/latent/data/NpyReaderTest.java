package org.latent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.latent.data.DataAsserts.assertDataError;
import static org.latent.data.NpyFiles.bytes;
import static org.latent.data.NpyFiles.floats;
import static org.latent.data.NpyFiles.npy;
import static org.latent.data.NpyFiles.npyWithDict;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, byte[] content) {
        return TestFiles.write(dir, name, content);
    }

    @Test
    void readsUint8VersionOne() {
        Path p = write("a.npy", npy(1, "|u1", "(2, 3)", bytes(0, 1, 2, 127, 128, 255)));
        NpyArray a = NpyReader.read(p);
        assertEquals(NpyDtype.UINT8, a.dtype());
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertArrayEquals(bytes(0, 1, 2, 127, 128, 255), a.unsignedBytes());
        assertEquals(255, a.integer(5));
        assertEquals(128, a.header().dataOffset());  // padded to a multiple of 64, as NumPy writes
    }

    @Test
    void readsFloat32VersionTwoAndThree() {
        float[] v = {-1.5f, 0f, 0.25f, 3e-7f, Float.MAX_VALUE, 1f};
        for (int major : new int[] {2, 3}) {
            Path p = write("f" + major + ".npy", npy(major, "<f4", "(3, 1, 2)", floats(v)));
            NpyArray a = NpyReader.read(p);
            assertEquals(NpyDtype.FLOAT32, a.dtype());
            assertArrayEquals(new int[] {3, 1, 2}, a.shape());
            assertArrayEquals(v, a.floats());
        }
    }

    @Test
    void readsIntegerTypesAndAnyRank() {
        NpyArray i4 = NpyReader.read(write("i4.npy", npy(1, "<i4", "(3,)", NpyFiles.ints(-7, 0, 1 << 30))));
        assertEquals(NpyDtype.INT32, i4.dtype());
        assertEquals(-7, i4.integer(0));
        assertEquals(1 << 30, i4.integer(2));
        NpyArray i8 = NpyReader.read(write("i8.npy", npy(1, "<i8", "(1, 1, 2, 1)", NpyFiles.longs(1L << 40, 9))));
        assertArrayEquals(new int[] {1, 1, 2, 1}, i8.shape());
        assertEquals(1L << 40, i8.integer(0));
        NpyArray scalar = NpyReader.read(write("s.npy", npy(1, "<f4", "()", floats(2.5f))));
        assertArrayEquals(new int[0], scalar.shape());
        assertEquals(2.5f, scalar.floats()[0]);
        NpyArray empty = NpyReader.read(write("e.npy", npy(1, "<f4", "(0, 5)", new byte[0])));
        assertEquals(0, empty.size());
    }

    @Test
    void acceptsHeaderVariantsNumpyHasWritten() {
        // Double quotes, keys in another order, no trailing comma, Python 2 longs, '<u1' for uint8.
        String dict = "{\"shape\": (2L, 1L), \"fortran_order\": False, \"descr\": \"<u1\"}";
        NpyArray a = NpyReader.read(write("v.npy", npyWithDict(1, 0, dict, bytes(4, 5))));
        assertArrayEquals(new int[] {2, 1}, a.shape());
        assertArrayEquals(bytes(4, 5), a.unsignedBytes());
    }

    @Test
    void headerIsReadWithoutTheData() {
        Path p = write("h.npy", npy(2, "<f4", "(60000, 28, 28)", new byte[0]));
        NpyHeader h = NpyReader.readHeader(p);
        assertArrayEquals(new int[] {60000, 28, 28}, h.shape());
        assertEquals(60000L * 28 * 28 * 4, h.dataBytes());
        assertEquals("(60000, 28, 28) float32", h.describe());
    }

    @Test
    void badMagic() {
        byte[] f = npy(1, "|u1", "(1,)", bytes(1));
        f[1] = 'X';
        Path p = write("magic.npy", f);
        assertDataError(() -> NpyReader.read(p), p.toString(), "bad magic", "0x93 0x58 0x55");
    }

    @Test
    void zipGivenAsNpySaysSo() {
        Path p = write("z.npy", NpyFiles.npz(false, NpyFiles.members("x.npy", npy(1, "|u1", "(1,)", bytes(1)))));
        assertDataError(() -> NpyReader.read(p), p.toString(), "bad magic", "zip archive");
    }

    @Test
    void unsupportedVersion() {
        Path v4 = write("v4.npy", npyWithDict(4, 0, "{'descr': '|u1', 'fortran_order': False, 'shape': (1,), }", bytes(1)));
        assertDataError(() -> NpyReader.read(v4), v4.toString(), "unsupported .npy format version 4.0", "1.0, 2.0 and 3.0");
        Path v11 = write("v11.npy", npyWithDict(1, 1, "{'descr': '|u1', 'fortran_order': False, 'shape': (1,), }", bytes(1)));
        assertDataError(() -> NpyReader.readHeader(v11), v11.toString(), "version 1.1");
    }

    @Test
    void malformedHeaderDicts() {
        String[][] cases = {
            {"{'descr': '|u1', 'shape': (1,), }", "the key 'fortran_order' is missing"},
            {"{'descr': '|u1', 'fortran_order': False, 'shape': (1,), 'x': 1}", "unexpected key 'x'"},
            {"{'descr': '|u1', 'fortran_order': False, 'shape': (1, two), }", "expected a string, True, False"},
            {"{'descr': '|u1, 'fortran_order': False, 'shape': (1,), }", "expected ',' at character 17, found 'f'"},
            {"{'descr' '|u1'}", "expected ':' at character 9"},
            {"{'descr': '|u1", "expected a closing '"},
            {"{'descr': '|u1', 'fortran_order': False, 'shape': (1,) ", "expected ','"},
            {"'descr': '|u1'", "expected '{' at character 0"},
            {"{'descr': '|u1', 'fortran_order': 0, 'shape': (1,)}", "'fortran_order' must be True or False"},
            {"{'descr': '|u1', 'fortran_order': False, 'shape': 1}", "'shape' must be a tuple"},
            {"{'descr': '|u1', 'fortran_order': False, 'shape': (2, -1)}", "non-negative integers, found -1"},
            {"{'descr': '|u1', 'fortran_order': False, 'shape': (99999999999999999999,)}", "too large"},
            {"{'descr': '|u1', 'fortran_order': False, 'shape': (1,)} junk", "only padding after"},
        };
        for (int i = 0; i < cases.length; i++) {
            Path p = write("m" + i + ".npy", npyWithDict(1, 0, cases[i][0], bytes(1)));
            assertDataError(() -> NpyReader.read(p), p.toString(), "malformed header dict", cases[i][1]);
        }
    }

    @Test
    void unsupportedDtypeNamesItAndTheAcceptedOnes() {
        Path p = write("f8.npy", npy(1, "<f8", "(1,)", new byte[8]));
        assertDataError(() -> NpyReader.read(p), p.toString(), "unsupported dtype '<f8' (float64)",
                "'|u1' (uint8), '<i4' (int32), '<i8' (int64) and '<f4' (float32)");
        Path s = write("rec.npy", npyWithDict(1, 0, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,)}",
                new byte[4]));
        assertDataError(() -> NpyReader.read(s), s.toString(), "structured dtype");
    }

    @Test
    void bigEndianIsRefused() {
        Path p = write("be.npy", npy(1, ">f4", "(1,)", new byte[4]));
        assertDataError(() -> NpyReader.read(p), p.toString(), "'>f4' is big-endian", "astype('<f4')");
    }

    @Test
    void fortranOrderIsRefused() {
        Path p = write("f.npy", npyWithDict(1, 0, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }",
                floats(1, 2, 3, 4)));
        assertDataError(() -> NpyReader.read(p), p.toString(), "Fortran", "only C order");
    }

    @Test
    void shapeProductOverflowAndArrayLimit() {
        Path overflow = write("o.npy", npy(1, "<f4", "(4294967296, 4294967296)", new byte[0]));
        assertDataError(() -> NpyReader.readHeader(overflow), overflow.toString(),
                "shape (4294967296, 4294967296) has more elements than a 64-bit count can hold");
        Path big = write("b.npy", npy(1, "|u1", "(100000, 100000)", new byte[0]));
        assertDataError(() -> NpyReader.read(big), big.toString(), "(100000, 100000) is too large",
                "at most 2147483639 elements");
        Path wide = write("w.npy", npy(1, "|u1", "(0, 3000000000)", new byte[0]));
        assertDataError(() -> NpyReader.read(wide), wide.toString(), "too large");
    }

    @Test
    void truncatedDataSaysExpectedAndPresent() {
        Path p = write("t.npy", npy(1, "<f4", "(2, 3)", floats(1, 2, 3, 4, 5)));
        assertDataError(() -> NpyReader.read(p), p.toString(), "truncated", "(2, 3) float32", "promises 24 data bytes",
                "after the 128-byte header", "only 20 are present");
    }

    @Test
    void hugeShapeInATinyFileIsRefusedBeforeAllocating() {
        Path p = write("huge.npy", npy(1, "<f4", "(2000000000,)", floats(1)));
        assertDataError(() -> NpyReader.read(p), p.toString(), "promises 8000000000 data bytes", "only 4 are present");
    }

    @Test
    void extraDataMeansShapeDoesNotMatch() {
        Path p = write("x.npy", npy(1, "|u1", "(2, 2)", bytes(1, 2, 3, 4, 5)));
        assertDataError(() -> NpyReader.read(p), p.toString(), "shape does not match the data length",
                "(2, 2) uint8 needs 4 data bytes", "but 5 are present");
    }

    @Test
    void truncatedPreambleAndHeader() {
        byte[] f = npy(2, "|u1", "(1,)", bytes(1));
        Path empty = write("empty.npy", new byte[0]);
        assertDataError(() -> NpyReader.read(empty), empty.toString(), "truncated", "after 0 bytes");
        Path inLength = write("len.npy", Arrays.copyOf(f, 10));
        assertDataError(() -> NpyReader.read(inLength), inLength.toString(), "truncated",
                "inside the 4-byte header length of a version 2.0 file");
        Path inDict = write("dict.npy", Arrays.copyOf(f, 30));
        assertDataError(() -> NpyReader.read(inDict), inDict.toString(), "truncated", "header ends at byte 128",
                "file ends after 30");
    }

    @Test
    void missingFile() {
        Path p = dir.resolve("nope.npy");
        assertDataError(() -> NpyReader.read(p), p.toString(), "no such file");
    }
}
