package org.latent.eval;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * The Fréchet distance between Gaussians fitted to two sets of feature vectors:
 * ‖μ1 − μ2‖² + Tr(C1 + C2 − 2 (C1 C2)^½), with sample covariances (divisor n − 1).
 *
 * <p>C1 C2 is not symmetric, so its square root is not taken directly: it is similar to
 * √C1 C2 √C1, which is symmetric positive semi-definite, so Tr((C1 C2)^½) is the sum of the square
 * roots of that matrix's eigenvalues (tiny negative ones from rounding count as 0).
 */
public final class FrechetDistance {
    private FrechetDistance() {}

    /** {@code a} [n1][d] and {@code b} [n2][d], each with at least two vectors. */
    public static double between(float[][] a, float[][] b) {
        int d = a[0].length;
        if (b[0].length != d) throw new IllegalArgumentException("FrechetDistance: features of size " + d + " and " + b[0].length);
        double[] meanA = mean(a), meanB = mean(b);
        RealMatrix covA = covariance(a, meanA), covB = covariance(b, meanB);
        double meanTerm = 0;
        for (int i = 0; i < d; i++) meanTerm += (meanA[i] - meanB[i]) * (meanA[i] - meanB[i]);
        return meanTerm + covA.getTrace() + covB.getTrace() - 2 * traceOfSqrtProduct(covA, covB);
    }

    private static double traceOfSqrtProduct(RealMatrix c1, RealMatrix c2) {
        RealMatrix root = symmetricSqrt(c1);
        RealMatrix m = root.multiply(c2).multiply(root);
        // Symmetrize: the products above leave rounding asymmetry that EigenDecomposition would misread.
        m = m.add(m.transpose()).scalarMultiply(0.5);
        double sum = 0;
        for (double lambda : new EigenDecomposition(m).getRealEigenvalues()) sum += Math.sqrt(Math.max(lambda, 0));
        return sum;
    }

    private static RealMatrix symmetricSqrt(RealMatrix c) {
        EigenDecomposition e = new EigenDecomposition(c);
        RealMatrix v = e.getV();
        double[] lambdas = e.getRealEigenvalues();
        RealMatrix scaled = v.copy();
        for (int j = 0; j < lambdas.length; j++) {
            double s = Math.sqrt(Math.max(lambdas[j], 0));
            for (int i = 0; i < v.getRowDimension(); i++) scaled.multiplyEntry(i, j, s);
        }
        return scaled.multiply(v.transpose());
    }

    private static double[] mean(float[][] x) {
        if (x.length < 2) throw new IllegalArgumentException("FrechetDistance: at least two vectors per set are needed, got " + x.length);
        double[] m = new double[x[0].length];
        for (float[] row : x) for (int i = 0; i < m.length; i++) m[i] += row[i];
        for (int i = 0; i < m.length; i++) m[i] /= x.length;
        return m;
    }

    private static RealMatrix covariance(float[][] x, double[] mean) {
        int d = mean.length;
        double[][] c = new double[d][d];
        double[] centered = new double[d];
        for (float[] row : x) {
            for (int i = 0; i < d; i++) centered[i] = row[i] - mean[i];
            for (int i = 0; i < d; i++) for (int j = i; j < d; j++) c[i][j] += centered[i] * centered[j];
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                c[i][j] /= x.length - 1;
                c[j][i] = c[i][j];
            }
        }
        return new Array2DRowRealMatrix(c, false);
    }
}
