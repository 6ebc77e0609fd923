import org.latent.backend.Activation;
import org.latent.backend.PoolGeometry;
import org.latent.backend.cpu.CpuBackend;
import org.latent.rng.RandomKey;
import org.latent.tensor.Tensor;

/**
 * The models' non-GEMM ops at their shapes: E5's first convolution output [128, 64, 26, 26] through
 * bias + ReLU (forward, backward with the bias gradient) and 2 x 2 max pooling (forward, backward;
 * also of its second convolution's [128, 64, 11, 11], odd sizes),
 * E4's dropout [512, 128] and E1's binary cross-entropy from logits [100, 784] with its gradient.
 * Median microseconds per call of 11 timings after warm-up; run.sh runs it on this build and on
 * another, alternating.
 */
public final class ModelOpsBench {
    interface Op {
        void run(int i);
    }

    public static void main(String[] args) {
        CpuBackend b = new CpuBackend();
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        Tensor conv = random(b, r, 128, 64, 26, 26), convDy = random(b, r, 128, 64, 26, 26), convY = b.allocate(128, 64, 26, 26),
                convDx = b.allocate(128, 64, 26, 26), bias = random(b, r, 64), db = b.allocate(64);
        PoolGeometry pool = new PoolGeometry(128, 64, 26, 26, 2, 2, 2, 2);
        Tensor pooled = b.allocate(128, 64, 13, 13), poolDy = random(b, r, 128, 64, 13, 13);
        Tensor h = random(b, r, 512, 128), mask = b.allocate(512, 128), hy = b.allocate(512, 128);
        Tensor logits = random(b, r, 100, 784), target = b.allocate(100, 784), loss = b.allocate(100), grad = b.allocate(100, 784);
        b.randomUniform(target, 0f, 1f, new RandomKey(1, 2, 0));
        time("conv-relu-forward", 40, i -> b.biasActivationForward(conv, bias, Activation.RELU, 0f, null, convY));
        time("conv-relu-backward", 40,
                i -> b.biasActivationBackward(conv, bias, Activation.RELU, 0f, null, convY, convDy, convDx, db, null));
        time("maxpool-forward", 40, i -> b.maxPool2dForward(conv, pooled, pool));
        time("maxpool-backward", 40, i -> b.maxPool2dBackward(conv, pooled, poolDy, convDx, pool));
        Tensor conv2 = random(b, r, 128, 64, 11, 11), conv2Dx = b.allocate(128, 64, 11, 11), pooled2 = b.allocate(128, 64, 5, 5),
                pooled2Dy = random(b, r, 128, 64, 5, 5);
        PoolGeometry pool2 = new PoolGeometry(128, 64, 11, 11, 2, 2, 2, 2);
        time("maxpool11-forward", 160, i -> b.maxPool2dForward(conv2, pooled2, pool2));
        time("maxpool11-backward", 160, i -> b.maxPool2dBackward(conv2, pooled2, pooled2Dy, conv2Dx, pool2));
        time("dropout-forward", 400, i -> b.dropoutForward(h, 0.2f, new RandomKey(1, 3, 40_000L * i), mask, hy));
        time("bce-logits", 400, i -> b.bceWithLogits(logits, target, 0.01f, loss, grad));
        System.out.println();
    }

    private static Tensor random(CpuBackend b, java.util.SplittableRandom r, int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
        return b.upload(v, shape);
    }

    private static void time(String name, int reps, Op op) {
        int rounds = 11;
        for (int i = 0; i < 5 * reps; i++) op.run(i);
        double[] us = new double[rounds];
        for (int k = 0; k < rounds; k++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) op.run(i);
            us[k] = (System.nanoTime() - t0) / 1e3 / reps;
        }
        java.util.Arrays.sort(us);
        System.out.printf("%s %.1f ", name, us[rounds / 2]);
    }
}
