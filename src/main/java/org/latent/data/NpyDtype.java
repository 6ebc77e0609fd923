package org.latent.data;

/**
 * The NumPy element types the {@code .npy} reader accepts, each with the {@code descr} string
 * NumPy writes for it. Multi-byte types must be little-endian ({@code <}).
 */
public enum NpyDtype {
    UINT8("|u1", "uint8", 1),
    INT32("<i4", "int32", 4),
    INT64("<i8", "int64", 8),
    FLOAT32("<f4", "float32", 4);

    private final String descr;
    private final String numpyName;
    private final int bytes;

    NpyDtype(String descr, String numpyName, int bytes) {
        this.descr = descr;
        this.numpyName = numpyName;
        this.bytes = bytes;
    }

    /** The header's {@code descr}, e.g. {@code '<f4'}. */
    public String descr() {
        return descr;
    }

    /** NumPy's name, e.g. {@code float32}. */
    public String numpyName() {
        return numpyName;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** "'<f4' (float32)". */
    @Override
    public String toString() {
        return "'" + descr + "' (" + numpyName + ")";
    }

    /**
     * The type a header's {@code descr} names. A one-byte type may carry any byte-order mark
     * ({@code |u1}, {@code <u1}, {@code >u1}, {@code u1}).
     *
     * @throws DataException naming {@code source}, the descr and the accepted types, or saying the
     *     type is big-endian
     */
    static NpyDtype parse(String source, String descr) {
        String order = descr.isEmpty() ? "" : descr.substring(0, 1);
        String code = "<>|=".contains(order) && !order.isEmpty() ? descr.substring(1) : descr;
        for (NpyDtype t : values()) {
            if (!t.descr.substring(1).equals(code)) {
                continue;
            }
            if (t.bytes == 1 || order.equals("<")) {
                return t;
            }
            if (order.equals(">")) {
                throw new DataException(source + ": dtype '" + descr + "' is big-endian (" + t.numpyName
                        + ", most significant byte first); only little-endian data is read: save it with"
                        + " x.astype('" + t.descr + "')");
            }
        }
        throw new DataException(source + ": unsupported dtype '" + descr + "'" + nameOf(code)
                + "; this reader reads " + accepted(values()));
    }

    /** "'|u1' (uint8), '<i4' (int32) and '<f4' (float32)". */
    static String accepted(NpyDtype... types) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < types.length; i++) {
            s.append(i == 0 ? "" : i == types.length - 1 ? " and " : ", ").append(types[i]);
        }
        return s.toString();
    }

    /** " (float64)" for a plain kind-and-size code like "f8", else "" (structured types, "O", ...). */
    private static String nameOf(String code) {
        if (!code.matches("[biufc][0-9]{1,2}")) {
            return "";
        }
        int bits = Integer.parseInt(code.substring(1)) * 8;
        return switch (code.charAt(0)) {
            case 'b' -> " (bool)";
            case 'i' -> " (int" + bits + ")";
            case 'u' -> " (uint" + bits + ")";
            case 'f' -> " (float" + bits + ")";
            default -> " (complex" + bits + ")";
        };
    }
}
