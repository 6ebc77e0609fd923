import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.latent.backend.Backend;
import org.latent.backend.cpu.CpuBackend;
import org.latent.backend.cpu.CpuThreads;
import org.latent.tensor.Tensor;

/**
 * Times CpuBackend.gemm on every shape of shapes.txt: C = op(A) * op(B) with alpha 1, beta 0,
 * random inputs. First every shape runs briefly so the JIT has seen all code paths; then per
 * shape: warm-up, then SAMPLES timed samples of enough back-to-back calls to last at least
 * SAMPLE_NANOS; prints the median per-call time as GFLOP/s, one tab-separated line per shape
 * (label, GFLOP/s). openblas_sgemm.c does the same with cblas_sgemm. run.sh builds and runs both.
 */
public class CpuGemmBench {
    static final int SAMPLES = 11;
    static final long SAMPLE_NANOS = 20_000_000L, WARMUP_NANOS = 300_000_000L, FIRST_PASS_NANOS = 100_000_000L;

    record Shape(String label, boolean transA, boolean transB, int m, int n, int k) {
        double flops() {
            return 2.0 * m * n * k;
        }
    }

    public static void main(String[] args) throws Exception {
        List<Shape> shapes = readShapes(Path.of(args[0]));
        Backend cpu = new CpuBackend();
        Random random = new Random(42);
        System.err.println("CpuGemmBench: " + CpuThreads.threads() + " threads, java " + System.getProperty("java.version")
                + ", " + CpuBackend.gemmKernel());
        List<Runnable> calls = new ArrayList<>();
        for (Shape s : shapes) {
            Tensor a = random(cpu, random, s.transA ? s.k : s.m, s.transA ? s.m : s.k);
            Tensor b = random(cpu, random, s.transB ? s.n : s.k, s.transB ? s.k : s.n);
            Tensor c = cpu.allocate(s.m, s.n);
            calls.add(() -> cpu.gemm(s.transA, s.transB, 1f, a, b, 0f, c));
        }
        for (Runnable call : calls) {
            long start = System.nanoTime();
            while (System.nanoTime() - start < FIRST_PASS_NANOS) call.run();
        }
        for (int si = 0; si < shapes.size(); si++) {
            Shape s = shapes.get(si);
            Runnable call = calls.get(si);
            long start = System.nanoTime();
            int perSample = 0;
            while (System.nanoTime() - start < WARMUP_NANOS || perSample < 3) {
                call.run();
                perSample++;
            }
            perSample = (int) Math.max(1, perSample * SAMPLE_NANOS / (System.nanoTime() - start));
            double[] nanosPerCall = new double[SAMPLES];
            for (int r = 0; r < SAMPLES; r++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < perSample; i++) call.run();
                nanosPerCall[r] = (double) (System.nanoTime() - t0) / perSample;
            }
            Arrays.sort(nanosPerCall);
            System.out.printf("%s\t%.2f%n", s.label, s.flops() / nanosPerCall[SAMPLES / 2]);
        }
    }

    static Tensor random(Backend backend, Random random, int rows, int cols) {
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) x[i] = random.nextFloat() * 2f - 1f;
        return backend.upload(x, rows, cols);
    }

    static List<Shape> readShapes(Path file) throws Exception {
        List<Shape> shapes = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) continue;
            String[] f = t.split("\\s+");
            shapes.add(new Shape(f[0], f[1].equals("T"), f[2].equals("T"),
                    Integer.parseInt(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5])));
        }
        return shapes;
    }
}
