package org.latent.io;

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

/**
 * The safetensors format (huggingface/safetensors), float32 only: an unsigned 64-bit little-endian
 * header length N, N bytes of UTF-8 JSON, then the tensor data. The header maps each tensor name to
 * {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]} (byte offsets into the data that
 * follows the header; tensors are stored back to back, little-endian, row-major), plus an optional
 * "__metadata__" object of string values. The header is padded with spaces to a multiple of 8 bytes,
 * as the reference writer does, so the data is aligned. PyTorch's {@code safetensors.torch.load_file}
 * reads these files.
 */
public final class SafeTensors {
    public static final String METADATA = "__metadata__";
    private static final int ALIGN = 8;
    /** Headers larger than this are rejected as corrupt (the reference reader's limit is 100 MB). */
    private static final long MAX_HEADER = 100_000_000L;

    /** One tensor: its shape and its row-major values. */
    public record Tensor(int[] shape, float[] data) {
        public Tensor {
            long n = 1;
            for (int d : shape) {
                if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
                n *= d;
            }
            if (n != data.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, got "
                        + data.length);
            }
        }
    }

    /** A file's tensors in file order and its metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    private SafeTensors() {}

    /** Writes the tensors in map order, atomically (see {@link AtomicFile}). */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        byte[] header = header(tensors, metadata);
        AtomicFile.write(file, out -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
            out.write(len.array());
            out.write(header);
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (Tensor t : tensors.values()) {
                for (float v : t.data()) {
                    if (!chunk.hasRemaining()) {
                        out.write(chunk.array(), 0, chunk.position());
                        chunk.clear();
                    }
                    chunk.putFloat(v);
                }
            }
            out.write(chunk.array(), 0, chunk.position());
        });
    }

    private static byte[] header(Map<String, Tensor> tensors, Map<String, String> metadata) {
        Map<String, Object> h = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) h.put(METADATA, new LinkedHashMap<>(metadata));
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().equals(METADATA)) throw new IllegalArgumentException("a tensor cannot be named " + METADATA);
            long bytes = 4L * e.getValue().data().length;
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", "F32");
            List<Integer> shape = new ArrayList<>();
            for (int d : e.getValue().shape()) shape.add(d);
            info.put("shape", shape);
            info.put("data_offsets", List.of(offset, offset + bytes));
            h.put(e.getKey(), info);
            offset += bytes;
        }
        byte[] json = Json.compact(h).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + ALIGN - 1) / ALIGN * ALIGN;
        byte[] out = Arrays.copyOf(json, padded);
        Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    /** Reads and checks a whole file: header JSON, F32 dtypes, shapes against offsets, offsets contiguous. */
    public static Contents read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SafeTensorsException(file + ": no such file");
        } catch (IOException e) {
            throw new SafeTensorsException(file + ": cannot read: " + e.getMessage());
        }
        if (bytes.length < 8) throw new SafeTensorsException(file + ": " + bytes.length + " bytes, too short for the 8-byte header length");
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 2 || n > MAX_HEADER || n > bytes.length - 8) {
            throw new SafeTensorsException(file + ": at byte offset 0: header length " + Long.toUnsignedString(n)
                    + " does not fit a file of " + bytes.length + " bytes");
        }
        String text = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        Map<String, Object> header;
        try {
            header = Json.parseObject(text, file + ": header");
        } catch (JsonException e) {
            throw new SafeTensorsException(e.getMessage());
        }
        long dataStart = 8 + n, dataBytes = bytes.length - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Slot> slots = new ArrayList<>();
        for (Map.Entry<String, Object> e : header.entrySet()) {
            if (e.getKey().equals(METADATA)) {
                if (!(e.getValue() instanceof Map<?, ?> m)) throw new SafeTensorsException(file + ": " + METADATA + " is not an object");
                for (Map.Entry<?, ?> kv : m.entrySet()) {
                    if (!(kv.getValue() instanceof String s)) {
                        throw new SafeTensorsException(file + ": " + METADATA + "." + kv.getKey() + " is not a string");
                    }
                    metadata.put((String) kv.getKey(), s);
                }
                continue;
            }
            slots.add(slot(file, e.getKey(), e.getValue()));
        }
        slots.sort((a, b) -> Long.compare(a.begin(), b.begin()));
        long expected = 0;
        Map<String, Tensor> byOffset = new LinkedHashMap<>();
        for (Slot t : slots) {
            if (t.begin() != expected) {
                throw new SafeTensorsException(file + ": tensor " + t.name() + " starts at data offset " + t.begin()
                        + ", expected " + expected + " (tensors must be stored back to back)");
            }
            if (t.end() > dataBytes) {
                throw new SafeTensorsException(file + ": tensor " + t.name() + " ends at data offset " + t.end()
                        + " but the data holds " + dataBytes + " bytes (truncated file?)");
            }
            float[] data = new float[(int) ((t.end() - t.begin()) / 4)];
            ByteBuffer.wrap(bytes, (int) (dataStart + t.begin()), (int) (t.end() - t.begin())).order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer().get(data);
            byOffset.put(t.name(), new Tensor(t.shape(), data));
            expected = t.end();
        }
        if (expected != dataBytes) {
            throw new SafeTensorsException(file + ": the tensors cover " + expected + " bytes of data but the file holds "
                    + dataBytes + " after the header");
        }
        // Return the tensors in header order, as written.
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (String name : header.keySet()) if (byOffset.containsKey(name)) tensors.put(name, byOffset.get(name));
        return new Contents(tensors, metadata);
    }

    /** Where one tensor lies in the data, from its header entry. */
    private record Slot(String name, long begin, long end, int[] shape) {}

    private static Slot slot(Path file, String name, Object v) {
        String where = file + ": tensor " + name;
        if (!(v instanceof Map<?, ?> m)) throw new SafeTensorsException(where + ": header entry is not an object");
        if (!"F32".equals(m.get("dtype"))) {
            throw new SafeTensorsException(where + ": dtype " + m.get("dtype") + " is not supported (only F32)");
        }
        List<Long> shape = longs(where + ": shape", m.get("shape"));
        List<Long> offsets = longs(where + ": data_offsets", m.get("data_offsets"));
        if (offsets.size() != 2 || offsets.get(0) > offsets.get(1)) {
            throw new SafeTensorsException(where + ": data_offsets " + offsets + " must be [begin, end] with begin <= end");
        }
        long count = 1;
        int[] dims = new int[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            long d = shape.get(i);
            if (d > Integer.MAX_VALUE) throw new SafeTensorsException(where + ": dimension " + d + " is too large");
            dims[i] = (int) d;
            // 64-bit, and never past what one float array holds: wrapped products could match the offsets by accident.
            if (d != 0 && count > (Integer.MAX_VALUE - 8) / d) {
                throw new SafeTensorsException(where + ": shape " + shape + " holds more values than one tensor can (2^31)");
            }
            count *= d;
        }
        if (count * 4 != offsets.get(1) - offsets.get(0)) {
            throw new SafeTensorsException(where + ": shape " + shape + " needs " + count * 4 + " bytes but data_offsets "
                    + offsets + " span " + (offsets.get(1) - offsets.get(0)));
        }
        return new Slot(name, offsets.get(0), offsets.get(1), dims);
    }

    private static List<Long> longs(String where, Object v) {
        if (!(v instanceof List<?> list)) throw new SafeTensorsException(where + " is not an array");
        List<Long> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Integer || o instanceof Long) || ((Number) o).longValue() < 0) {
                throw new SafeTensorsException(where + ": " + o + " is not a non-negative integer");
            }
            out.add(((Number) o).longValue());
        }
        return out;
    }
}
