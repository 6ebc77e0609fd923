package org.latent.model;

import org.latent.testing.Built;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.latent.backend.Activation;
import org.latent.backend.cpu.CpuBackend;
import org.latent.eval.Subspaces;
import org.latent.init.Initializer;
import org.latent.nn.Parameter;
import org.latent.optim.Adam;
import org.latent.tensor.Tensor;

/**
 * E8: a linear autoencoder trained with squared error spans the same subspace as PCA's top
 * directions (Baldi and Hornik 1989: every minimum of its loss projects onto that subspace).
 */
class LinearAutoencoderPcaTest {
    private static final CpuBackend CPU = new CpuBackend();
    private static final int EXAMPLES = 400, SIZE = 30, RANK = 4, BATCH = 40, STEPS = 3000;

    /**
     * 400 points near a random 4-D affine subspace of R^30: code scales 3, 2.5, 2 and 1.5, noise of
     * standard deviation 0.05 on every coordinate, so PCA's 4th variance (about 2) is ~800 times
     * the noise variance and its top-4 span is well separated from the rest.
     */
    private static float[] lowRankData(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] basis = new double[RANK][SIZE];
        double[] offset = new double[SIZE];
        for (double[] row : basis) for (int j = 0; j < SIZE; j++) row[j] = gaussian(random) / Math.sqrt(SIZE);
        for (int j = 0; j < SIZE; j++) offset[j] = gaussian(random);
        double[] scales = {3, 2.5, 2, 1.5};
        float[] x = new float[EXAMPLES * SIZE];
        for (int i = 0; i < EXAMPLES; i++) {
            double[] code = new double[RANK];
            for (int k = 0; k < RANK; k++) code[k] = scales[k] * gaussian(random);
            for (int j = 0; j < SIZE; j++) {
                double v = offset[j] + 0.05 * gaussian(random);
                for (int k = 0; k < RANK; k++) v += code[k] * basis[k][j];
                x[i * SIZE + j] = (float) v;
            }
        }
        return x;
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble(), v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /**
     * After 3000 Adam steps (300 epochs) the mean loss is 0.071, near the noise floor of
     * 26 x 0.05^2 = 0.065 left in the discarded directions, and the largest angle is 0.46 degrees.
     * The 2 degree bound leaves room for other float orders; a decoder missing any one PCA direction
     * would be tens of degrees off (random 4-D subspaces of R^30 are 50-90 degrees apart).
     */
    @Test
    void decoderWeightsSpanPcaTopDirections() {
        float[] data = lowRankData(3);
        Autoencoder ae = Autoencoder.mlp(SIZE, new int[0], RANK, new int[0], Activation.IDENTITY,
                Activation.IDENTITY, Activation.IDENTITY, Activation.IDENTITY, Autoencoder.Loss.SQUARED_ERROR,
                Initializer.GLOROT_UNIFORM);
        org.latent.model.ModelContext built = Built.of(ae, CPU, SIZE, BATCH, 5, p -> new Adam(p, 0.01f));
        Tensor x = CPU.upload(data, EXAMPLES, SIZE);
        for (int s = 0; s < STEPS; s++) {
            Tensor batch = x.rows((s % (EXAMPLES / BATCH)) * BATCH, BATCH);
            ae.trainStep(batch, batch);
        }
        Parameter weight = built.networks().get("decoder").parameters().get(0);
        assertEquals(Arrays.toString(new int[] {RANK, SIZE}), Arrays.toString(weight.shape()));
        float[][] rows = new float[EXAMPLES][];
        for (int i = 0; i < EXAMPLES; i++) rows[i] = Arrays.copyOfRange(data, i * SIZE, (i + 1) * SIZE);
        double[] angles = Subspaces.principalAnglesDegrees(Subspaces.matrix(weight.value().toArray(), RANK, SIZE),
                Subspaces.pca(rows, RANK).directions());
        double loss = ae.evaluate(x, x);
        assertTrue(loss < 0.08, "mean squared error " + loss + " has not converged to the noise floor 0.065");
        for (double angle : angles) assertTrue(angle < 2, "principal angles " + Arrays.toString(angles));
    }
}
