package org.latent.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * JSON as plain Java values: objects are {@code Map<String, Object>} (key order kept), arrays
 * {@code List<Object>}, numbers Integer/Long/Double (BigInteger past long), plus String, Boolean
 * and null. Duplicate keys are an error.
 */
public final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JSON READ = JSON.std.with(JSON.Feature.PRESERVE_FIELD_ORDERING, JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS);
    private static final JSON PRETTY = READ.with(JSON.Feature.PRETTY_PRINT_OUTPUT, JSON.Feature.WRITE_NULL_PROPERTIES);
    private static final JSON COMPACT = READ.with(JSON.Feature.WRITE_NULL_PROPERTIES);

    private Json() {}

    /** A JSON object from text; {@code source} names the text in the error (the parser's message has line and column). */
    public static Map<String, Object> parseObject(String text, String source) {
        try {
            requireSingleValue(text, source);
            Object v = READ.anyFrom(text);
            if (!(v instanceof Map)) {
                throw new JsonException(source + ": expected a JSON object { ... }, found " + describe(v));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) v;
            return m;
        } catch (IOException e) {
            throw new JsonException(source + ": not valid JSON: " + firstLine(e.getMessage()), e);
        }
    }

    /** jackson-jr stops after the first value; anything after it would be silently ignored. */
    private static void requireSingleValue(String text, String source) throws IOException {
        try (JsonParser p = FACTORY.createParser(text)) {
            if (p.nextToken() == null) throw new JsonException(source + ": empty, expected a JSON object { ... }");
            p.skipChildren();
            if (p.nextToken() != null) {
                throw new JsonException(source + ": not valid JSON: unexpected content after the object at line "
                        + p.currentLocation().getLineNr() + ", column " + p.currentLocation().getColumnNr());
            }
        }
    }

    public static Map<String, Object> readObject(Path file) {
        try {
            return parseObject(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (NoSuchFileException e) {
            throw new JsonException(file + ": no such file", e);
        } catch (IOException e) {
            throw new JsonException(file + ": cannot read: " + e, e);
        }
    }

    /** Indented JSON with a final newline, for files people read. */
    public static String pretty(Object value) {
        try {
            return PRETTY.asString(value) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON on one line (the safetensors header). */
    public static String compact(Object value) {
        try {
            return COMPACT.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "a string", "a number", ... for messages about values of the wrong kind. */
    public static String describe(Object v) {
        if (v == null) return "null";
        if (v instanceof String s) return "the string \"" + s + "\"";
        if (v instanceof Boolean b) return "the boolean " + b;
        if (v instanceof Number n) return "the number " + n;
        if (v instanceof Map) return "an object";
        if (v instanceof java.util.List) return "an array";
        return v.getClass().getSimpleName();
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        // Jackson puts the location on a later line: " at [Source: ...; line: 3, column: 5]".
        int at = s.indexOf("line: ");
        if (nl >= 0 && at > nl) {
            int end = s.indexOf(']', at);
            line += " (" + s.substring(at, end < 0 ? s.length() : end) + ")";
        }
        return line;
    }
}
