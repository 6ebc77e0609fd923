package org.latent.data;

/** How byte pixels 0..255 become floats, and the value range that results. */
public enum PixelScale {
    /** 0..255 unchanged. */
    BYTE(0f, 255f),
    /** [0, 1]: v / 255. */
    UNIT(0f, 1f),
    /** [-1, 1]: v / 127.5 - 1 (for tanh outputs). */
    SYMMETRIC(-1f, 1f);

    private final float low;
    private final float high;

    PixelScale(float low, float high) {
        this.low = low;
        this.high = high;
    }

    /** The value of byte 0. */
    public float low() {
        return low;
    }

    /** The value of byte 255. */
    public float high() {
        return high;
    }

    /** The value of byte pixel {@code v} (0..255). */
    public float fromByte(int v) {
        return switch (this) {
            case BYTE -> v;
            case UNIT -> v / 255f;
            case SYMMETRIC -> v / 127.5f - 1f;
        };
    }
}
