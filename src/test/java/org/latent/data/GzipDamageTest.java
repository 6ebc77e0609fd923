package org.latent.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damage inside a gzip-compressed IDX file is reported where the inflater finds it, not at the start of the chunk being read. */
class GzipDamageTest {
    @TempDir
    Path dir;

    /** 2 MB that compress to about 290 kB, so the damage lies many 64 KiB chunks in. */
    private static byte[] pixels() {
        byte[] data = new byte[2_000_000];
        java.util.Random rnd = new java.util.Random(1);
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i % 251 < 100 ? rnd.nextInt(4) : i % 7);
        return data;
    }

    /**
     * The reference: decompressed bytes before the inflater reports the damage, inflating one output
     * byte at a time, and the compressed offset it had reached.
     */
    private static long[] whereInflaterFails(byte[] gz) throws Exception {
        Inflater inf = new Inflater(true);
        inf.setInput(gz, 10, gz.length - 10); // GZIPOutputStream's header is 10 bytes
        byte[] one = new byte[1];
        long out = 0;
        try {
            while (!inf.finished()) {
                int n = inf.inflate(one);
                if (n == 0 && inf.needsInput()) break;
                out += n;
            }
        } catch (DataFormatException e) {
            return new long[] {out, 10 + inf.getBytesRead()};
        } finally {
            inf.end();
        }
        return null;
    }

    @Test
    void damageIsReportedAtTheDecompressedOffsetWhereItIsFound() throws Exception {
        byte[] gz = TestFiles.gzip(TestFiles.idx(0x08, new int[] {2_000_000}, pixels()));
        Arrays.fill(gz, 150_000, 150_040, (byte) 0xff);
        long[] reference = whereInflaterFails(gz);
        assertTrue(reference != null, "this damage makes the inflater fail");
        Path p = TestFiles.write(dir, "damaged.idx.gz", gz);
        String m = assertThrows(DataException.class, () -> IdxReader.read(p)).getMessage();
        assertTrue(m.startsWith(p + ": at decompressed byte offset ") && m.contains("corrupt gzip data"), m);
        long at = Long.parseLong(m.replaceAll(".*at decompressed byte offset ([0-9]+) .*", "$1"));
        // One byte at a time, the failing call may have written its one byte before it threw.
        assertTrue(at == reference[0] || at == reference[0] + 1,
                () -> "reported " + at + ", the inflater failed after " + reference[0] + " bytes: " + m);
        long compressed = Long.parseLong(m.replaceAll(".*\\(byte offset ([0-9]+) of the compressed file\\).*", "$1"));
        assertTrue(Math.abs(compressed - reference[1]) <= 8 && compressed >= 150_000 && compressed <= 150_048,
                () -> "compressed offset " + compressed + ", the inflater stopped at " + reference[1] + ": " + m);
    }

    @Test
    void aBadChecksumIsReportedAtTheEndAndSaysTheDataBeforeIsDamaged() {
        byte[] gz = TestFiles.gzip(TestFiles.idx(0x08, new int[] {12}, new byte[12]));
        gz[gz.length - 6] ^= 0x55;
        Path p = TestFiles.write(dir, "crc.gz", gz);
        String m = assertThrows(DataException.class, () -> IdxReader.read(p)).getMessage();
        assertTrue(m.contains("at decompressed byte offset 20") && m.contains("the data before it is damaged"), m);
    }

    @Test
    void damageInsideACompressedMatElementIsReportedWhereTheInflaterFindsIt() {
        MatBuilder le = new MatBuilder(java.nio.ByteOrder.LITTLE_ENDIAN);
        double[] values = new double[4000];
        for (int i = 0; i < values.length; i++) values[i] = (i * 7919) % 251;
        byte[] z = le.compressed(le.matrix(9, new int[] {40, 100}, "ff", MatBuilder.MI_UINT8, values, true));
        Arrays.fill(z, z.length / 2, z.length / 2 + 16, (byte) 0xff);
        Path p = TestFiles.write(dir, "zbad.mat", le.file(z));
        String m = assertThrows(DataException.class, () -> MatReader.read(p)).getMessage();
        long at = Long.parseLong(m.replaceAll(".*: at byte offset ([0-9]+): .*", "$1"));
        // The element's tag is at byte offset 128 (after the 128-byte header); its zlib data starts 8 bytes later.
        assertTrue(m.contains("corrupt miCOMPRESSED element (the one at byte offset 128)") && m.contains("decompressed bytes"), m);
        assertTrue(at > 136 + z.length / 4 && at <= 128 + z.length, () -> "reported at " + at + " of " + (128 + z.length) + ": " + m);
    }
}
