package org.latent.runs;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.latent.io.AtomicFile;
import org.latent.io.Json;

/** summary.json: the final figures of a run, updated in place by later commands (latent eval). */
public final class RunSummary {
    private RunSummary() {}

    public static Map<String, Object> read(RunFolder folder) {
        return Files.exists(folder.file(RunFolder.SUMMARY)) ? Json.readObject(folder.file(RunFolder.SUMMARY)) : new LinkedHashMap<>();
    }

    /** Merges {@code values} into the file (keys already there keep their place). */
    public static Map<String, Object> update(RunFolder folder, Map<String, Object> values) {
        Map<String, Object> m = read(folder);
        for (Map.Entry<String, Object> e : values.entrySet()) m.put(e.getKey(), finite(e.getValue()));
        AtomicFile.writeString(folder.file(RunFolder.SUMMARY), Json.pretty(m));
        return m;
    }

    /** The value with every NaN or infinite number in it (nested maps and lists too) replaced by null: JSON has none. */
    private static Object finite(Object v) {
        if (v instanceof Double d) return number(d);
        if (v instanceof Float f) return Float.isFinite(f) ? f : null;
        if (v instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) out.put(e.getKey(), finite(e.getValue()));
            return out;
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) out.add(finite(o));
            return out;
        }
        return v;
    }

    /** JSON has no NaN: an unmeasured value is null. */
    public static Object number(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
