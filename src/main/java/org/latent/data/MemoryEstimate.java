package org.latent.data;

import java.util.Locale;

/**
 * The heap a data set will take, and the check that refuses to load one that will not fit. Data
 * sets are held as float32 features (4 bytes per value) and int labels (4 bytes per example);
 * the format readers estimate from headers alone ({@link NumpyDatasets#estimateNpyBytes},
 * {@link NumpyDatasets#estimateNpzBytes}, {@link ImageFolder#estimateBytes}) and check before
 * they allocate.
 */
public final class MemoryEstimate {
    /** Head room for everything else the process holds while loading. */
    static final long MARGIN_BYTES = 64L << 20;

    private MemoryEstimate() {}

    /**
     * Bytes of a data set of {@code examples} x {@code valuesPerExample} floats (+ int labels);
     * {@link Long#MAX_VALUE} when that overflows.
     */
    public static long floatDatasetBytes(long examples, long valuesPerExample, boolean labelled) {
        try {
            long features = Math.multiplyExact(Math.multiplyExact(examples, valuesPerExample), 4L);
            return Math.addExact(features, labelled ? Math.multiplyExact(examples, 4L) : 0);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Bytes the heap must have free to load a data set of {@code estimateBytes}: the estimate, a
     * quarter more for what loading holds beside it (uint8 arrays before conversion, decoded
     * images, read buffers), and {@link #MARGIN_BYTES}.
     */
    public static long neededBytes(long estimateBytes) {
        return saturatedAdd(saturatedAdd(estimateBytes, estimateBytes / 4), MARGIN_BYTES);
    }

    /** {@link #requireHeap(String, long, long, long)} against this JVM's heap now. */
    public static void requireHeap(String what, long estimateBytes) {
        Runtime rt = Runtime.getRuntime();
        requireHeap(what, estimateBytes, rt.totalMemory() - rt.freeMemory(), rt.maxMemory());
    }

    /**
     * Refuses, before anything is allocated, a data set that will not fit what the heap can still
     * give ({@code heapMaxBytes - heapUsedBytes}, where used memory may include garbage not yet
     * collected, so this errs on the side of refusing).
     *
     * @param what the file or folder, for the message
     * @throws DataException stating the estimate, the heap and the {@code -Xmx} to run with
     */
    public static void requireHeap(String what, long estimateBytes, long heapUsedBytes, long heapMaxBytes) {
        long needed = neededBytes(estimateBytes);
        long free = heapMaxBytes - heapUsedBytes;
        if (needed <= free) {
            return;
        }
        long gib = (saturatedAdd(saturatedAdd(heapUsedBytes, needed), (1L << 30) - 1)) >> 30;
        throw new DataException(what + ": needs about " + size(estimateBytes) + " of heap (" + size(needed)
                + " free while loading), but the Java heap has only " + size(Math.max(free, 0))
                + " free of its maximum " + size(heapMaxBytes) + "; run Java with -Xmx" + gib + "g"
                + " (for ./latent: LATENT_JAVA_OPTS=-Xmx" + gib + "g)");
    }

    private static long saturatedAdd(long a, long b) {
        long s = a + b;
        return ((a ^ s) & (b ^ s)) < 0 ? Long.MAX_VALUE : s;
    }

    /** "1.5 GiB", "300.0 MiB", "12.0 KiB", "100 bytes". */
    static String size(long bytes) {
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
