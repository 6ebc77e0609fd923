package org.latent.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.latent.backend.cpu.CpuThreads;

/**
 * PCA and principal angles between subspaces (E8: a linear autoencoder's decoder weights span the
 * subspace of PCA's top directions). A subspace is given by a basis matrix [k][d] whose rows span
 * it, as a decoder's dense weight [latent, out] does.
 */
public final class Subspaces {
    private Subspaces() {}

    /**
     * The top k principal directions of {@code data} [n][d], from the eigenvectors of the sample
     * covariance (d x d, so this suits d in the hundreds, such as 784 pixels).
     */
    public static PrincipalComponents pca(float[][] data, int k) {
        int n = data.length, d = n == 0 ? 0 : data[0].length;
        if (n < 2) throw new IllegalArgumentException("pca: needs at least 2 rows, got " + n);
        if (k < 1 || k > d) throw new IllegalArgumentException("pca: k " + k + " must be in [1, " + d + "]");
        for (float[] row : data) {
            if (row.length != d) throw new IllegalArgumentException("pca: rows of different lengths (" + row.length + " and " + d + ")");
        }
        double[] mean = new double[d];
        for (float[] row : data) for (int j = 0; j < d; j++) mean[j] += row[j];
        for (int j = 0; j < d; j++) mean[j] /= n;
        EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(covariance(data, mean), false));
        double[] values = eigen.getRealEigenvalues();
        Integer[] order = IntStream.range(0, d).boxed().sorted(Comparator.comparingDouble(i -> -values[i])).toArray(Integer[]::new);
        double[][] directions = new double[k][];
        double[] variances = new double[k];
        for (int i = 0; i < k; i++) {
            directions[i] = signed(eigen.getEigenvector(order[i]).toArray());
            variances[i] = Math.max(0, values[order[i]]);
        }
        return new PrincipalComponents(mean, directions, variances);
    }

    /**
     * The sample covariance, both halves filled from the same sums so that it is exactly symmetric.
     * Rows are computed in pairs (i, d-1-i) so that the chunks of the triangle hold equal work.
     */
    private static double[][] covariance(float[][] data, double[] mean) {
        int n = data.length, d = mean.length;
        double[][] c = new double[d][d];
        CpuThreads.parallelFor((d + 1) / 2, (long) n * (d + 1), (start, end) -> {
            double[] centred = new double[d];
            for (float[] row : data) {
                for (int j = 0; j < d; j++) centred[j] = row[j] - mean[j];
                for (int pair = start; pair < end; pair++) {
                    accumulateRow(c[pair], centred, pair);
                    if (d - 1 - pair != pair) accumulateRow(c[d - 1 - pair], centred, d - 1 - pair);
                }
            }
        });
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                c[i][j] /= n - 1;
                c[j][i] = c[i][j];
            }
        }
        return c;
    }

    private static void accumulateRow(double[] out, double[] centred, int i) {
        double xi = centred[i];
        for (int j = i; j < centred.length; j++) out[j] += xi * centred[j];
    }

    private static double[] signed(double[] v) {
        int largest = 0;
        for (int j = 1; j < v.length; j++) if (Math.abs(v[j]) > Math.abs(v[largest])) largest = j;
        if (v[largest] < 0) for (int j = 0; j < v.length; j++) v[j] = -v[j];
        return v;
    }

    /**
     * The principal angles, in degrees and ascending, between the row spaces of {@code a} [ka][d]
     * and {@code b} [kb][d]: each basis is orthonormalized by QR, and the angles are the arc
     * cosines of the singular values of Qa^T Qb clipped to [0, 1]; there are min(ka, kb) of them.
     * Throws if a basis is (numerically) rank-deficient.
     */
    public static double[] principalAnglesDegrees(double[][] a, double[][] b) {
        RealMatrix qa = orthonormalColumns(a, "first"), qb = orthonormalColumns(b, "second");
        if (qa.getRowDimension() != qb.getRowDimension()) {
            throw new IllegalArgumentException("principalAngles: bases live in " + qa.getRowDimension() + " and "
                    + qb.getRowDimension() + " dimensions");
        }
        double[] cosines = new SingularValueDecomposition(qa.transpose().multiply(qb)).getSingularValues();
        double[] angles = new double[Math.min(a.length, b.length)];
        for (int i = 0; i < angles.length; i++) angles[i] = Math.toDegrees(Math.acos(Math.min(1, Math.max(0, cosines[i]))));
        Arrays.sort(angles);
        return angles;
    }

    /** An orthonormal basis [d][k] of the row space of {@code basis} [k][d]: the first k columns of QR's Q. */
    private static RealMatrix orthonormalColumns(double[][] basis, String which) {
        int k = basis.length;
        if (k == 0) throw new IllegalArgumentException("principalAngles: the " + which + " basis is empty");
        int d = basis[0].length;
        if (k > d) throw new IllegalArgumentException("principalAngles: the " + which + " basis has " + k + " vectors in " + d + " dimensions");
        RealMatrix columns = new Array2DRowRealMatrix(basis).transpose();
        QRDecomposition qr = new QRDecomposition(columns);
        RealMatrix r = qr.getR();
        double largest = 0;
        for (int i = 0; i < k; i++) largest = Math.max(largest, Math.abs(r.getEntry(i, i)));
        for (int i = 0; i < k; i++) {
            if (!(Math.abs(r.getEntry(i, i)) > 1e-10 * largest)) {
                throw new IllegalArgumentException("principalAngles: the " + which + " basis is rank-deficient (vector " + i
                        + " lies in the span of the ones before it)");
            }
        }
        return qr.getQ().getSubMatrix(0, d - 1, 0, k - 1);
    }

    /** A row-major float array (a downloaded weight tensor) as a [rows][cols] double matrix. */
    public static double[][] matrix(float[] rowMajor, int rows, int cols) {
        if (rowMajor.length != rows * cols) {
            throw new IllegalArgumentException("matrix: " + rowMajor.length + " values for " + rows + " x " + cols);
        }
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) m[i][j] = rowMajor[i * cols + j];
        return m;
    }
}
