package org.latent.eval;

import java.util.HashMap;
import java.util.Map;

/**
 * Agreement of a clustering with reference labels. Cluster ids and labels are any ints; only
 * which points share an id matters.
 */
public final class ClusterScores {
    private ClusterScores() {}

    /** Fraction of points whose label is the most common label of their cluster. */
    public static double purity(int[] clusters, int[] labels) {
        long[][] table = contingency(clusters, labels);
        long majority = 0;
        for (long[] cluster : table) {
            long most = 0;
            for (long count : cluster) most = Math.max(most, count);
            majority += most;
        }
        return (double) majority / clusters.length;
    }

    /**
     * Normalized mutual information with the arithmetic-mean normalization, I(C; L) / ((H(C) +
     * H(L)) / 2) (scikit-learn's default, average_method="arithmetic"); natural logarithms. Two
     * single-group partitions score 1, as in scikit-learn.
     */
    public static double nmi(int[] clusters, int[] labels) {
        long[][] table = contingency(clusters, labels);
        int k = table.length, c = table[0].length;
        double n = clusters.length;
        double[] clusterP = new double[k], labelP = new double[c];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < c; j++) {
                clusterP[i] += table[i][j] / n;
                labelP[j] += table[i][j] / n;
            }
        }
        double hClusters = entropy(clusterP), hLabels = entropy(labelP);
        if (hClusters == 0 && hLabels == 0) return 1;
        double mutual = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < c; j++) {
                if (table[i][j] == 0) continue;
                double p = table[i][j] / n;
                mutual += p * Math.log(p / (clusterP[i] * labelP[j]));
            }
        }
        return Math.max(0, mutual) / ((hClusters + hLabels) / 2);
    }

    /**
     * Accuracy under the best one-to-one matching of clusters to labels (Hungarian algorithm);
     * with more clusters than labels, points of unmatched clusters count as wrong.
     */
    public static double matchedAccuracy(int[] clusters, int[] labels) {
        long[][] table = contingency(clusters, labels);
        boolean clustersAsRows = table.length <= table[0].length;
        int rows = clustersAsRows ? table.length : table[0].length, cols = clustersAsRows ? table[0].length : table.length;
        double[][] cost = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) cost[i][j] = -(clustersAsRows ? table[i][j] : table[j][i]);
        }
        int[] match = Hungarian.minimumCostAssignment(cost);
        double correct = 0;
        for (int i = 0; i < rows; i++) correct -= cost[i][match[i]];
        return correct / clusters.length;
    }

    /** Counts [cluster][label] over the distinct ids, each mapped to 0, 1, ... in order of first appearance. */
    private static long[][] contingency(int[] clusters, int[] labels) {
        if (clusters.length != labels.length) {
            throw new IllegalArgumentException("ClusterScores: " + clusters.length + " cluster ids but " + labels.length + " labels");
        }
        if (clusters.length == 0) throw new IllegalArgumentException("ClusterScores: no points");
        int[] cluster = compact(clusters), label = compact(labels);
        int k = 0, c = 0;
        for (int i = 0; i < cluster.length; i++) {
            k = Math.max(k, cluster[i] + 1);
            c = Math.max(c, label[i] + 1);
        }
        long[][] table = new long[k][c];
        for (int i = 0; i < cluster.length; i++) table[cluster[i]][label[i]]++;
        return table;
    }

    private static int[] compact(int[] ids) {
        Map<Integer, Integer> index = new HashMap<>();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) out[i] = index.computeIfAbsent(ids[i], id -> index.size());
        return out;
    }

    private static double entropy(double[] p) {
        double h = 0;
        for (double v : p) if (v > 0) h -= v * Math.log(v);
        return h;
    }
}
