package org.latent.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.latent.io.Json;

/**
 * One JSON object of a config, read with type checks. Every error names the key by its dotted
 * path ("model.latent"), the value found and what was expected; {@link #allowOnly} rejects keys
 * the schema does not know and suggests the nearest valid one.
 */
public final class ConfigObject {
    private final String path;
    private final Map<String, Object> map;

    ConfigObject(String path, Map<String, Object> map) {
        this.path = path;
        this.map = map;
    }

    public String where(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public boolean has(String key) {
        return map.containsKey(key) && map.get(key) != null;
    }

    /** Throws for the first key not in {@code valid}, naming its value and the nearest valid key. */
    public void allowOnly(String... valid) {
        List<String> keys = Arrays.asList(valid);
        for (Map.Entry<String, Object> e : map.entrySet()) {
            if (keys.contains(e.getKey())) continue;
            String near = Suggestions.nearest(e.getKey(), keys);
            throw new ConfigException(where(e.getKey()) + ": unknown key (value " + shown(e.getValue()) + ")"
                    + (near == null ? "" : "; did you mean \"" + near + "\"?") + " Valid keys"
                    + (path.isEmpty() ? "" : " in " + path) + ": " + String.join(", ", keys));
        }
    }

    public String string(String key, String fallback) {
        Object v = map.get(key);
        if (v == null) return fallback;
        if (!(v instanceof String s)) throw wrongType(key, v, "a string");
        return s;
    }

    public String requiredString(String key) {
        String s = string(key, null);
        if (s == null) throw new ConfigException(where(key) + ": required key is missing");
        return s;
    }

    public int integer(String key, int fallback) {
        Object v = map.get(key);
        return v == null ? fallback : toInt(key, v, where(key));
    }

    public int requiredInteger(String key) {
        if (!has(key)) throw new ConfigException(where(key) + ": required key is missing");
        return integer(key, 0);
    }

    public long longInteger(String key, long fallback) {
        Object v = map.get(key);
        if (v == null) return fallback;
        if (v instanceof Integer || v instanceof Long) return ((Number) v).longValue();
        if (v instanceof BigInteger || wholeDouble(v)) {
            BigDecimal d = new BigDecimal(v.toString());
            try {
                return d.longValueExact();
            } catch (ArithmeticException e) {
                throw new ConfigException(where(key) + ": " + v + " is out of range for a 64-bit whole number");
            }
        }
        throw wrongType(key, v, "a whole number");
    }

    public double number(String key, double fallback) {
        Object v = map.get(key);
        if (v == null) return fallback;
        if (!(v instanceof Number n)) throw wrongType(key, v, "a number");
        return n.doubleValue();
    }

    public boolean bool(String key, boolean fallback) {
        Object v = map.get(key);
        if (v == null) return fallback;
        if (!(v instanceof Boolean b)) throw wrongType(key, v, "true or false");
        return b;
    }

    /** A list of whole numbers (layer sizes); null when absent. */
    public List<Integer> integers(String key) {
        Object v = map.get(key);
        if (v == null) return null;
        if (!(v instanceof List<?> list)) throw wrongType(key, v, "an array of whole numbers such as [500, 500]");
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) out.add(toInt(key, list.get(i), where(key) + "[" + i + "]"));
        return out;
    }

    /** The nested object at {@code key}; an empty one when absent, so its defaults apply. */
    public ConfigObject object(String key) {
        Object v = map.get(key);
        if (v == null) return new ConfigObject(where(key), new LinkedHashMap<>());
        if (!(v instanceof Map)) throw wrongType(key, v, "an object { ... }");
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        return new ConfigObject(where(key), m);
    }

    private int toInt(String key, Object v, String shownKey) {
        if (v instanceof Integer i) return i;
        if (v instanceof Long || v instanceof BigInteger || wholeDouble(v)) {
            double d = ((Number) v).doubleValue();
            if (d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE) return (int) d;
            throw new ConfigException(shownKey + ": " + v + " is too large (at most " + Integer.MAX_VALUE + ")");
        }
        if (v instanceof Number) throw new ConfigException(shownKey + ": expected a whole number, got " + v);
        throw new ConfigException(shownKey + ": expected a whole number, got " + Json.describe(v));
    }

    private static boolean wholeDouble(Object v) {
        return v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d);
    }

    private ConfigException wrongType(String key, Object v, String expected) {
        return new ConfigException(where(key) + ": expected " + expected + ", got " + Json.describe(v));
    }

    private static String shown(Object v) {
        return v instanceof Map || v instanceof List ? Json.compact(v) : v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
    }
}
