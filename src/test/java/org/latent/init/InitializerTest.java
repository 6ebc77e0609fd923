package org.latent.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.latent.backend.Backend;
import org.latent.backend.cpu.CpuBackend;
import org.latent.rng.RandomKey;
import org.latent.tensor.Tensor;

/**
 * Statistics of 500x500 = 250,000 draws with fanIn = fanOut = 500. Five standard errors: the mean
 * within 5 * std / 500; the sample std within 0.45% of the target for uniforms (relative SE
 * 0.5 * sqrt(0.8 / n) = 8.9e-4) and 0.71% for normals (relative SE sqrt(1 / (2n)) = 1.41e-3).
 */
class InitializerTest {
    private static final int FAN = 500;
    private final Backend b = new CpuBackend();
    private final RandomKey key = new RandomKey(31337, 2, 0);

    private float[] draw(Initializer init) {
        Tensor t = b.allocate(FAN, FAN);
        init.init(b, t, FAN, FAN, key);
        return t.toArray();
    }

    private static void assertMeanAndStd(float[] x, double std, double relTol, String what) {
        double mean = 0, sq = 0;
        for (float v : x) mean += v;
        mean /= x.length;
        for (float v : x) sq += (v - mean) * (v - mean);
        double s = Math.sqrt(sq / x.length);
        assertEquals(0, mean, 5 * std / Math.sqrt(x.length), what + " mean");
        assertEquals(std, s, relTol * std, what + " std");
    }

    private static void assertUniform(float[] x, double limit, String what) {
        double max = 0;
        for (float v : x) {
            assertTrue(Math.abs(v) <= limit, what + ": " + v + " outside +-" + limit);
            max = Math.max(max, Math.abs(v));
        }
        // P(all 250,000 draws inside 0.999 limit) = 0.999^250000, about e^-250
        assertTrue(max > 0.999 * limit, what + ": largest |w| " + max + " far below limit " + limit);
        assertMeanAndStd(x, limit / Math.sqrt(3), 4.5e-3, what);
    }

    @Test
    void uniformInitializersHaveTheirLimits() {
        assertUniform(draw(Initializer.GLOROT_UNIFORM), Math.sqrt(6.0 / (FAN + FAN)), "glorot_uniform");
        assertUniform(draw(Initializer.HE_UNIFORM), Math.sqrt(6.0 / FAN), "he_uniform");
    }

    @Test
    void normalInitializersHaveTheirStd() {
        assertMeanAndStd(draw(Initializer.GLOROT_NORMAL), Math.sqrt(2.0 / (FAN + FAN)), 7.1e-3, "glorot_normal");
        assertMeanAndStd(draw(Initializer.LECUN_NORMAL), Math.sqrt(1.0 / FAN), 7.1e-3, "lecun_normal");
        assertMeanAndStd(draw(Initializer.HE_NORMAL), Math.sqrt(2.0 / FAN), 7.1e-3, "he_normal");
    }

    @Test
    void constantInitializers() {
        for (float v : draw(Initializer.ZEROS)) assertEquals(0f, v);
        for (float v : draw(Initializer.ONES)) assertEquals(1f, v);
    }

    /** Bit-identical to the backend's own fills, so a GPU backend gives the same weights. */
    @Test
    void drawsThroughTheBackendFillsWithUnequalFans() {
        int fanIn = 30, fanOut = 70;
        Tensor t = b.allocate(fanIn, fanOut), ref = b.allocate(fanIn, fanOut);
        Initializer.GLOROT_UNIFORM.init(b, t, fanIn, fanOut, key);
        float glorotLimit = (float) Math.sqrt(6.0 / 100);
        b.randomUniform(ref, -glorotLimit, glorotLimit, key);
        assertArrayEquals(ref.toArray(), t.toArray(), "glorot_uniform");

        Initializer.GLOROT_NORMAL.init(b, t, fanIn, fanOut, key);
        b.randomNormal(ref, 0f, (float) Math.sqrt(2.0 / 100), key);
        assertArrayEquals(ref.toArray(), t.toArray(), "glorot_normal");

        Initializer.LECUN_NORMAL.init(b, t, fanIn, fanOut, key);
        b.randomNormal(ref, 0f, (float) Math.sqrt(1.0 / 30), key);
        assertArrayEquals(ref.toArray(), t.toArray(), "lecun_normal");

        Initializer.HE_NORMAL.init(b, t, fanIn, fanOut, key);
        b.randomNormal(ref, 0f, (float) Math.sqrt(2.0 / 30), key);
        assertArrayEquals(ref.toArray(), t.toArray(), "he_normal");

        Initializer.HE_UNIFORM.init(b, t, fanIn, fanOut, key);
        float heLimit = (float) Math.sqrt(6.0 / 30);
        b.randomUniform(ref, -heLimit, heLimit, key);
        assertArrayEquals(ref.toArray(), t.toArray(), "he_uniform");
    }

    @Test
    void parseAcceptsConfigNamesAndShortForms() {
        assertEquals(Initializer.GLOROT_UNIFORM, Initializer.parse("glorot_uniform"));
        assertEquals(Initializer.GLOROT_NORMAL, Initializer.parse("Glorot_Normal"));
        assertEquals(Initializer.LECUN_NORMAL, Initializer.parse(" lecun_normal "));
        assertEquals(Initializer.HE_NORMAL, Initializer.parse("he_normal"));
        assertEquals(Initializer.HE_UNIFORM, Initializer.parse("he_uniform"));
        assertEquals(Initializer.ZEROS, Initializer.parse("zeros"));
        assertEquals(Initializer.ONES, Initializer.parse("ones"));
        assertEquals(Initializer.HE_NORMAL, Initializer.parse("he"));
        assertEquals(Initializer.GLOROT_UNIFORM, Initializer.parse("glorot"));
        for (Initializer i : Initializer.values()) assertEquals(i, Initializer.parse(i.configName()));
    }

    @Test
    void unknownNameListsTheValidOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Initializer.parse("xavier_uniformm"));
        String msg = e.getMessage();
        assertTrue(msg.contains("'xavier_uniformm'"), msg);
        for (Initializer i : Initializer.values()) assertTrue(msg.contains(i.configName()), msg);
        assertThrows(IllegalArgumentException.class, () -> Initializer.parse(null));
    }

    @Test
    void nonPositiveFansThrow() {
        Tensor t = b.allocate(4, 4);
        var e1 = assertThrows(IllegalArgumentException.class, () -> Initializer.HE_NORMAL.init(b, t, 0, 4, key));
        assertTrue(e1.getMessage().contains("he_normal") && e1.getMessage().contains("fanIn"), e1.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> Initializer.GLOROT_UNIFORM.init(b, t, 4, -1, key));
        assertTrue(e2.getMessage().contains("glorot_uniform") && e2.getMessage().contains("fanOut"), e2.getMessage());
    }
}
