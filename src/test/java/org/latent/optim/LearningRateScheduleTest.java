package org.latent.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each schedule against values worked out by hand (t = steps already taken). */
class LearningRateScheduleTest {
    private static final double EXACT = 1e-15;

    @Test
    void stepHalvesEveryThreeSteps() {
        LearningRateSchedule s = LearningRateSchedule.step(0.1, 3, 0.5);
        double[] expected = {0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125};
        for (int t = 0; t < expected.length; t++) assertEquals(expected[t], s.lr(t), EXACT, "t " + t);
        assertTrue(s.varies());
    }

    @Test
    void exponentialDecaysContinuously() {
        LearningRateSchedule s = LearningRateSchedule.exponential(0.1, 0.5, 2);
        assertEquals(0.1, s.lr(0), EXACT);
        assertEquals(0.1 / Math.sqrt(2), s.lr(1), EXACT, "0.1 * 0.5^(1/2) = 0.0707106781...");
        assertEquals(0.070710678118654752, s.lr(1), 1e-16);
        assertEquals(0.05, s.lr(2), EXACT);
        assertEquals(0.025, s.lr(4), EXACT);
        assertEquals(0.1 * Math.pow(0.5, 2.5), s.lr(5), EXACT);
    }

    @Test
    void cosineWarmsUpLinearlyThenFollowsHalfACosine() {
        LearningRateSchedule s = LearningRateSchedule.cosine(1.0, 2, 6, 0.0);
        // Warm-up: (t + 1) / 2; then p = (t - 2) / 4 and (1 + cos(pi p)) / 2.
        assertEquals(0.5, s.lr(0), EXACT);
        assertEquals(1.0, s.lr(1), EXACT);
        assertEquals(1.0, s.lr(2), EXACT, "p = 0");
        assertEquals(0.85355339059327376, s.lr(3), 1e-15, "(1 + cos(pi/4)) / 2 = (2 + sqrt 2) / 4");
        assertEquals(0.5, s.lr(4), 1e-15, "p = 1/2");
        assertEquals(0.14644660940672624, s.lr(5), 1e-15, "(2 - sqrt 2) / 4");
        assertEquals(0.0, s.lr(6), 1e-15, "p = 1");
        assertEquals(0.0, s.lr(100), 1e-15, "after total_steps: min_lr");
        LearningRateSchedule floor = LearningRateSchedule.cosine(1.0, 0, 4, 0.1);
        assertEquals(1.0, floor.lr(0), EXACT, "no warm-up: the full rate at once");
        assertEquals(0.55, floor.lr(2), 1e-15, "0.1 + 0.9 * (1 + cos(pi/2)) / 2");
        assertEquals(0.1, floor.lr(4), 1e-15);
    }

    @Test
    void plateauReducesAfterMoreThanPatienceBadEpochsWithCooldownAndAFloor() {
        // factor 0.5, patience 1, min_delta 0.01, min_lr 0.2, cooldown 1 (PyTorch's rules, absolute threshold).
        LearningRateSchedule s = LearningRateSchedule.plateau(1.0, 0.5, 1, 0.01, 0.2, 1);
        double[] losses = {10, 9.995, 9.99, 9.99, 9.5, 9.5, 9.5, 9.5, 9.5, 9.5, 9.5, 9.5, 9.5};
        // e1 best 10; e2 9.995 is not below 10 - 0.01: 1 bad; e3: 2 bad > 1: 0.5, cooldown 1;
        // e4 in cooldown; e5 9.5 a new best; e6 1 bad; e7 2 bad: 0.25; e8 cooldown; e9 1 bad;
        // e10: 0.125 floored at 0.2; e11 cooldown; e12 1 bad; e13 2 bad: 0.2 stays (no reduction).
        double[] lr = {1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.2, 0.2, 0.2, 0.2};
        boolean[] reduced = {false, false, true, false, false, false, true, false, false, true, false, false, false};
        assertEquals(1.0, s.lr(0), EXACT);
        for (int e = 0; e < losses.length; e++) {
            assertEquals(reduced[e], s.epochEnd(losses[e]), "epoch " + (e + 1) + " reduces");
            assertEquals(lr[e], s.lr(12345), EXACT, "rate after epoch " + (e + 1));
        }
        assertEquals(3, s.reductions());

        LearningRateSchedule again = LearningRateSchedule.plateau(1.0, 0.5, 1, 0.01, 0.2, 1);
        for (int e = 0; e < 6; e++) again.epochEnd(losses[e]);
        LearningRateSchedule restored = LearningRateSchedule.plateau(1.0, 0.5, 1, 0.01, 0.2, 1);
        restored.restore(again.state());
        for (int e = 6; e < losses.length; e++) {
            again.epochEnd(losses[e]);
            restored.epochEnd(losses[e]);
            assertEquals(again.lr(0), restored.lr(0), "a restored state decides as the original");
        }
    }

    @Test
    void constantAndOtherSchedulesIgnoreTheValidationLoss() {
        LearningRateSchedule c = LearningRateSchedule.constant(0.3);
        assertFalse(c.varies());
        assertFalse(c.epochEnd(1.0));
        assertEquals(0.3, c.lr(1_000_000), EXACT);
        assertFalse(LearningRateSchedule.step(0.1, 1, 0.5).epochEnd(Double.NaN));
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(0.1, 0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.exponential(0.1, 1.5, 1));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(0.1, 10, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.plateau(0.1, 1.0, 1, 0, 0, 0));
    }
}
