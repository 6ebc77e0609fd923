package org.latent.rundata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Standardized classifier inputs: (x - mean) * scale per feature, targets and labels untouched. */
class ClassifierDataTest {
    @Test
    void standardizeShiftsAndScalesEachFeature() {
        float[] x = {1, 10, 3, 10, 5, 10};   // three examples of two features; the second is constant
        float[] target = {1, 0, 0, 1, 1, 0};
        int[] labels = {0, 1, 0};
        Examples e = new Examples("t", 3, 2, x, target, labels);
        // Feature 0: mean 3, population sd sqrt(8/3); feature 1: constant, so only shifted (scale 1).
        double sd = Math.sqrt(8.0 / 3);
        Examples s = ClassifierData.standardize(e, new double[] {3, 10}, new double[] {1 / sd, 1});
        assertArrayEquals(new float[] {(float) (-2 / sd), 0, 0, 0, (float) (2 / sd), 0}, s.input(), 1e-6f);
        assertSame(target, s.target());
        assertSame(labels, s.labels());
        assertArrayEquals(new float[] {1, 10, 3, 10, 5, 10}, x, "the input array is not changed in place");
    }
}
