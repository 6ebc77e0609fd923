import org.latent.backend.Activation;
import org.latent.backend.cpu.CpuBackend;
import org.latent.tensor.Tensor;

/**
 * Bias + ReLU forward and backward (with the bias gradient) over E1's hidden layer, [100, 500]:
 * median microseconds of 11 timings of 200 calls each after warm-up. run.sh runs it on this build and
 * on another, alternating.
 */
public final class ActivationBench {
    public static void main(String[] args) {
        int n = 100, c = 500, rounds = 11, reps = 200;
        CpuBackend b = new CpuBackend();
        float[] x = new float[n * c];
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        Tensor xt = b.upload(x, n, c), bias = b.upload(new float[c], c), y = b.allocate(n, c), dy = b.upload(x, n, c),
                dx = b.allocate(n, c), db = b.allocate(c);
        for (int i = 0; i < 2000; i++) {
            b.biasActivationForward(xt, bias, Activation.RELU, 1f, null, y);
            b.biasActivationBackward(xt, bias, Activation.RELU, 1f, null, y, dy, dx, db, null);
        }
        double[] fwd = new double[rounds], bwd = new double[rounds];
        for (int k = 0; k < rounds; k++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) b.biasActivationForward(xt, bias, Activation.RELU, 1f, null, y);
            long t1 = System.nanoTime();
            for (int i = 0; i < reps; i++) b.biasActivationBackward(xt, bias, Activation.RELU, 1f, null, y, dy, dx, db, null);
            fwd[k] = (t1 - t0) / 1e3 / reps;
            bwd[k] = (System.nanoTime() - t1) / 1e3 / reps;
        }
        java.util.Arrays.sort(fwd);
        java.util.Arrays.sort(bwd);
        System.out.printf("relu-forward %.1f relu-backward %.1f%n",
                fwd[rounds / 2], bwd[rounds / 2]);
    }
}
