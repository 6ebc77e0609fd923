package org.latent.runs;

import java.nio.file.Files;
import java.util.LinkedHashMap;
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
        m.putAll(values);
        AtomicFile.writeString(folder.file(RunFolder.SUMMARY), Json.pretty(m));
        return m;
    }

    /** JSON has no NaN: an unmeasured value is null. */
    public static Object number(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
