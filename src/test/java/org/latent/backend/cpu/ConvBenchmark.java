package org.latent.backend.cpu;

import org.latent.backend.ConvGeometry;
import org.latent.backend.ConvGeometry.Padding;
import org.latent.testing.GradCheck;

/**
 * Times the fast convolution paths against the reference loops at the shapes of experiments E5
 * (MNIST CNN, batch 128) and E6 (DCGAN, batch 256); the transposed convolutions appear as the
 * convolution whose adjoint they are. The reference runs on a few examples and is scaled to the
 * batch. With the Vector API (CpuConv's batched-GEMM paths) it times those against the tiled paths
 * instead. Run after {@code mvn test-compile}:
 * {@code java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes org.latent.backend.cpu.ConvBenchmark}
 */
public final class ConvBenchmark {
    private static final int REFERENCE_BATCH = 4;

    private interface Op {
        void run(CpuTensor x, CpuTensor w, CpuTensor y, CpuTensor dx, CpuTensor dw, ConvGeometry g);
    }

    public static void main(String[] args) {
        if (args.length > 0) only = args[0];
        System.out.printf("threads %d, GEMM kernel: %s, java %s%n", CpuThreads.threads(), CpuGemm.kernelName(), System.getProperty("java.version"));
        bench("E5 conv1 1->64 3x3 valid 28x28, n128", ConvGeometry.of(128, 1, 28, 28, 64, 3, 3, 1, Padding.VALID));
        bench("E5 conv2 64->64 3x3 valid 13x13, n128", ConvGeometry.of(128, 64, 13, 13, 64, 3, 3, 1, Padding.VALID));
        bench("E6 D conv1 1->64 3x3 s2 same 28->14, n256", ConvGeometry.of(256, 1, 28, 28, 64, 3, 3, 2, Padding.SAME));
        bench("E6 D conv2 64->64 3x3 s2 same 14->7, n256", ConvGeometry.of(256, 64, 14, 14, 64, 3, 3, 2, Padding.SAME));
        bench("E6 G convT 128->128 4x4 s2 7->14, n256", ConvGeometry.of(256, 128, 14, 14, 128, 4, 4, 2, Padding.SAME));
        bench("E6 G convT 128->128 4x4 s2 14->28, n256", ConvGeometry.of(256, 128, 28, 28, 128, 4, 4, 2, Padding.SAME));
        bench("E6 G conv 128->1 7x7 same 28x28, n256", ConvGeometry.of(256, 128, 28, 28, 1, 7, 7, 1, Padding.SAME));
    }

    /** The first argument, if any, picks the shapes whose name contains it. */
    private static String only = "";

    private static void bench(String name, ConvGeometry g) {
        if (!name.contains(only)) return;
        CpuBackend b = new CpuBackend();
        System.out.printf("%s  (%.2f GFLOP per pass)%n", name, g.flops() / 1e9);
        time("forward", g, b, (x, w, y, dx, dw, gg) -> CpuConv.forward(x, w, y, gg),
                (x, w, y, dx, dw, gg) -> CpuConv.referenceForward(x, w, y, gg));
        time("backwardData", g, b, (x, w, y, dx, dw, gg) -> CpuConv.backwardData(y, w, dx, gg),
                (x, w, y, dx, dw, gg) -> CpuConv.referenceBackwardData(y, w, dx, gg));
        time("backwardFilter", g, b, (x, w, y, dx, dw, gg) -> CpuConv.backwardFilter(x, y, dw, gg),
                (x, w, y, dx, dw, gg) -> CpuConv.referenceBackwardFilter(x, y, dw, gg));
    }

    /**
     * Prints wall time and CPU time (all threads): the machine may be shared, and CPU time is the
     * steadier measure of the work each path does.
     */
    private static void time(String what, ConvGeometry g, CpuBackend b, Op fast, Op reference) {
        if (CpuConv.viaGemm) {
            // The batched-GEMM paths (Vector API) against the tiled paths that run without it.
            double[] gemm = timed(g, b, fast, 1.0);
            CpuConv.viaGemm = false;
            double[] tiled;
            try {
                tiled = timed(g, b, fast, 1.0);
            } finally {
                CpuConv.viaGemm = true;
            }
            System.out.printf("  %-15s via GEMM %7.1f ms wall, %7.1f ms cpu (%5.1f GFLOP per cpu-s) | tiled %7.1f ms wall,"
                            + " %7.1f ms cpu | speed-up %4.1fx in cpu time, %4.1fx in wall time%n",
                    what, gemm[0] * 1e3, gemm[1] * 1e3, g.flops() / gemm[1] / 1e9, tiled[0] * 1e3, tiled[1] * 1e3,
                    tiled[1] / gemm[1], tiled[0] / gemm[0]);
            if (!REFERENCE) return;
        }
        double[] f = timed(g, b, fast, 1.0);
        double[] r = timed(g.withBatch(REFERENCE_BATCH), b, reference, 0.5);
        double scale = (double) g.n() / REFERENCE_BATCH;
        System.out.printf("  %-15s fast %7.1f ms wall, %7.1f ms cpu (%5.1f GFLOP per cpu-s) | reference %8.0f ms cpu"
                        + " | speed-up %5.1fx in cpu time, %5.1fx in wall time%n",
                what, f[0] * 1e3, f[1] * 1e3, g.flops() / f[1] / 1e9, r[1] * scale * 1e3, r[1] * scale / f[1],
                r[0] * scale / f[0]);
    }

    /** -Dreference=true also times the reference loops (slow) when the GEMM paths run. */
    private static final boolean REFERENCE = Boolean.getBoolean("reference");

    /** {wall seconds, cpu seconds} per call, averaged over calls filling at least minSeconds of wall time, after a warm-up. */
    private static double[] timed(ConvGeometry g, CpuBackend b, Op op, double minSeconds) {
        CpuTensor x = (CpuTensor) b.upload(GradCheck.random(1, sizeOf(g.inputShape()), -1, 1), g.inputShape());
        CpuTensor w = (CpuTensor) b.upload(GradCheck.random(2, sizeOf(g.weightShape()), -1, 1), g.weightShape());
        CpuTensor y = (CpuTensor) b.upload(GradCheck.random(3, sizeOf(g.outputShape()), -1, 1), g.outputShape());
        CpuTensor dx = (CpuTensor) b.allocate(g.inputShape()), dw = (CpuTensor) b.allocate(g.weightShape());
        op.run(x, w, y, dx, dw, g);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long t0 = System.nanoTime(), c0 = os.getProcessCpuTime();
        int calls = 0;
        do {
            op.run(x, w, y, dx, dw, g);
            calls++;
        } while (System.nanoTime() - t0 < minSeconds * 1e9);
        return new double[] {(System.nanoTime() - t0) / 1e9 / calls, (os.getProcessCpuTime() - c0) / 1e9 / calls};
    }

    private static int sizeOf(int[] shape) {
        int s = 1;
        for (int d : shape) s *= d;
        return s;
    }
}
