package org.latent.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClusterScoresTest {
    // Labels AAA BBB against clusters {2 A} {1 A, 1 B} {2 B}.
    private static final int[] LABELS = {0, 0, 0, 1, 1, 1};
    private static final int[] CLUSTERS = {0, 0, 1, 1, 2, 2};

    @Test
    void handComputedExample() {
        // Purity: majorities 2 + 1 + 2 of 6.
        assertEquals(5.0 / 6, ClusterScores.purity(CLUSTERS, LABELS), 1e-15);
        // H(labels) = ln 2, H(clusters) = ln 3; the mixed cluster adds no information and each pure
        // one adds (1/3) ln((1/3) / ((1/3)(1/2))) = (1/3) ln 2, so I = (2/3) ln 2 and
        // NMI = (2/3) ln 2 / ((ln 2 + ln 3) / 2) = 0.51580...
        assertEquals((4.0 / 3) * Math.log(2) / Math.log(6), ClusterScores.nmi(CLUSTERS, LABELS), 1e-15);
        // Matching the two pure clusters to their labels gets 4 of 6 right.
        assertEquals(4.0 / 6, ClusterScores.matchedAccuracy(CLUSTERS, LABELS), 1e-15);
    }

    @Test
    void scoresDependOnlyOnThePartitions() {
        int[] renamed = {7, 7, -3, -3, 42, 42};
        int[] relabelled = {5, 5, 5, 9, 9, 9};
        assertEquals(ClusterScores.nmi(CLUSTERS, LABELS), ClusterScores.nmi(renamed, relabelled), 1e-15);
        assertEquals(ClusterScores.purity(CLUSTERS, LABELS), ClusterScores.purity(renamed, relabelled), 1e-15);
        assertEquals(ClusterScores.matchedAccuracy(CLUSTERS, LABELS), ClusterScores.matchedAccuracy(renamed, relabelled), 1e-15);
    }

    @Test
    void identicalPartitionsScoreOne() {
        int[] permuted = {2, 2, 0, 0, 1, 1};
        assertEquals(1, ClusterScores.nmi(CLUSTERS, permuted), 1e-15);
        assertEquals(1, ClusterScores.purity(CLUSTERS, permuted), 1e-15);
        assertEquals(1, ClusterScores.matchedAccuracy(CLUSTERS, permuted), 1e-15);
        assertEquals(1, ClusterScores.nmi(new int[] {3, 3}, new int[] {1, 1}));
        assertEquals(0, ClusterScores.nmi(new int[] {3, 3}, new int[] {1, 2}));
    }

    @Test
    void independentLabelsHaveNearZeroNmi() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 3000;
        int[] clusters = new int[n], labels = new int[n];
        for (int i = 0; i < n; i++) {
            clusters[i] = r.nextInt(5);
            labels[i] = r.nextInt(5);
        }
        // For independent partitions the plug-in mutual information is biased upwards by about
        // (k - 1)(c - 1) / (2n) = 16 / 6000 nats (2n I is then chi-squared with 16 degrees of
        // freedom, standard deviation sqrt(32) / 6000), so NMI ~ 0.0027 / ln 5 = 0.0017; 0.01 is
        // more than 15 standard deviations above that.
        double nmi = ClusterScores.nmi(clusters, labels);
        assertTrue(nmi >= 0 && nmi < 0.01, "NMI " + nmi);
        // Purity of 5 random clusters against 5 balanced labels is only a little above 1/5.
        assertTrue(ClusterScores.purity(clusters, labels) < 0.3);
    }

    @Test
    void moreClustersThanLabelsLeaveUnmatchedClustersWrong() {
        int[] clusters = {0, 1, 2, 3};
        int[] labels = {0, 0, 1, 1};
        assertEquals(0.5, ClusterScores.matchedAccuracy(clusters, labels), 1e-15);
        assertEquals(1, ClusterScores.purity(clusters, labels), 1e-15);
    }

    @Test
    void rejectsMismatchedLengths() {
        assertThrows(IllegalArgumentException.class, () -> ClusterScores.nmi(new int[] {0, 1}, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> ClusterScores.purity(new int[0], new int[0]));
    }
}
