package org.latent.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    private static Map<String, SafeTensors.Tensor> tensors() {
        Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>();
        t.put("encoder.dense0.weight", new SafeTensors.Tensor(new int[] {3, 2}, new float[] {1, -2, 3.5f, Float.MIN_VALUE, -0f, 6}));
        t.put("encoder.dense0.bias", new SafeTensors.Tensor(new int[] {2}, new float[] {0.25f, -7}));
        t.put("scalarish", new SafeTensors.Tensor(new int[] {1, 1, 1}, new float[] {42}));
        return t;
    }

    @Test
    void roundTripsTensorsAndMetadataBitForBit(@TempDir Path dir) {
        Path f = dir.resolve("t.safetensors");
        SafeTensors.write(f, tensors(), Map.of("format", "pt", "note", "{\"json\": \"inside\"}"));
        SafeTensors.Contents c = SafeTensors.read(f);
        assertEquals(List.copyOf(tensors().keySet()), List.copyOf(c.tensors().keySet()));
        for (Map.Entry<String, SafeTensors.Tensor> e : tensors().entrySet()) {
            SafeTensors.Tensor got = c.tensors().get(e.getKey());
            assertArrayEquals(e.getValue().shape(), got.shape());
            for (int i = 0; i < got.data().length; i++) {
                assertEquals(Float.floatToRawIntBits(e.getValue().data()[i]), Float.floatToRawIntBits(got.data()[i]));
            }
        }
        assertEquals("{\"json\": \"inside\"}", c.metadata().get("note"));
    }

    @Test
    void headerIsAlignedJsonWithContiguousOffsets(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.safetensors");
        SafeTensors.write(f, tensors(), Map.of("format", "pt"));
        byte[] bytes = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + n) % 8, "data starts 8-byte aligned");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{"));
        Map<String, Object> h = Json.parseObject(header.strip(), "header");
        assertEquals(Map.of("format", "pt"), h.get("__metadata__"));
        long expected = 0;
        for (Map.Entry<String, SafeTensors.Tensor> e : tensors().entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> info = (Map<String, Object>) h.get(e.getKey());
            assertEquals("F32", info.get("dtype"));
            assertEquals(Arrays.stream(e.getValue().shape()).boxed().toList(), info.get("shape"));
            List<?> offsets = (List<?>) info.get("data_offsets");
            assertEquals(expected, ((Number) offsets.get(0)).longValue());
            expected += 4L * e.getValue().data().length;
            assertEquals(expected, ((Number) offsets.get(1)).longValue());
        }
        assertEquals(bytes.length - 8 - n, expected, "the data is exactly the tensors");
        // Little-endian floats: the first weight (1.0f) right after the header.
        assertEquals(1f, ByteBuffer.wrap(bytes, (int) (8 + n), 4).order(ByteOrder.LITTLE_ENDIAN).getFloat());
    }

    @Test
    void damagedFilesAreNamedWithTheCause(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.safetensors");
        SafeTensors.write(f, tensors(), Map.of());
        byte[] good = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(good, good.length - 4));
        String m = assertThrows(SafeTensorsException.class, () -> SafeTensors.read(f)).getMessage();
        assertTrue(m.contains("t.safetensors") && m.contains("scalarish") && m.contains("truncated"), m);
        byte[] bad = good.clone();
        bad[0] = (byte) 0xff;
        Files.write(f, bad);
        m = assertThrows(SafeTensorsException.class, () -> SafeTensors.read(f)).getMessage();
        assertTrue(m.contains("t.safetensors: header") && m.contains("not valid JSON"), m);
        bad = good.clone();
        bad[7] = 1;
        Files.write(f, bad);
        m = assertThrows(SafeTensorsException.class, () -> SafeTensors.read(f)).getMessage();
        assertTrue(m.contains("header length"), m);
        Files.write(f, Arrays.copyOf(good, good.length + 4));
        m = assertThrows(SafeTensorsException.class, () -> SafeTensors.read(f)).getMessage();
        assertTrue(m.contains("cover"), m);
        assertThrows(SafeTensorsException.class, () -> SafeTensors.read(dir.resolve("missing.safetensors")));
    }
}
