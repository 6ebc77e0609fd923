package org.latent.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** A tensor the Java heap cannot hold is refused with its shape and size, not an OutOfMemoryError. */
class CpuMemoryTest {
    @Test
    void aTensorLargerThanTheHeapIsRefusedByShapeAndSize() {
        // 2^31 - 16 floats are 8 GiB: more than this heap, so the JVM refuses at once without touching memory.
        assumeTrue(Runtime.getRuntime().maxMemory() < (8L << 30) - (1L << 28), "the test heap could hold 8 GiB");
        try (CpuBackend b = new CpuBackend()) {
            String m = assertThrows(IllegalStateException.class, () -> b.allocate(2, Integer.MAX_VALUE / 2 - 8)).getMessage();
            assertTrue(m.contains("not enough memory for a tensor of shape [2, 1073741815] (8.00 GiB as float32)")
                    && m.contains("-Xmx"), m);
        }
    }
}
