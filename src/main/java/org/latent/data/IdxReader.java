package org.latent.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (the MNIST format): a 4-byte magic {@code 0x00 0x00 type rank}, {@code rank}
 * big-endian int32 dimensions, then exactly {@code product(dims)} big-endian elements. The file
 * may be gzip-compressed (detected by the gzip magic 0x1f 0x8b); offsets in errors are then
 * offsets in the decompressed data.
 */
public final class IdxReader {
    private static final int BUFFER = 1 << 16;

    private IdxReader() {}

    public static IdxArray read(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER)) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            if (!gzip) {
                return new Parser(file.toString(), raw, false).parse();
            }
            try (InputStream in = openGzip(file, raw)) {
                return new Parser(file.toString(), in, true).parse();
            }
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e, e);
        }
    }

    private static InputStream openGzip(Path file, InputStream raw) {
        try {
            return new GZIPInputStream(raw, BUFFER);
        } catch (IOException e) {
            throw DataException.at(file, 0, "corrupt gzip header: " + e.getMessage());
        }
    }

    /** One pass over the (decompressed) stream, tracking the offset for error messages. */
    private static final class Parser {
        private final String file;
        private final InputStream in;
        private final boolean gzip;
        private long offset;

        Parser(String file, InputStream in, boolean gzip) {
            this.file = file;
            this.in = in;
            this.gzip = gzip;
        }

        IdxArray parse() {
            byte[] magic = readExactly(4, "the 4-byte magic number");
            if (magic[0] != 0 || magic[1] != 0) {
                throw error(0, String.format("wrong magic: the first two bytes of an IDX file must be 0x00 0x00,"
                        + " found 0x%02x 0x%02x", magic[0] & 0xff, magic[1] & 0xff));
            }
            IdxType type = IdxType.ofCode(magic[2] & 0xff);
            if (type == null) {
                throw error(2, String.format("unknown element type code 0x%02x (IDX defines 0x08 ubyte, 0x09 sbyte,"
                        + " 0x0B short, 0x0C int, 0x0D float, 0x0E double)", magic[2] & 0xff));
            }
            int rank = magic[3] & 0xff;
            ByteBuffer dimBytes = ByteBuffer.wrap(readExactly(4 * rank, rank + " dimensions"));
            int[] dims = new int[rank];
            long count = 1;
            for (int k = 0; k < rank; k++) {
                dims[k] = dimBytes.getInt();
                if (dims[k] < 0) {
                    throw error(4 + 4L * k, "dimension " + k + " is negative (" + dims[k] + ")");
                }
                count *= dims[k];
                if (count * type.bytes() > Integer.MAX_VALUE - 8) {
                    throw error(4 + 4L * k, "dimensions " + describe(dims, k + 1, type)
                            + " describe more than 2 GiB of elements, which this reader cannot hold");
                }
            }
            long headerBytes = offset;
            int dataBytes = (int) count * type.bytes();
            byte[] data = readAvailable(dataBytes);
            if (data.length < dataBytes) {
                throw error(offset, "truncated: the header (" + describe(dims, rank, type) + ") promises "
                        + dataBytes + " data bytes, " + (headerBytes + dataBytes) + " bytes in all, but the "
                        + (gzip ? "decompressed data ends" : "file ends") + " after " + data.length
                        + " data bytes, " + offset + " bytes in all");
            }
            long trailing = skipRest();
            if (trailing > 0) {
                throw error(headerBytes + dataBytes, "header and size disagree: the header ("
                        + describe(dims, rank, type) + ") describes " + (headerBytes + dataBytes)
                        + " bytes but " + trailing + " more bytes follow");
            }
            return type == IdxType.UBYTE ? IdxArray.ofUnsignedBytes(dims, data)
                    : IdxArray.ofValues(type, dims, decode(type, data, (int) count));
        }

        private byte[] readExactly(int n, String what) {
            byte[] b = readAvailable(n);
            if (b.length < n) {
                throw error(offset, "truncated: the file ends inside " + what + " (" + offset
                        + " bytes in all)");
            }
            return b;
        }

        /** Up to {@code n} bytes, fewer only at the end of the stream; read in chunks so offset stays exact. */
        private byte[] readAvailable(int n) {
            byte[] b = new byte[n];
            int got = 0;
            try {
                while (got < n) {
                    int r = in.read(b, got, Math.min(BUFFER, n - got));
                    if (r < 0) {
                        return Arrays.copyOf(b, got);
                    }
                    got += r;
                    offset += r;
                }
                return b;
            } catch (IOException e) {
                throw corrupt(e);
            }
        }

        /** Reads to the end (which also makes gzip check its CRC) and says how many bytes there were. */
        private long skipRest() {
            try {
                return in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                throw corrupt(e);
            }
        }

        private DataException corrupt(IOException e) {
            if (!gzip) {
                return new DataException(file + ": cannot read after " + offset + " bytes: " + e, e);
            }
            return new DataException(file + ": at decompressed byte offset " + offset
                    + ": corrupt gzip data (the compressed stream is damaged or cut short): " + e.getMessage(), e);
        }

        private DataException error(long at, String what) {
            return new DataException(file + ": at " + (gzip ? "decompressed byte offset " : "byte offset ")
                    + at + ": " + what);
        }
    }

    private static String describe(int[] dims, int n, IdxType type) {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < n; k++) {
            s.append(k == 0 ? "" : " x ").append(dims[k]);
        }
        return (n == 0 ? "scalar" : s.toString()) + " " + type.name().toLowerCase();
    }

    private static float[] decode(IdxType type, byte[] data, int count) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = switch (type) {
                case SBYTE -> b.get();
                case SHORT -> b.getShort();
                case INT -> b.getInt();
                case FLOAT -> b.getFloat();
                case DOUBLE -> (float) b.getDouble();
                case UBYTE -> b.get() & 0xff;
            };
        }
        return out;
    }
}
