package org.latent.data;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
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
                return new Parser(file.toString(), raw, null).parse();
            }
            try (TrackedGzip in = openGzip(file, raw)) {
                return new Parser(file.toString(), in, in).parse();
            }
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e, e);
        }
    }

    private static TrackedGzip openGzip(Path file, InputStream raw) {
        try {
            return new TrackedGzip(new Counting(raw), BUFFER);
        } catch (IOException e) {
            throw DataException.at(file, 0, "corrupt gzip header: " + e.getMessage());
        }
    }

    /** Counts the bytes read through it (the compressed bytes handed to the inflater). */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long k = super.skip(n);
            count += k;
            return k;
        }
    }

    /**
     * A gzip stream that can say where its inflater stopped: on a data error the JDK's Inflater
     * counts the bytes it wrote before the damage, so the decompressed offset of the damage is
     * exact rather than the start of the chunk being read; the compressed offset is what was read
     * from the file less what the inflater still holds.
     */
    private static final class TrackedGzip extends GZIPInputStream {
        private final Counting raw;

        TrackedGzip(Counting raw, int size) throws IOException {
            super(raw, size);
            this.raw = raw;
        }

        /** Bytes inflated in the current gzip member (a later member starts again at 0). */
        long inflated() {
            return inf.getBytesWritten();
        }

        /** How many bytes of the .gz file the inflater has consumed. */
        long compressedOffset() {
            return raw.count - inf.getRemaining();
        }
    }

    /** One pass over the (decompressed) stream, tracking the offset for error messages. */
    private static final class Parser {
        private final String file;
        private final InputStream in;
        private final boolean gzip;
        /** The gzip stream (for where damage was found), or null. */
        private final TrackedGzip gz;
        private long offset;
        /** {@code gz.inflated()} before the read in progress. */
        private long inflatedBefore;

        Parser(String file, InputStream in, TrackedGzip gz) {
            this.file = file;
            this.in = in;
            this.gz = gz;
            this.gzip = gz != null;
        }

        private void beforeRead() {
            if (gz != null) inflatedBefore = gz.inflated();
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
            // Grown as data arrives: a header may promise up to 2 GiB that a short file never delivers.
            byte[] b = new byte[Math.min(n, 1 << 20)];
            int got = 0;
            try {
                while (got < n) {
                    if (got == b.length) b = Arrays.copyOf(b, (int) Math.min(n, 2L * b.length));
                    beforeRead();
                    int r = in.read(b, got, Math.min(BUFFER, b.length - got));
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
            long n = 0;
            byte[] b = new byte[BUFFER];
            try {
                while (true) {
                    beforeRead();
                    int r = in.read(b);
                    if (r < 0) return n;
                    n += r;
                    offset += r;
                }
            } catch (IOException e) {
                throw corrupt(e);
            }
        }

        private DataException corrupt(IOException e) {
            if (!gzip) {
                return new DataException(file + ": cannot read after " + offset + " bytes: " + e, e);
            }
            // The inflater counts what it wrote before it found the damage, also in the read that failed.
            long written = gz.inflated() - inflatedBefore;
            long at = offset + (written >= 0 ? written : gz.inflated());
            String what = e.getMessage() != null && e.getMessage().contains("trailer")
                    ? " (the checksum or length at its end does not match: the data before it is damaged)" : "";
            return new DataException(file + ": at decompressed byte offset " + at + " (byte offset " + gz.compressedOffset()
                    + " of the compressed file): corrupt gzip data (the compressed stream is damaged or cut short): "
                    + e.getMessage() + what, e);
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
