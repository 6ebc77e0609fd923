package org.latent.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InceptionStyleScoreTest {

    /** n images, image i predicted as class i % k with probability `confidence`, the rest spread evenly. */
    private static float[][] predictions(int n, int k, double confidence, boolean allSameClass) {
        float[][] p = new float[n][k];
        for (int i = 0; i < n; i++) {
            Arrays.fill(p[i], (float) ((1 - confidence) / (k - 1)));
            p[i][allSameClass ? 0 : i % k] = (float) confidence;
        }
        return p;
    }

    @Test
    void confidentEvenlySpreadPredictionsScoreTheNumberOfClasses() {
        assertEquals(10, InceptionStyleScore.of(predictions(1000, 10, 1.0, false)), 1e-4);
        // Entropy 0.0101 nats per image at 99.9 % confidence: exp(ln 10 − 0.0101) = 9.90.
        assertEquals(9.90, InceptionStyleScore.of(predictions(1000, 10, 0.999, false)), 0.005);
    }

    @Test
    void identicalPredictionsScoreOne() {
        assertEquals(1, InceptionStyleScore.of(predictions(500, 10, 0.9, true)), 1e-6);
        assertEquals(1, InceptionStyleScore.of(predictions(500, 10, 0.1, false)), 1e-6);
    }

    @Test
    void confidentPredictionsOverHalfTheClassesScoreHalf() {
        float[][] p = predictions(1000, 10, 1.0, false);
        for (int i = 0; i < p.length; i++) {
            Arrays.fill(p[i], 0f);
            p[i][i % 5] = 1f;
        }
        assertEquals(5, InceptionStyleScore.of(p), 1e-4);
    }
}
