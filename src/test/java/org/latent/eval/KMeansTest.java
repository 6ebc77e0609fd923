package org.latent.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.latent.rng.RandomKey;

class KMeansTest {
    private static final RandomKey KEY = new RandomKey(7, 0, 0);

    /** 5 clusters of 120 points in 8 dimensions: unit-variance Gaussians around centres 10 apart on the axes. */
    private static final int CLUSTERS = 5, PER_CLUSTER = 120, DIM = 8;

    private static float[][] points(int[] labels) {
        SplittableRandom r = new SplittableRandom(11);
        float[][] x = new float[CLUSTERS * PER_CLUSTER][DIM];
        for (int i = 0; i < x.length; i++) {
            labels[i] = i % CLUSTERS;
            for (int t = 0; t < DIM; t++) x[i][t] = (float) ((t == labels[i] ? 10 : 0) + gaussian(r));
        }
        return x;
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    @Test
    void recoversWellSeparatedGaussianClusters() {
        int[] labels = new int[CLUSTERS * PER_CLUSTER];
        float[][] x = points(labels);
        KMeans.Result fit = KMeans.fit(x, CLUSTERS, 5, 100, KEY);
        // Centres are 10 * sqrt(2) = 14 apart against unit noise: a point is nearer another centre
        // only beyond 7 standard deviations along the line joining them, so the clustering is exact
        // up to a relabelling; the bounds leave room for a few points anyway.
        assertTrue(ClusterScores.purity(fit.assignments(), labels) >= 0.99);
        assertTrue(ClusterScores.nmi(fit.assignments(), labels) >= 0.95);
        assertTrue(ClusterScores.matchedAccuracy(fit.assignments(), labels) >= 0.99);
        // Inertia is about n * d = 4800 (the noise) at the true clustering.
        assertTrue(fit.inertia() < 1.2 * x.length * DIM, "inertia " + fit.inertia());
        for (double[] c : fit.centroids()) {
            double largest = 0;
            for (double v : c) largest = Math.max(largest, v);
            assertEquals(10, largest, 0.5);
        }
    }

    @Test
    void theBestRestartHasTheLeastInertiaAndSeededRunsRepeat() {
        int[] labels = new int[CLUSTERS * PER_CLUSTER];
        float[][] x = points(labels);
        // More clusters than groups, so local minima differ: with this key the third restart finds
        // a clustering of lower inertia (4385) than the first (4414).
        KMeans.Result best = KMeans.fit(x, 8, 6, 100, KEY), again = KMeans.fit(x, 8, 6, 100, KEY);
        assertArrayEquals(best.assignments(), again.assignments());
        assertEquals(best.inertia(), again.inertia());
        assertTrue(best.inertia() < KMeans.fit(x, 8, 1, 100, KEY).inertia());
    }

    @Test
    void handlesFewerDistinctPointsThanClusters() {
        float[][] x = {{0, 0}, {0, 0}, {0, 0}, {5, 5}, {5, 5}};
        int[] a = KMeans.fit(x, 3, 3, 20, KEY).assignments();
        assertEquals(0, KMeans.fit(x, 3, 3, 20, KEY).inertia());
        assertTrue(a[0] == a[1] && a[1] == a[2] && a[3] == a[4] && a[0] != a[3]);
    }

    @Test
    void rejectsBadArguments() {
        float[][] x = {{0, 0}, {1, 1}};
        assertThrows(IllegalArgumentException.class, () -> KMeans.fit(x, 3, 1, 10, KEY));
        assertThrows(IllegalArgumentException.class, () -> KMeans.fit(x, 0, 1, 10, KEY));
        assertThrows(IllegalArgumentException.class, () -> KMeans.fit(new float[][] {{0, 0}, {1}}, 1, 1, 10, KEY));
    }
}
