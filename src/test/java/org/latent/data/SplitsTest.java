package org.latent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SplitsTest {
    private static Dataset counting(String name, int n) {
        float[] f = new float[n];
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            f[i] = i;
            l[i] = i % 10;
        }
        return Dataset.of(name, f, l, 1);
    }

    @Test
    void tensorflowMnistSplitTakesTheLast5000ForValidation() {
        Dataset test = counting("mnist-test", 10);
        Split s = Splits.tensorflowMnist(new TrainTest(counting("mnist-train", 60_000), test));
        assertEquals(55_000, s.train().size());
        assertEquals(5_000, s.validation().size());
        assertEquals(0f, s.train().feature(0, 0));
        assertEquals(54_999f, s.train().feature(54_999, 0));
        assertEquals(55_000f, s.validation().feature(0, 0));
        assertEquals(59_999f, s.validation().feature(4_999, 0));
        assertEquals(9, s.validation().label(4_999));
        assertEquals("mnist-train", s.train().name());
        assertEquals("mnist-validation", s.validation().name());
        assertSame(test, s.test());
    }

    @Test
    void holdingOutMoreThanThereIsFails() {
        TrainTest tt = new TrainTest(counting("x", 5), counting("y", 1));
        assertThrows(IllegalArgumentException.class, () -> Splits.holdOutLast(tt, 6));
        assertEquals(5, Splits.holdOutLast(tt, 0).train().size());
    }
}
