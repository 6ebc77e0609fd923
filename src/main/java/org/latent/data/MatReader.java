package org.latent.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads the numeric variables of a MATLAB level-5 MAT-file (the format before v7.3's HDF5): a
 * 128-byte header whose last two bytes, 'IM' or 'MI', give the byte order, then data elements,
 * each an 8-byte tag (type, byte count) or a 4-byte "small data element" tag holding up to 4 bytes,
 * padded to 8 bytes. Variables are miMATRIX elements, possibly inside zlib-compressed miCOMPRESSED
 * elements. Real numeric arrays of the classes in {@link MatClass} are read; other variables (cell,
 * struct, char, sparse, complex, 64-bit) are listed by name but not read.
 */
public final class MatReader {
    private static final int HEADER_BYTES = 128;
    private static final int MI_INT8 = 1;
    private static final int MI_UINT8 = 2;
    private static final int MI_INT16 = 3;
    private static final int MI_UINT16 = 4;
    private static final int MI_INT32 = 5;
    private static final int MI_UINT32 = 6;
    private static final int MI_SINGLE = 7;
    private static final int MI_DOUBLE = 9;
    private static final int MI_INT64 = 12;
    private static final int MI_UINT64 = 13;
    private static final int MI_MATRIX = 14;
    private static final int MI_COMPRESSED = 15;
    private static final int MI_UTF8 = 16;
    private static final int COMPLEX_FLAG = 0x0800;

    private final List<String> names = new ArrayList<>();
    private final Map<String, MatArray> arrays = new LinkedHashMap<>();
    private final Map<String, String> unsupported = new LinkedHashMap<>();

    private MatReader() {}

    public static MatFile read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e, e);
        }
        MatReader reader = new MatReader();
        reader.readElements(new Section(file.toString(), ByteBuffer.wrap(bytes).order(byteOrder(file, bytes))),
                HEADER_BYTES);
        return new MatFile(file, reader.names, reader.arrays, reader.unsupported);
    }

    /** Reads the variable {@code name} of {@code file}. */
    public static MatArray read(Path file, String name) {
        return read(file).variable(name);
    }

    private static ByteOrder byteOrder(Path file, byte[] b) {
        String text = new String(b, 0, Math.min(b.length, 116), StandardCharsets.US_ASCII);
        if (text.startsWith("MATLAB 7.3")) {
            throw DataException.at(file, 0, "this is a v7.3 (HDF5) MAT-file, which this reader does not support;"
                    + " save it with MATLAB's -v7 option");
        }
        if (b.length < HEADER_BYTES) {
            throw DataException.at(file, b.length, "truncated: a MAT-file starts with a " + HEADER_BYTES
                    + "-byte header but the file has only " + b.length + " bytes");
        }
        ByteOrder order;
        if (b[126] == 'I' && b[127] == 'M') {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (b[126] == 'M' && b[127] == 'I') {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw DataException.at(file, 126, String.format("not a level-5 MAT-file: the endian indicator should"
                    + " be 'IM' or 'MI', found 0x%02x 0x%02x", b[126] & 0xff, b[127] & 0xff));
        }
        int version = ByteBuffer.wrap(b, 124, 2).order(order).getShort() & 0xffff;
        if (version != 0x0100) {
            throw DataException.at(file, 124, String.format("unsupported MAT-file version 0x%04x (level 5 is"
                    + " 0x0100)", version));
        }
        return order;
    }

    /** Bytes being parsed, and how to name them in errors (the file, or a decompressed element of it). */
    private record Section(String source, ByteBuffer buf) {
        DataException error(long offset, String what) {
            return DataException.at(source, offset, what);
        }
    }

    /** One data element: its type, where its data starts, how many bytes it has, where the next begins. */
    private record Element(int type, int tagOffset, int dataOffset, int size, int next) {}

    private static Element element(Section s, int pos, boolean padded) {
        ByteBuffer buf = s.buf();
        if (buf.limit() - pos < 8) {
            throw s.error(pos, "truncated: a data element tag needs 8 bytes but only " + (buf.limit() - pos)
                    + " remain");
        }
        int first = buf.getInt(pos);
        if ((first >>> 16) != 0) {
            int size = first >>> 16;
            if (size > 4) {
                throw s.error(pos, "small data element declares " + size + " bytes; at most 4 fit");
            }
            return new Element(first & 0xffff, pos, pos + 4, size, pos + 8);
        }
        long size = buf.getInt(pos + 4) & 0xffffffffL;
        long end = pos + 8L + size;
        if (end > buf.limit()) {
            throw s.error(pos, "truncated: the element of type " + first + " here declares " + size
                    + " bytes of data but only " + (buf.limit() - pos - 8) + " remain");
        }
        long next = padded ? Math.min(buf.limit(), (end + 7) & ~7L) : end;
        return new Element(first, pos, pos + 8, (int) size, (int) next);
    }

    private void readElements(Section s, int pos) {
        while (pos < s.buf().limit()) {
            // MATLAB pads top-level miMATRIX elements to 8 bytes but not miCOMPRESSED ones.
            Element e = element(s, pos, false);
            if (e.type() == MI_COMPRESSED) {
                String inner = s.source() + " (decompressed contents of the miCOMPRESSED element at byte offset "
                        + e.tagOffset() + ")";
                readElements(new Section(inner, ByteBuffer.wrap(inflate(s, e)).order(s.buf().order())), 0);
            } else if (e.type() == MI_MATRIX) {
                readMatrix(s, e);
            } else {
                throw s.error(pos, "expected a variable (miMATRIX 14 or miCOMPRESSED 15), found data element type "
                        + e.type());
            }
            pos = e.next();
        }
    }

    private static byte[] inflate(Section s, Element e) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(s.buf().array(), s.buf().arrayOffset() + e.dataOffset(), e.size());
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, e.size() * 4));
            byte[] chunk = new byte[1 << 16];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw s.error(e.tagOffset(), "corrupt miCOMPRESSED element: the zlib stream ends early after "
                            + out.size() + " decompressed bytes");
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException ex) {
            // Where the inflater found the damage: its input consumed, its output written (the JDK counts both up to the error).
            throw s.error(e.dataOffset() + inflater.getBytesRead(), "corrupt miCOMPRESSED element (the one at byte offset "
                    + e.tagOffset() + "): invalid zlib data after " + inflater.getBytesWritten() + " decompressed bytes: "
                    + ex.getMessage());
        } finally {
            inflater.end();
        }
    }

    private void readMatrix(Section s, Element matrix) {
        if (matrix.size() == 0) {
            return;
        }
        Section m = new Section(s.source(), s.buf().duplicate().order(s.buf().order())
                .limit(matrix.dataOffset() + matrix.size()));
        ByteBuffer buf = m.buf();
        Element flags = expect(m, element(m, matrix.dataOffset(), true), MI_UINT32, "array flags");
        if (flags.size() != 8) {
            throw m.error(flags.tagOffset(), "array flags should be 8 bytes, found " + flags.size());
        }
        int flagWord = buf.getInt(flags.dataOffset());
        int classCode = flagWord & 0xff;
        Element dimsElement = expect(m, element(m, flags.next(), true), MI_INT32, "dimensions");
        if (dimsElement.size() % 4 != 0 || dimsElement.size() < 8) {
            throw m.error(dimsElement.tagOffset(), "dimensions should be at least 2 int32 values, found "
                    + dimsElement.size() + " bytes");
        }
        int[] dims = new int[dimsElement.size() / 4];
        long count = 1;
        for (int k = 0; k < dims.length; k++) {
            dims[k] = buf.getInt(dimsElement.dataOffset() + 4 * k);
            if (dims[k] < 0) {
                throw m.error(dimsElement.dataOffset() + 4 * k, "dimension " + k + " is negative (" + dims[k] + ")");
            }
            count *= dims[k];
        }
        Element nameElement = element(m, dimsElement.next(), true);
        if (nameElement.type() != MI_INT8 && nameElement.type() != MI_UTF8) {
            throw m.error(nameElement.tagOffset(), "expected the array name (miINT8), found data element type "
                    + nameElement.type());
        }
        byte[] nameBytes = new byte[nameElement.size()];
        buf.get(nameElement.dataOffset(), nameBytes);
        String name = new String(nameBytes, StandardCharsets.UTF_8);
        names.add(name);

        MatClass matClass = MatClass.ofCode(classCode);
        if (matClass == null) {
            unsupported.put(name, "it is a " + MatClass.describe(classCode) + " array; only real numeric arrays"
                    + " of classes " + Arrays.toString(MatClass.values()) + " are supported");
            return;
        }
        if ((flagWord & COMPLEX_FLAG) != 0) {
            unsupported.put(name, "it is complex; only real arrays are supported");
            return;
        }
        Element real = element(m, nameElement.next(), true);
        int width = elementBytes(real.type());
        if (width == 0) {
            throw m.error(real.tagOffset(), "the real part of '" + name + "' has non-numeric data element type "
                    + real.type());
        }
        if (real.size() != count * width) {
            throw m.error(real.tagOffset(), "the real part of '" + name + "' has " + real.size() + " bytes but "
                    + "dimensions " + Arrays.toString(dims) + " of " + width + "-byte elements need " + count * width);
        }
        arrays.put(name, new MatArray(name, matClass, dims, decode(buf, real, (int) count)));
    }

    private static Element expect(Section s, Element e, int type, String what) {
        if (e.type() != type) {
            throw s.error(e.tagOffset(), "expected " + what + " (data element type " + type + "), found type "
                    + e.type());
        }
        return e;
    }

    /** Bytes per value of a numeric data element type, 0 for any other type. */
    private static int elementBytes(int type) {
        return switch (type) {
            case MI_INT8, MI_UINT8 -> 1;
            case MI_INT16, MI_UINT16 -> 2;
            case MI_INT32, MI_UINT32, MI_SINGLE -> 4;
            case MI_DOUBLE, MI_INT64, MI_UINT64 -> 8;
            default -> 0;
        };
    }

    private static double[] decode(ByteBuffer buf, Element e, int count) {
        double[] out = new double[count];
        int p = e.dataOffset();
        int w = elementBytes(e.type());
        for (int i = 0; i < count; i++, p += w) {
            out[i] = switch (e.type()) {
                case MI_INT8 -> buf.get(p);
                case MI_UINT8 -> buf.get(p) & 0xff;
                case MI_INT16 -> buf.getShort(p);
                case MI_UINT16 -> buf.getShort(p) & 0xffff;
                case MI_INT32 -> buf.getInt(p);
                case MI_UINT32 -> buf.getInt(p) & 0xffffffffL;
                case MI_SINGLE -> buf.getFloat(p);
                case MI_DOUBLE -> buf.getDouble(p);
                case MI_INT64 -> buf.getLong(p);
                case MI_UINT64 -> unsignedLongToDouble(buf.getLong(p));
                default -> throw new IllegalStateException("not numeric: " + e.type());
            };
        }
        return out;
    }

    private static double unsignedLongToDouble(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
    }
}
