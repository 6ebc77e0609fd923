package org.latent.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.junit.jupiter.api.Test;

class SubspacesTest {

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** A random d x d rotation: Q of the QR factorization of a Gaussian matrix; its rows are orthonormal. */
    private static double[][] rotation(int d, SplittableRandom r) {
        double[][] g = new double[d][d];
        for (double[] row : g) for (int j = 0; j < d; j++) row[j] = gaussian(r);
        return new QRDecomposition(new Array2DRowRealMatrix(g)).getQ().getData();
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    @Test
    void aSubspaceMakesZeroAnglesWithAnyOtherBasisOfIt() {
        SplittableRandom r = new SplittableRandom(1);
        int d = 20, k = 4;
        double[][] basis = new double[k][d];
        for (double[] row : basis) for (int j = 0; j < d; j++) row[j] = gaussian(r);
        // Another basis of the same span: an invertible (rotation times scaling) mix of the rows.
        double[][] mix = rotation(k, r), other = new double[k][d];
        for (int i = 0; i < k; i++) {
            for (int m = 0; m < k; m++) for (int j = 0; j < d; j++) other[i][j] += (i + 1) * mix[i][m] * basis[m][j];
        }
        for (double angle : Subspaces.principalAnglesDegrees(basis, other)) assertEquals(0, angle, 1e-5);
    }

    @Test
    void orthogonalSubspacesMakeRightAngles() {
        double[][] a = {{1, 0, 0, 0, 0}, {0, 2, 0, 0, 0}};
        double[][] b = {{0, 0, 1, 1, 0}, {0, 0, 0, 0, 3}};
        assertArrayEquals(new double[] {90, 90}, Subspaces.principalAnglesDegrees(a, b), 1e-12);
    }

    @Test
    void constructedAnglesAreRecovered() {
        // span(e1, e2) against span(cos 30 e1 + sin 30 e3, cos 60 e2 + sin 60 e4), the second
        // given by a skewed basis (sum and difference of those vectors, scaled).
        double c30 = Math.cos(Math.toRadians(30)), s30 = Math.sin(Math.toRadians(30));
        double c60 = Math.cos(Math.toRadians(60)), s60 = Math.sin(Math.toRadians(60));
        double[][] a = {{1, 1, 0, 0}, {0, 3, 0, 0}};
        double[][] b = {{c30, c60, s30, s60}, {2 * c30, -2 * c60, 2 * s30, -2 * s60}};
        assertArrayEquals(new double[] {30, 60}, Subspaces.principalAnglesDegrees(a, b), 1e-9);
        // Fewer vectors on one side: min(ka, kb) angles.
        assertArrayEquals(new double[] {30}, Subspaces.principalAnglesDegrees(a, new double[][] {{c30, 0, s30, 0}}), 1e-9);
    }

    @Test
    void rejectsRankDeficientAndMismatchedBases() {
        double[][] good = {{1, 0, 0}, {0, 1, 0}};
        assertThrows(IllegalArgumentException.class, () -> Subspaces.principalAnglesDegrees(good, new double[][] {{1, 2, 3}, {2, 4, 6}}));
        assertThrows(IllegalArgumentException.class, () -> Subspaces.principalAnglesDegrees(good, new double[][] {{1, 0}, {0, 1}}));
    }

    @Test
    void pcaFindsTheAxesOfAnAnisotropicGaussian() {
        SplittableRandom r = new SplittableRandom(2);
        int n = 5000, d = 6;
        double[] std = {5, 3, 1, 0.5, 0.3, 0.2};
        double[] centre = {1, -2, 3, 0, 4, 5};
        double[][] axes = rotation(d, r);
        float[][] x = new float[n][d];
        for (float[] row : x) {
            for (int a = 0; a < d; a++) {
                double s = std[a] * gaussian(r);
                for (int j = 0; j < d; j++) row[j] += (float) (s * axes[a][j]);
            }
            for (int j = 0; j < d; j++) row[j] += (float) centre[j];
        }
        PrincipalComponents pca = Subspaces.pca(x, 3);
        // The sampling error of direction i is about sqrt(l_i l_j / n) / (l_i - l_j) radians for
        // the nearest variance l_j: 0.013 and 0.005 rad for the first two, 0.015 rad for the third,
        // so |cos| > 0.999 holds with a wide margin.
        for (int i = 0; i < 3; i++) {
            assertTrue(Math.abs(dot(pca.directions()[i], axes[i])) > 0.999, "direction " + i);
            assertEquals(1, Math.sqrt(dot(pca.directions()[i], pca.directions()[i])), 1e-12);
            assertEquals(std[i] * std[i], pca.variances()[i], 0.1 * std[i] * std[i]);
        }
        for (int j = 0; j < d; j++) assertEquals(centre[j], pca.mean()[j], 0.2);
        double[][] top = {axes[0], axes[1], axes[2]};
        for (double angle : Subspaces.principalAnglesDegrees(pca.directions(), top)) assertTrue(angle < 2, "angle " + angle);
    }

    @Test
    void constantCoordinatesCarryNoVariance() {
        // Like MNIST's always-blank border pixels: a singular covariance.
        float[][] x = {{0, 1, 7}, {0, -1, 7}, {0, 2, 7}, {0, -2, 7}};
        PrincipalComponents pca = Subspaces.pca(x, 2);
        assertArrayEquals(new double[] {0, 1, 0}, pca.directions()[0], 1e-12);
        assertEquals(10.0 / 3, pca.variances()[0], 1e-12);
        assertEquals(0, pca.variances()[1], 1e-12);
    }

    @Test
    void matrixReadsRowMajorWeights() {
        assertArrayEquals(new double[][] {{1, 2, 3}, {4, 5, 6}}, Subspaces.matrix(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> Subspaces.matrix(new float[5], 2, 3));
    }
}
