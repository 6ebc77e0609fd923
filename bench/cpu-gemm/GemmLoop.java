import java.util.Random;
import org.latent.backend.Backend;
import org.latent.backend.cpu.CpuBackend;
import org.latent.tensor.Tensor;

/**
 * Calls CpuBackend.gemm on one shape back to back and prints GFLOP/s once a second, for a
 * profiler to watch (profile.sh). Arguments: opA opB M N K seconds, e.g. {@code N N 64 2058 576 8}.
 */
public class GemmLoop {
    public static void main(String[] args) {
        if (args.length != 6) throw new IllegalArgumentException("usage: GemmLoop opA opB M N K seconds (op: N or T)");
        boolean transA = args[0].equals("T"), transB = args[1].equals("T");
        int m = Integer.parseInt(args[2]), n = Integer.parseInt(args[3]), k = Integer.parseInt(args[4]);
        int seconds = Integer.parseInt(args[5]);
        Backend cpu = new CpuBackend();
        Random random = new Random(42);
        Tensor a = random(cpu, random, transA ? k : m, transA ? m : k), b = random(cpu, random, transB ? n : k, transB ? k : n);
        Tensor c = cpu.allocate(m, n);
        for (int s = 0; s < seconds; s++) {
            long start = System.nanoTime(), calls = 0;
            while (System.nanoTime() - start < 1_000_000_000L) {
                cpu.gemm(transA, transB, 1f, a, b, 0f, c);
                calls++;
            }
            System.out.printf("%.1f GFLOP/s%n", 2.0 * m * n * k * calls / (System.nanoTime() - start));
        }
    }

    private static Tensor random(Backend cpu, Random random, int rows, int cols) {
        float[] values = new float[rows * cols];
        for (int i = 0; i < values.length; i++) values[i] = random.nextFloat() - 0.5f;
        return cpu.upload(values, rows, cols);
    }
}
