package org.latent.data;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.latent.data.DataAsserts.assertDataError;

import org.junit.jupiter.api.Test;

class MemoryEstimateTest {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    @Test
    void floatDatasetBytes() {
        assertEquals(60000L * 784 * 4, MemoryEstimate.floatDatasetBytes(60000, 784, false));
        assertEquals(60000L * 784 * 4 + 60000 * 4, MemoryEstimate.floatDatasetBytes(60000, 784, true));
        assertEquals(Long.MAX_VALUE, MemoryEstimate.floatDatasetBytes(1L << 40, 1L << 30, false));
    }

    @Test
    void neededAddsAQuarterAndTheMargin() {
        assertEquals(GIB + GIB / 4 + 64 * MIB, MemoryEstimate.neededBytes(GIB));
        assertEquals(Long.MAX_VALUE, MemoryEstimate.neededBytes(Long.MAX_VALUE));
    }

    @Test
    void fitsExactlyAtTheLimit() {
        long needed = MemoryEstimate.neededBytes(100 * MIB);
        assertDoesNotThrow(() -> MemoryEstimate.requireHeap("d", 100 * MIB, 10 * MIB, 10 * MIB + needed));
    }

    @Test
    void refusesWithTheEstimateHeapAndXmx() {
        // Needs 1 GiB + 256 MiB + 64 MiB = 1344 MiB; with 100 MiB used that is 1444 MiB: -Xmx2g.
        assertDataError(() -> MemoryEstimate.requireHeap("/data/x.npy", GIB, 100 * MIB, 512 * MIB),
                "/data/x.npy", "needs about 1.0 GiB of heap", "1.3 GiB free while loading", "only 412.0 MiB free",
                "maximum 512.0 MiB", "-Xmx2g", "LATENT_JAVA_OPTS=-Xmx2g");
        assertDataError(() -> MemoryEstimate.requireHeap("f", 5 * GIB, 3 * GIB, 4 * GIB), "-Xmx10g");
        assertDataError(() -> MemoryEstimate.requireHeap("f", 1, 5 * GIB, 4 * GIB), "only 0 bytes free");
    }

    @Test
    void refusesAnOverflowingEstimate() {
        assertDataError(() -> MemoryEstimate.requireHeap("f", Long.MAX_VALUE, MIB, GIB), "f: needs about");
    }

    @Test
    void thisHeapTakesASmallSetAndRefusesAnImpossibleOne() {
        assertDoesNotThrow(() -> MemoryEstimate.requireHeap("small", MIB));
        long max = Runtime.getRuntime().maxMemory();
        assertDataError(() -> MemoryEstimate.requireHeap("huge", max), "huge", "-Xmx");
    }
}
