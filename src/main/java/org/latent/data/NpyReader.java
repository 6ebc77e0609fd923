package org.latent.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads NumPy {@code .npy} files: the magic {@code \x93NUMPY}, a version byte pair (1.0, 2.0 or
 * 3.0), the header length (little-endian uint16 in 1.0, uint32 after), a Python dict literal
 * (latin-1, UTF-8 in 3.0) with {@code descr}, {@code fortran_order} and {@code shape}, then the
 * elements in C order. Element types: {@link NpyDtype}. The data must be exactly as long as the
 * shape says; sizes are checked in 64 bits before anything is allocated. Every problem is a
 * {@link DataException} naming the file and what is wrong.
 */
public final class NpyReader {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy itself refuses headers over 10,000 bytes by default; a longer length field means damage. */
    private static final int MAX_HEADER_BYTES = 1 << 20;
    private static final int CHUNK = 1 << 16;

    private NpyReader() {}

    /** The header of {@code file}, read without its data. */
    public static NpyHeader readHeader(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return readHeader(file.toString(), in, Files.size(file));
        } catch (IOException e) {
            throw cannotRead(file.toString(), e);
        }
    }

    /** The whole array in {@code file}. */
    public static NpyArray read(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), CHUNK)) {
            long size = Files.size(file);
            NpyHeader h = readHeader(file.toString(), in, size);
            return readData(file.toString(), h, in, size - h.dataOffset());
        } catch (IOException e) {
            throw cannotRead(file.toString(), e);
        }
    }

    /**
     * Reads the preamble and header dict from {@code in}, leaving it at the first data byte.
     *
     * @param totalBytes the length of the whole stream, or -1 when unknown
     */
    static NpyHeader readHeader(String source, InputStream in, long totalBytes) throws IOException {
        byte[] pre = in.readNBytes(MAGIC.length + 2);
        for (int i = 0; i < Math.min(pre.length, MAGIC.length); i++) {
            if (pre[i] != MAGIC[i]) {
                throw new DataException(source + ": not a .npy file: bad magic: it starts with " + hex(pre)
                        + " where a .npy file starts with 0x93 'NUMPY'"
                        + (pre.length >= 2 && pre[0] == 'P' && pre[1] == 'K' ? " (this is a zip archive: an .npz? read it as one)" : ""));
            }
        }
        if (pre.length < MAGIC.length + 2) {
            throw new DataException(source + ": truncated: the file ends after " + pre.length
                    + " bytes, inside the 8-byte magic and version");
        }
        int major = pre[6] & 0xff;
        int minor = pre[7] & 0xff;
        if (major < 1 || major > 3 || minor != 0) {
            throw new DataException(source + ": unsupported .npy format version " + major + "." + minor
                    + "; this reader reads versions 1.0, 2.0 and 3.0");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        byte[] lengthField = in.readNBytes(lengthBytes);
        if (lengthField.length < lengthBytes) {
            throw new DataException(source + ": truncated: the file ends after " + (pre.length + lengthField.length)
                    + " bytes, inside the " + lengthBytes + "-byte header length of a version " + major
                    + ".0 file");
        }
        ByteBuffer b = ByteBuffer.wrap(lengthField).order(ByteOrder.LITTLE_ENDIAN);
        long headerBytes = major == 1 ? b.getShort() & 0xffff : b.getInt() & 0xffffffffL;
        long dataOffset = pre.length + lengthBytes + headerBytes;
        if (headerBytes > MAX_HEADER_BYTES) {
            throw new DataException(source + ": the header length field says " + headerBytes
                    + " bytes, more than the " + MAX_HEADER_BYTES + " this reader accepts: the file is damaged");
        }
        byte[] dict = in.readNBytes((int) headerBytes);
        if (dict.length < headerBytes) {
            throw new DataException(source + ": truncated: the header length field says the header ends at byte "
                    + dataOffset + " but the file ends after " + (pre.length + lengthBytes + dict.length)
                    + (totalBytes >= 0 ? " (its size is " + totalBytes + ")" : ""));
        }
        String text = new String(dict, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return NpyHeader.parse(source, text, dataOffset);
    }

    /**
     * Reads the data {@code h} describes from {@code in}, positioned at the first data byte.
     *
     * @param presentBytes the bytes left in the stream, or -1 when unknown (then the stream is
     *     read to its end to check that nothing follows)
     */
    static NpyArray readData(String source, NpyHeader h, InputStream in, long presentBytes) throws IOException {
        long expected = h.dataBytes();
        if (presentBytes >= 0 && presentBytes != expected) {
            throw presentBytes < expected ? truncated(source, h, presentBytes) : tooLong(source, h, presentBytes + "");
        }
        int n = (int) h.elementCount();
        NpyDtype t = h.dtype();
        MemoryEstimate.requireHeap(source, (long) n * (t == NpyDtype.INT32 ? 8 : t.bytes()));
        byte[] bytes = t == NpyDtype.UINT8 ? new byte[n] : null;
        float[] floats = t == NpyDtype.FLOAT32 ? new float[n] : null;
        long[] longs = t == NpyDtype.INT32 || t == NpyDtype.INT64 ? new long[n] : null;
        if (bytes != null) {
            int got = in.readNBytes(bytes, 0, n);
            if (got < n) {
                throw truncated(source, h, got);
            }
        } else {
            byte[] buf = new byte[CHUNK];
            ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; ) {
                int k = Math.min(n - i, CHUNK / t.bytes());
                int got = in.readNBytes(buf, 0, k * t.bytes());
                if (got < k * t.bytes()) {
                    throw truncated(source, h, (long) i * t.bytes() + got);
                }
                switch (t) {
                    case FLOAT32 -> b.asFloatBuffer().get(floats, i, k);
                    case INT64 -> b.asLongBuffer().get(longs, i, k);
                    default -> {
                        for (int j = 0; j < k; j++) {
                            longs[i + j] = b.getInt(4 * j);
                        }
                    }
                }
                i += k;
            }
        }
        if (presentBytes < 0 && in.read() >= 0) {
            throw tooLong(source, h, "more");
        }
        return new NpyArray(h, bytes, floats, longs);
    }

    private static DataException truncated(String source, NpyHeader h, long present) {
        return new DataException(source + ": truncated: the header (" + h.describe() + ") promises " + h.dataBytes()
                + " data bytes after the " + h.dataOffset() + "-byte header, but only " + present + " are present");
    }

    private static DataException tooLong(String source, NpyHeader h, String present) {
        return new DataException(source + ": the shape does not match the data length: " + h.describe() + " needs "
                + h.dataBytes() + " data bytes after the " + h.dataOffset() + "-byte header, but " + present
                + " are present");
    }

    static DataException cannotRead(String source, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new DataException(source + ": no such file", e);
        }
        if (e instanceof AccessDeniedException) {
            return new DataException(source + ": permission denied", e);
        }
        return new DataException(source + ": cannot read: " + e, e);
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, MAGIC.length); i++) {
            s.append(i == 0 ? "" : " ").append(String.format("0x%02x", b[i] & 0xff));
        }
        return b.length == 0 ? "nothing (the file is empty)" : s.toString();
    }
}
