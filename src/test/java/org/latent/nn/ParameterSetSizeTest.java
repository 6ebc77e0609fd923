package org.latent.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.latent.backend.cpu.CpuBackend;
import org.latent.init.Initializer;

/** Parameters whose total passes one buffer's capacity are refused before anything is allocated, not wrapped around. */
class ParameterSetSizeTest {
    @Test
    void parametersBeyondOneBufferAreRefusedNamingTheLargest() {
        try (CpuBackend b = new CpuBackend()) {
            ParameterSet p = new ParameterSet(b, 1);
            p.trainable("encoder.dense0.weight", new int[] {40_000, 30_000}, Initializer.ZEROS, 40_000, 30_000); // 1.2e9
            p.trainable("decoder.dense0.weight", new int[] {30_000, 40_000}, Initializer.ZEROS, 30_000, 40_000); // 1.2e9
            String m = assertThrows(IllegalArgumentException.class, p::allocate).getMessage();
            assertTrue(m.contains("the model has 2,400,000,000 trainable parameter values (8.9 GiB as float32)")
                    && m.contains("encoder.dense0.weight [40000, 30000]"), m);
        }
    }
}
