package org.latent.data;

/** The numeric MATLAB array classes that {@link MatReader} reads (class codes of the array flags). */
public enum MatClass {
    DOUBLE(6),
    SINGLE(7),
    INT8(8),
    UINT8(9),
    INT16(10),
    UINT16(11),
    INT32(12),
    UINT32(13);

    private static final String[] ALL_NAMES = {"unknown", "cell", "struct", "object", "char", "sparse", "double",
        "single", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "function handle",
        "opaque"};

    private final int code;

    MatClass(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The supported class with this code, or null. */
    static MatClass ofCode(int code) {
        for (MatClass c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }

    /** The MATLAB name of any class code, for messages. */
    static String describe(int code) {
        return code > 0 && code < ALL_NAMES.length ? ALL_NAMES[code] : "unknown class " + code;
    }
}
