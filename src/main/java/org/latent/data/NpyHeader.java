package org.latent.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@code .npy} header says: the element type, the shape (C order) and where the data
 * starts. Parsing checks everything that can be checked without the data: the three keys, the
 * dtype, C order, and that the element count fits one Java array.
 *
 * @param dtype the element type
 * @param shape the dimensions, outermost first ({@code []} for a scalar)
 * @param dataOffset bytes before the data: preamble, length field and header dict
 */
public record NpyHeader(NpyDtype dtype, int[] shape, long dataOffset) {
    /** The most elements one array may hold (the JVM's array limit). */
    public static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    public NpyHeader {
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** The product of the shape (1 for a scalar). */
    public long elementCount() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** Bytes of data the header promises. */
    public long dataBytes() {
        return elementCount() * dtype.bytes();
    }

    /** "(60000, 28, 28) uint8". */
    public String describe() {
        return shapeText(shape) + " " + dtype.numpyName();
    }

    /** The shape as Python prints it: "()", "(5,)", "(2, 3)". */
    static String shapeText(int[] shape) {
        return shapeText(Arrays.stream(shape).asLongStream().toArray());
    }

    private static String shapeText(long[] shape) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return s.append(shape.length == 1 ? ",)" : ")").toString();
    }

    /**
     * Parses the header dict, e.g. {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}.
     *
     * @throws DataException naming {@code source} and what is wrong
     */
    static NpyHeader parse(String source, String dict, long dataOffset) {
        Map<String, Object> d = new DictParser(source, dict).parse();
        for (String key : d.keySet()) {
            if (!List.of("descr", "fortran_order", "shape").contains(key)) {
                throw malformed(source, dict, "unexpected key '" + key + "' (a .npy header holds 'descr',"
                        + " 'fortran_order' and 'shape')");
            }
        }
        Object descr = require(source, dict, d, "descr");
        Object fortran = require(source, dict, d, "fortran_order");
        Object shape = require(source, dict, d, "shape");
        if (descr instanceof List) {
            throw new DataException(source + ": unsupported dtype: a structured dtype (a list of fields) is not"
                    + " read; this reader reads " + NpyDtype.accepted(NpyDtype.values()));
        }
        if (!(descr instanceof String descrText)) {
            throw malformed(source, dict, "'descr' must be a string such as '<f4'");
        }
        NpyDtype dtype = NpyDtype.parse(source, descrText);
        if (!(fortran instanceof Boolean fortranOrder)) {
            throw malformed(source, dict, "'fortran_order' must be True or False");
        }
        if (fortranOrder) {
            throw new DataException(source + ": the array is stored in Fortran (column-major) order; only C order"
                    + " is read: save np.ascontiguousarray(x) instead");
        }
        return new NpyHeader(dtype, dims(source, dict, shape, dtype), dataOffset);
    }

    private static int[] dims(String source, String dict, Object shape, NpyDtype dtype) {
        if (!(shape instanceof List<?> items)) {
            throw malformed(source, dict, "'shape' must be a tuple of integers");
        }
        long[] dims = new long[items.size()];
        for (int i = 0; i < dims.length; i++) {
            if (!(items.get(i) instanceof Long v) || v < 0) {
                throw malformed(source, dict, "'shape' must be a tuple of non-negative integers, found "
                        + items.get(i) + " at position " + i);
            }
            dims[i] = v;
        }
        String text = shapeText(dims);
        long count = 1;
        try {
            for (long v : dims) {
                count = Math.multiplyExact(count, v);
            }
            Math.multiplyExact(count, dtype.bytes());
        } catch (ArithmeticException e) {
            throw new DataException(source + ": shape " + text + " has more elements than a 64-bit count can hold");
        }
        // A dimension beside a zero one can exceed the count, and must still fit an int.
        long largest = Arrays.stream(dims).max().orElse(0);
        if (count > MAX_ELEMENTS || largest > MAX_ELEMENTS) {
            throw new DataException(source + ": shape " + text + " is too large: one array here holds at most "
                    + MAX_ELEMENTS + " elements");
        }
        int[] out = new int[dims.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) dims[i];
        }
        return out;
    }

    private static Object require(String source, String dict, Map<String, Object> d, String key) {
        if (!d.containsKey(key)) {
            throw malformed(source, dict, "the key '" + key + "' is missing");
        }
        return d.get(key);
    }

    static DataException malformed(String source, String dict, String what) {
        String shown = dict.strip();
        if (shown.length() > 200) {
            shown = shown.substring(0, 200) + "...";
        }
        return new DataException(source + ": malformed header dict: " + what + "; the header is: " + shown);
    }

    /**
     * The Python literals a header uses: a dict of string keys to strings, True/False, integers
     * (Python 2's {@code 3L} too) and tuples or lists of them.
     */
    private static final class DictParser {
        private final String source;
        private final String text;
        private int pos;

        DictParser(String source, String text) {
            this.source = source;
            this.text = text;
        }

        Map<String, Object> parse() {
            expect('{');
            Map<String, Object> d = new LinkedHashMap<>();
            while (!peek('}')) {
                Object key = value();
                if (!(key instanceof String k)) {
                    throw error("a quoted key");
                }
                expect(':');
                if (d.put(k, value()) != null) {
                    throw malformed(source, text, "the key '" + k + "' appears twice");
                }
                if (!peek('}')) {
                    expect(',');
                }
            }
            expect('}');
            skipSpace();
            if (pos != text.length()) {
                throw error("only padding after the closing '}'");
            }
            return d;
        }

        private Object value() {
            skipSpace();
            if (pos >= text.length()) {
                throw error("a value");
            }
            char c = text.charAt(pos);
            if (c == '\'' || c == '"') {
                int end = text.indexOf(c, pos + 1);
                if (end < 0) {
                    throw error("a closing " + c);
                }
                String s = text.substring(pos + 1, end);
                pos = end + 1;
                return s;
            }
            if (c == '(' || c == '[') {
                char close = c == '(' ? ')' : ']';
                pos++;
                List<Object> items = new ArrayList<>();
                while (!peek(close)) {
                    items.add(value());
                    if (!peek(close)) {
                        expect(',');
                    }
                }
                expect(close);
                return items;
            }
            if (text.startsWith("True", pos) || text.startsWith("False", pos)) {
                pos += c == 'T' ? 4 : 5;
                return c == 'T';
            }
            int start = pos;
            if (c == '-') {
                pos++;
            }
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            if (pos == start || text.charAt(pos - 1) == '-') {
                throw error("a string, True, False, an integer or a tuple");
            }
            String digits = text.substring(start, pos);
            if (pos < text.length() && text.charAt(pos) == 'L') {
                pos++;
            }
            if (digits.length() > 18) {
                throw malformed(source, text, "the integer " + digits + " is too large");
            }
            return Long.parseLong(digits);
        }

        private boolean peek(char c) {
            skipSpace();
            return pos < text.length() && text.charAt(pos) == c;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw error("'" + c + "'");
            }
            pos++;
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private DataException error(String expected) {
            String found = pos >= text.length() ? "the end of the header"
                    : "'" + text.charAt(pos) + "'";
            return malformed(source, text, "expected " + expected + " at character " + pos + ", found " + found);
        }
    }
}
