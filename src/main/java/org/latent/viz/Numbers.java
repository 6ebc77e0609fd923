package org.latent.viz;

import java.util.Locale;

/**
 * Numbers as a reader wants them on a page: counts with thousands separators ("1,316,824"), losses and
 * scores with four decimals ("96.1234", "0.9731"), values below 1 with four significant digits
 * ("0.02134"), rates without decimals ("4,767"), durations in seconds as "12.3 s" or "1 h 02 min".
 * The key a value is stored under (summary.json, metrics.csv) says which it is.
 */
public final class Numbers {
    private Numbers() {}

    /** A value stored under {@code key}: integers as counts, else by the key (seconds, rates) or as a measurement. */
    public static String format(String key, Number n) {
        String k = key == null ? "" : key.toLowerCase(Locale.ROOT);
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            return String.format(Locale.ROOT, "%,d", n.longValue());
        }
        double v = n.doubleValue();
        if (!Double.isFinite(v)) return String.valueOf(v);
        if (k.endsWith("per_second") || k.endsWith("per second")) return String.format(Locale.ROOT, "%,.0f", v);
        if (k.equals("seconds") || k.endsWith("_seconds") || k.endsWith(" seconds")) return duration(v);
        if (isCountKey(k) && v == Math.rint(v) && Math.abs(v) < 1e15) return String.format(Locale.ROOT, "%,d", (long) v);
        return measurement(v);
    }

    /** Four decimals from 1 on (with thousands separators), four significant digits below 1 (scientific below 1e-4). */
    public static String measurement(double v) {
        if (!Double.isFinite(v)) return String.valueOf(v);
        double a = Math.abs(v);
        if (a == 0) return "0";
        if (a >= 1) return String.format(Locale.ROOT, "%,.4f", v);
        return String.format(Locale.ROOT, "%.4g", v); // 0.02134, 0.5000; 1.234e-05 below 1e-4
    }

    /** "0.53 s", "12.3 s", "4 min 05 s", "1 h 02 min". */
    public static String duration(double seconds) {
        if (seconds < 1) return String.format(Locale.ROOT, "%.2f s", seconds);
        if (seconds < 60) return String.format(Locale.ROOT, "%.1f s", seconds);
        long s = Math.round(seconds);
        if (s < 3600) return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }

    private static boolean isCountKey(String k) {
        for (String c : new String[] {"epoch", "step", "parameters", "examples", "images", "count", "errors", "clusters",
                "copies", "pixels", "evaluations", "index", "true", "said"}) {
            if (k.equals(c) || k.endsWith("_" + c) || k.endsWith(" " + c) || k.startsWith(c + "_")) return true;
        }
        return false;
    }
}
