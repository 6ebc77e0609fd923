import org.latent.backend.Backend;
import org.latent.backend.cpu.CpuBackend;
import org.latent.tensor.Tensor;

/**
 * Adam's step over E1's 1,333,784 parameters on the CPU backend: the median of ROUNDS timings of
 * REPS steps each, after warm-up. run.sh runs it on this build and on another, alternating.
 */
public final class AdamBench {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_333_784, rounds = 11, reps = 50;
        Backend b = new CpuBackend();
        float[] init = new float[n];
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (int i = 0; i < n; i++) init[i] = (float) r.nextGaussian();
        Tensor p = b.upload(init, n), g = b.upload(init, n), m = b.allocate(n), v = b.allocate(n);
        long step = 1;
        for (int i = 0; i < 200; i++) b.adamStep(p, g, m, v, 1e-3f, 0.9f, 0.999f, 1e-8f, step++);
        double[] us = new double[rounds];
        for (int k = 0; k < rounds; k++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) b.adamStep(p, g, m, v, 1e-3f, 0.9f, 0.999f, 1e-8f, step++);
            us[k] = (System.nanoTime() - t0) / 1e3 / reps;
        }
        java.util.Arrays.sort(us);
        System.out.printf("adam %.1f n %d%n", us[rounds / 2], n);
    }
}
