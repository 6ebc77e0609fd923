package org.latent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.latent.backend.cpu.CpuBackend;
import org.latent.tensor.Tensor;
import org.latent.testing.GradCheck;

/**
 * Shared support for the parity tests (tagged "gpu"): one CudaBackend per JVM, or the test is
 * skipped with the reason when no GPU can be opened.
 */
public final class GpuTests {
    private GpuTests() {}

    public static final CpuBackend CPU = new CpuBackend();
    private static CudaBackend gpu;
    private static String unavailable;

    /** The GPU backend, or skips the calling test with the reason. */
    public static synchronized CudaBackend gpu() {
        if (gpu == null && unavailable == null) {
            try {
                gpu = CudaBackend.open(0);
            } catch (RuntimeException | LinkageError e) {
                unavailable = e.getMessage();
            }
        }
        Assumptions.assumeTrue(gpu != null, () -> "no GPU: " + unavailable);
        return gpu;
    }

    /** The same values as {@code cpu}, on the GPU. */
    public static Tensor toGpu(Tensor cpu) {
        return gpu().upload(cpu.toArray(), cpu.shape());
    }

    /** A CPU tensor of uniform random values in [lo, hi). */
    public static Tensor random(long seed, double lo, double hi, int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return CPU.upload(GradCheck.random(seed, n, lo, hi), shape);
    }

    /** ‖gpu − cpu‖ / ‖cpu‖ ≤ tol, and no NaN. */
    public static void assertParity(String what, Tensor cpu, Tensor gpu, double tol) {
        float[] c = cpu.toArray(), g = gpu.toArray();
        for (int i = 0; i < g.length; i++) {
            final int at = i;
            assertTrue(Float.isNaN(c[i]) || !Float.isNaN(g[i]), () -> what + ": GPU gave NaN at " + at);
        }
        double rel = GradCheck.relativeError(g, c);
        assertTrue(rel <= tol, () -> what + ": relative error GPU vs CPU " + rel + " > " + tol);
    }

    public static void assertParity(String what, double cpu, double gpu, double tol) {
        double rel = Math.abs(gpu - cpu) / Math.max(Math.abs(cpu), 1e-30);
        assertTrue(rel <= tol, () -> what + ": GPU " + gpu + " vs CPU " + cpu + ", relative error " + rel + " > " + tol);
    }
}
