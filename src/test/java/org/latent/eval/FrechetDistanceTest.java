package org.latent.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FrechetDistanceTest {

    /**
     * 2d points μ ± l_i, l_i the columns of `factor` scaled by √((2d − 1)/2): their mean is exactly μ
     * and their sample covariance exactly factor · factorᵀ.
     */
    private static float[][] withMoments(double[] mean, double[][] factor) {
        int d = mean.length;
        double s = Math.sqrt((2 * d - 1) / 2.0);
        float[][] x = new float[2 * d][d];
        for (int i = 0; i < d; i++) {
            for (int r = 0; r < d; r++) {
                x[2 * i][r] = (float) (mean[r] + s * factor[r][i]);
                x[2 * i + 1][r] = (float) (mean[r] - s * factor[r][i]);
            }
        }
        return x;
    }

    @Test
    void aSetIsAtDistanceZeroFromItself() {
        SplittableRandom r = new SplittableRandom(3);
        float[][] x = new float[200][16];
        for (float[] row : x) for (int j = 0; j < row.length; j++) row[j] = (float) (r.nextDouble() * (j + 1));
        assertEquals(0, FrechetDistance.between(x, x), 1e-6);
    }

    @Test
    void diagonalGaussiansMatchTheClosedForm() {
        double[] mean1 = {0, 1, -2}, mean2 = {1, 1, 0}, var1 = {1, 4, 0.25}, var2 = {9, 1, 0.25};
        double[][] f1 = new double[3][3], f2 = new double[3][3];
        double expected = 1 + 0 + 4;   // ‖μ1 − μ2‖²
        for (int i = 0; i < 3; i++) {
            f1[i][i] = Math.sqrt(var1[i]);
            f2[i][i] = Math.sqrt(var2[i]);
            expected += (f1[i][i] - f2[i][i]) * (f1[i][i] - f2[i][i]);   // var1 + var2 − 2 √(var1 var2)
        }
        assertEquals(expected, FrechetDistance.between(withMoments(mean1, f1), withMoments(mean2, f2)), 1e-5);
    }

    /** In two dimensions Tr(A^½) = √(Tr A + 2 √det A) for A with non-negative eigenvalues, here A = C1 C2. */
    @Test
    void nonCommutingCovariancesMatchTheTwoDimensionalFormula() {
        double[][] f1 = {{1, 0}, {0.8, 0.6}}, f2 = {{2, 0}, {-0.5, 0.5}};
        double[][] c1 = product(f1), c2 = product(f2);
        double trProduct = c1[0][0] * c2[0][0] + c1[0][1] * c2[1][0] + c1[1][0] * c2[0][1] + c1[1][1] * c2[1][1];
        double dets = (c1[0][0] * c1[1][1] - c1[0][1] * c1[1][0]) * (c2[0][0] * c2[1][1] - c2[0][1] * c2[1][0]);
        double expected = c1[0][0] + c1[1][1] + c2[0][0] + c2[1][1] - 2 * Math.sqrt(trProduct + 2 * Math.sqrt(dets));
        double[] zero = {0, 0};
        assertEquals(expected, FrechetDistance.between(withMoments(zero, f1), withMoments(zero, f2)), 1e-5);
    }

    private static double[][] product(double[][] f) {
        double[][] c = new double[2][2];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) c[i][j] = f[i][0] * f[j][0] + f[i][1] * f[j][1];
        return c;
    }
}
