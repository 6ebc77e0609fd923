package org.latent.data;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;

/** Writes small MATLAB level-5 MAT-files for the reader's tests, in either byte order. */
final class MatBuilder {
    static final int MI_INT8 = 1;
    static final int MI_UINT8 = 2;
    static final int MI_INT16 = 3;
    static final int MI_UINT16 = 4;
    static final int MI_INT32 = 5;
    static final int MI_UINT32 = 6;
    static final int MI_SINGLE = 7;
    static final int MI_DOUBLE = 9;
    static final int MI_MATRIX = 14;
    static final int MI_COMPRESSED = 15;

    private final ByteOrder order;

    MatBuilder(ByteOrder order) {
        this.order = order;
    }

    /** The 128-byte header followed by the elements. */
    byte[] file(byte[]... elements) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = new byte[128];
        Arrays.fill(header, 0, 116, (byte) ' ');
        byte[] text = "MATLAB 5.0 MAT-file, Platform: test".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, header, 0, text.length);
        ByteBuffer.wrap(header, 124, 2).order(order).putShort((short) 0x0100);
        ByteBuffer.wrap(header, 126, 2).order(order).putShort((short) (('M' << 8) | 'I'));
        out.writeBytes(header);
        for (byte[] e : elements) {
            out.writeBytes(e);
        }
        return out.toByteArray();
    }

    /** A data element with an 8-byte tag, padded to a multiple of 8 bytes. */
    byte[] element(int type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + (data.length + 7) / 8 * 8).order(order);
        b.putInt(type).putInt(data.length).put(data);
        return b.array();
    }

    /** A small data element: type and size in 4 bytes, then up to 4 data bytes, 8 bytes in all. */
    byte[] smallElement(int type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8).order(order);
        b.putInt((data.length << 16) | type).put(data);
        return b.array();
    }

    /** A real numeric miMATRIX; {@code smallName} stores a name of up to 4 bytes as a small element. */
    byte[] matrix(int classCode, int[] dims, String name, int dataType, double[] values, boolean smallName) {
        ByteBuffer flags = ByteBuffer.allocate(8).order(order).putInt(classCode).putInt(0);
        ByteBuffer d = ByteBuffer.allocate(4 * dims.length).order(order);
        for (int x : dims) {
            d.putInt(x);
        }
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        return element(MI_MATRIX, concat(element(MI_UINT32, flags.array()), element(MI_INT32, d.array()),
                smallName ? smallElement(MI_INT8, n) : element(MI_INT8, n), element(dataType, encode(dataType, values))));
    }

    /** A miMATRIX header (flags, dims, name) for a non-numeric class, with {@code rest} as its body. */
    byte[] otherMatrix(int classCode, String name, byte[] rest) {
        ByteBuffer flags = ByteBuffer.allocate(8).order(order).putInt(classCode).putInt(0);
        ByteBuffer d = ByteBuffer.allocate(8).order(order).putInt(1).putInt(rest.length);
        return element(MI_MATRIX, concat(element(MI_UINT32, flags.array()), element(MI_INT32, d.array()),
                element(MI_INT8, name.getBytes(StandardCharsets.US_ASCII)), rest));
    }

    /** An miCOMPRESSED element wrapping {@code element} (zlib, not padded, as MATLAB writes it). */
    byte[] compressed(byte[] element) {
        Deflater deflater = new Deflater();
        deflater.setInput(element);
        deflater.finish();
        byte[] buf = new byte[element.length + 64];
        int n = deflater.deflate(buf);
        deflater.end();
        ByteBuffer b = ByteBuffer.allocate(8 + n).order(order);
        b.putInt(MI_COMPRESSED).putInt(n).put(buf, 0, n);
        return b.array();
    }

    byte[] encode(int type, double[] values) {
        int width = switch (type) {
            case MI_INT8, MI_UINT8 -> 1;
            case MI_INT16, MI_UINT16 -> 2;
            case MI_DOUBLE -> 8;
            default -> 4;
        };
        ByteBuffer b = ByteBuffer.allocate(values.length * width).order(order);
        for (double v : values) {
            switch (type) {
                case MI_INT8, MI_UINT8 -> b.put((byte) (long) v);
                case MI_INT16, MI_UINT16 -> b.putShort((short) (long) v);
                case MI_INT32, MI_UINT32 -> b.putInt((int) (long) v);
                case MI_SINGLE -> b.putFloat((float) v);
                case MI_DOUBLE -> b.putDouble(v);
                default -> throw new IllegalArgumentException("type " + type);
            }
        }
        return b.array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
