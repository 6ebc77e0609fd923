package org.latent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Assumptions;
import org.latent.backend.cpu.CpuBackend;
import org.latent.tensor.Shapes;
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

    /** An output tensor pre-filled with NaN, so an element the GPU forgets to write shows. */
    public static Tensor garbage(int... shape) {
        Tensor t = gpu().allocate(shape);
        gpu().fill(t, Float.NaN);
        return t;
    }

    /** A GPU view at offset PAD inside a buffer whose other elements hold SENTINEL. */
    public record Embedded(Tensor parent, Tensor view) {
        private static final int PAD = 5;
        private static final float SENTINEL = 42.5f;

        public static Embedded of(Tensor cpu) {
            return of(cpu.toArray(), cpu.shape());
        }

        public static Embedded garbage(int... shape) {
            float[] v = new float[Shapes.size(shape)];
            Arrays.fill(v, Float.NaN);
            return of(v, shape);
        }

        private static Embedded of(float[] values, int[] shape) {
            float[] all = new float[PAD + values.length + PAD];
            Arrays.fill(all, SENTINEL);
            System.arraycopy(values, 0, all, PAD, values.length);
            Tensor parent = gpu().upload(all, all.length);
            return new Embedded(parent, parent.view(PAD, shape));
        }

        public void assertPaddingKept(String what) {
            float[] all = parent.toArray();
            for (int i = 0; i < all.length; i++) {
                if (i >= PAD && i < PAD + view.size()) continue;
                assertEquals(SENTINEL, all[i], what + ": element " + i + " outside the view was written");
            }
        }
    }
}
