package org.latent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    private static final byte[] PIXELS = {0, 1, 2, (byte) 200, (byte) 255, 7, 8, 9, 10, 11, 12, 13};

    @Test
    void readsUnsignedBytesRawAndGzipped() {
        byte[] file = TestFiles.idx(0x08, new int[] {2, 3, 2}, PIXELS);
        for (Path p : new Path[] {TestFiles.write(dir, "x.idx", file), TestFiles.write(dir, "x.idx.gz", TestFiles.gzip(file))}) {
            IdxArray a = IdxReader.read(p);
            assertEquals(IdxType.UBYTE, a.type());
            assertArrayEquals(new int[] {2, 3, 2}, a.dims());
            assertArrayEquals(PIXELS, a.unsignedBytes());
            assertEquals(200f, a.get(3));
            assertEquals(255f, a.toFloats()[4]);
        }
    }

    @Test
    void readsEveryElementTypeBigEndian() {
        ByteBuffer b = ByteBuffer.allocate(8 * 3);
        assertValues(0x09, new byte[] {-3, 0, 127}, new float[] {-3, 0, 127});
        b.clear().putShort((short) -300).putShort((short) 2).putShort(Short.MAX_VALUE);
        assertValues(0x0B, Arrays.copyOf(b.array(), 6), new float[] {-300, 2, 32767});
        b.clear().putInt(-70000).putInt(1).putInt(1 << 20);
        assertValues(0x0C, Arrays.copyOf(b.array(), 12), new float[] {-70000, 1, 1 << 20});
        b.clear().putFloat(-1.5f).putFloat(0.25f).putFloat(3e7f);
        assertValues(0x0D, Arrays.copyOf(b.array(), 12), new float[] {-1.5f, 0.25f, 3e7f});
        b.clear().putDouble(-2.5).putDouble(1e-3).putDouble(4);
        assertValues(0x0E, b.array(), new float[] {-2.5f, 1e-3f, 4f});
    }

    private void assertValues(int code, byte[] elements, float[] expected) {
        IdxArray a = IdxReader.read(TestFiles.write(dir, "t" + code, TestFiles.idx(code, new int[] {3}, elements)));
        assertEquals(code, a.type().code());
        assertArrayEquals(expected, a.toFloats());
        assertThrows(IllegalStateException.class, a::unsignedBytes);
    }

    @Test
    void readsAnyRank() {
        IdxArray scalar = IdxReader.read(TestFiles.write(dir, "s", TestFiles.idx(0x08, new int[0], new byte[] {42})));
        assertEquals(0, scalar.rank());
        assertEquals(42f, scalar.get(0));
        IdxArray rank5 = IdxReader.read(TestFiles.write(dir, "r5",
                TestFiles.idx(0x08, new int[] {1, 2, 1, 3, 2}, PIXELS)));
        assertArrayEquals(new int[] {1, 2, 1, 3, 2}, rank5.dims());
        assertEquals(12, rank5.size());
    }

    @Test
    void wrongMagicNamesFileOffsetAndCause() {
        byte[] file = TestFiles.idx(0x08, new int[] {12}, PIXELS);
        file[1] = 0x01;
        Path p = TestFiles.write(dir, "magic.idx", file);
        String m = assertThrows(DataException.class, () -> IdxReader.read(p)).getMessage();
        assertMessage(m, p.toString(), "byte offset 0", "wrong magic", "0x00 0x01");
    }

    @Test
    void unknownTypeCode() {
        Path p = TestFiles.write(dir, "type.idx", TestFiles.idx(0x0A, new int[] {12}, PIXELS));
        String m = assertThrows(DataException.class, () -> IdxReader.read(p)).getMessage();
        assertMessage(m, p.toString(), "byte offset 2", "unknown element type code 0x0a");
    }

    @Test
    void truncatedDataSaysExpectedAndFound() {
        byte[] file = TestFiles.idx(0x08, new int[] {2, 3, 3}, PIXELS);  // promises 18 bytes, has 12
        Path p = TestFiles.write(dir, "short.idx", file);
        String m = assertThrows(DataException.class, () -> IdxReader.read(p)).getMessage();
        assertMessage(m, p.toString(), "byte offset 28", "truncated", "promises 18 data bytes", "34 bytes in all",
                "after 12 data bytes");
    }

    @Test
    void truncatedHeader() {
        byte[] file = Arrays.copyOf(TestFiles.idx(0x08, new int[] {2, 3}, new byte[6]), 9);
        Path p = TestFiles.write(dir, "header.idx", file);
        String m = assertThrows(DataException.class, () -> IdxReader.read(p)).getMessage();
        assertMessage(m, p.toString(), "byte offset 9", "truncated", "2 dimensions");
    }

    @Test
    void trailingBytesMeanHeaderAndSizeDisagree() {
        Path p = TestFiles.write(dir, "long.idx", TestFiles.idx(0x08, new int[] {3, 3}, PIXELS));
        String m = assertThrows(DataException.class, () -> IdxReader.read(p)).getMessage();
        assertMessage(m, p.toString(), "byte offset 21", "header and size disagree", "describes 21 bytes",
                "3 more bytes");
    }

    @Test
    void truncationInsideGzipUsesDecompressedOffsets() {
        Path p = TestFiles.write(dir, "short.idx.gz", TestFiles.gzip(TestFiles.idx(0x08, new int[] {20}, PIXELS)));
        String m = assertThrows(DataException.class, () -> IdxReader.read(p)).getMessage();
        assertMessage(m, p.toString(), "decompressed byte offset 20", "truncated", "promises 20 data bytes");
    }

    @Test
    void gzipCutShortIsCorrupt() {
        byte[] data = new byte[5000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7919 >> 3);
        }
        byte[] gz = TestFiles.gzip(TestFiles.idx(0x08, new int[] {5000}, data));
        Path p = TestFiles.write(dir, "cut.gz", Arrays.copyOf(gz, gz.length / 2));
        String m = assertThrows(DataException.class, () -> IdxReader.read(p)).getMessage();
        assertMessage(m, p.toString(), "corrupt gzip", "decompressed byte offset");
    }

    @Test
    void gzipWithBadChecksumIsCorrupt() {
        byte[] gz = TestFiles.gzip(TestFiles.idx(0x08, new int[] {12}, PIXELS));
        gz[gz.length - 6] ^= 0x55;  // inside the CRC-32 of the trailer
        Path p = TestFiles.write(dir, "crc.gz", gz);
        String m = assertThrows(DataException.class, () -> IdxReader.read(p)).getMessage();
        assertMessage(m, p.toString(), "corrupt gzip", "Corrupt GZIP trailer");
    }

    @Test
    void gzipWithBadHeaderIsCorrupt() {
        byte[] gz = TestFiles.gzip(TestFiles.idx(0x08, new int[] {12}, PIXELS));
        gz[2] = 7;  // compression method: only 8 (deflate) exists
        Path p = TestFiles.write(dir, "head.gz", gz);
        String m = assertThrows(DataException.class, () -> IdxReader.read(p)).getMessage();
        assertMessage(m, p.toString(), "byte offset 0", "corrupt gzip header");
    }

    @Test
    void missingFile() {
        Path p = dir.resolve("absent.idx");
        String m = assertThrows(DataException.class, () -> IdxReader.read(p)).getMessage();
        assertMessage(m, p.toString(), "no such file");
    }

    static void assertMessage(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "message lacks '" + part + "': " + message);
        }
    }
}
