package org.latent.eval;

/**
 * The Inception-style score of a set of images from a classifier's class probabilities p(y|x):
 * exp of the mean over images of KL(p(y|x) ‖ p(y)), where p(y) is the mean of the p(y|x). It lies
 * between 1 (every image gets the same prediction) and k (each confidently one class, classes used
 * evenly).
 */
public final class InceptionStyleScore {
    private InceptionStyleScore() {}

    /** {@code probabilities} [n][k], each row a distribution over the k classes. */
    public static double of(float[][] probabilities) {
        int n = probabilities.length;
        if (n == 0) throw new IllegalArgumentException("InceptionStyleScore: no images");
        int k = probabilities[0].length;
        double[] marginal = new double[k];
        for (float[] row : probabilities) {
            if (row.length != k) throw new IllegalArgumentException("InceptionStyleScore: rows of " + row.length + " and " + k + " classes");
            for (int j = 0; j < k; j++) marginal[j] += row[j] / (double) n;
        }
        double klSum = 0;
        for (float[] row : probabilities) {
            for (int j = 0; j < k; j++) {
                // 0 · log 0 = 0; a class with p(y|x) > 0 also has p(y) > 0, so the log is finite.
                if (row[j] > 0) klSum += row[j] * (Math.log(row[j]) - Math.log(marginal[j]));
            }
        }
        return Math.exp(klSum / n);
    }
}
