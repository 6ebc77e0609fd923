package org.latent.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** .npy and .npz files built byte by byte, as NumPy writes them (public for tests of other packages). */
public final class NpyFiles {
    private NpyFiles() {}

    /** A .npy file with the dict NumPy writes for {@code descr} and {@code shape} (Python syntax). */
    public static byte[] npy(int major, String descr, String shape, byte[] data) {
        return npyWithDict(major, 0, "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }", data);
    }

    /**
     * A .npy file with any header dict: magic, version, the little-endian length (2 bytes in 1.0,
     * 4 after), the dict padded with spaces and a newline to a multiple of 64 bytes, then the data.
     */
    public static byte[] npyWithDict(int major, int minor, String dict, byte[] data) {
        int lengthBytes = major == 1 ? 2 : 4;
        int unpadded = 8 + lengthBytes + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x93);
        out.writeBytes("NUMPY".getBytes(StandardCharsets.US_ASCII));
        out.write(major);
        out.write(minor);
        byte[] h = header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        ByteBuffer len = ByteBuffer.allocate(lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            len.putShort((short) h.length);
        } else {
            len.putInt(h.length);
        }
        out.writeBytes(len.array());
        out.writeBytes(h);
        out.writeBytes(data);
        return out.toByteArray();
    }

    public static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    public static byte[] ints(int... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int i : v) {
            b.putInt(i);
        }
        return b.array();
    }

    public static byte[] longs(long... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long l : v) {
            b.putLong(l);
        }
        return b.array();
    }

    public static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    /** Member name to content, in order. */
    public static Map<String, byte[]> members(Object... nameThenBytes) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenBytes.length; i += 2) {
            m.put((String) nameThenBytes[i], (byte[]) nameThenBytes[i + 1]);
        }
        return m;
    }

    /** A zip of the members, stored ({@code np.savez}) or deflated ({@code np.savez_compressed}). */
    public static byte[] npz(boolean deflated, Map<String, byte[]> members) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> m : members.entrySet()) {
                ZipEntry e = new ZipEntry(m.getKey());
                byte[] content = m.getValue();
                if (deflated) {
                    e.setMethod(ZipEntry.DEFLATED);
                } else {
                    CRC32 crc = new CRC32();
                    crc.update(content);
                    e.setMethod(ZipEntry.STORED);
                    e.setSize(content.length);
                    e.setCompressedSize(content.length);
                    e.setCrc(crc.getValue());
                }
                zip.putNextEntry(e);
                zip.write(content);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
