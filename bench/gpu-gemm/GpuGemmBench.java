package org.latent.backend.cuda;

import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuEventDestroy;
import static jcuda.driver.JCudaDriver.cuEventElapsedTime;
import static jcuda.driver.JCudaDriver.cuEventRecord;
import static jcuda.driver.JCudaDriver.cuEventSynchronize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import org.latent.tensor.Tensor;

/**
 * Kernel-level GEMM benchmark: the products of the real models, each run by cuBLAS and by every
 * version of our SGEMM kernel, timed with CUDA events on the backend's stream (20 warm-ups, median
 * of 50). A large cuBLAS SGEMM measured in the same run gives the reference peak. Own results are
 * checked against cuBLAS's. In package backend.cuda for the stream and the kernel-version switch.
 * Usage: bench/gpu-gemm/run.sh
 */
public final class GpuGemmBench {
    private static final int WARMUPS = 20, SAMPLES = 50;
    /** v1 (one thread per element) would take minutes on the peak shape; it is not run above this many flops. */
    private static final double V1_MAX_FLOPS = 1e11;

    /** One product: C[m,n] = op(A)[m,k] op(B)[k,n]. */
    private record Case(String name, boolean ta, boolean tb, int m, int n, int k) {
        double flops() { return 2.0 * m * n * k; }
        long aSize() { return (long) m * k; }
        long bSize() { return (long) k * n; }
        long cSize() { return (long) m * n; }
    }

    private static List<Case> cases() {
        List<Case> cs = new ArrayList<>();
        // E1 VAE, batch 100, J = 20: Dense layers y = x W (W [in, out]) forward, then the weight gradient
        // dW = x^T dz and the input gradient dx = dz W^T of each.
        int[][] dense = {{784, 500}, {500, 500}, {500, 40}, {20, 500}, {500, 784}};
        for (int[] d : dense) cs.add(new Case("vae fwd " + d[0] + "->" + d[1], false, false, 100, d[1], d[0]));
        for (int[] d : dense) cs.add(new Case("vae dW " + d[0] + "->" + d[1], true, false, d[0], d[1], 100));
        for (int[] d : dense) cs.add(new Case("vae dx " + d[0] + "->" + d[1], false, true, 100, d[0], d[1]));
        // E6 DCGAN, batch 256, convolutions as im2col products: M = output channels, K = input
        // channels * kernel area, N = output pixels * batch (weight gradients reduce over N).
        cs.add(new Case("gan G dense 100->6272", false, false, 256, 6272, 100));
        cs.add(new Case("gan D conv1 1->64 3x3 s2", false, false, 64, 196 * 256, 9));
        cs.add(new Case("gan D conv2 64->64 3x3 s2", false, false, 64, 49 * 256, 576));
        cs.add(new Case("gan D conv2 dW", false, true, 64, 576, 49 * 256));
        cs.add(new Case("gan G convT1 7->14 col", true, false, 2048, 49 * 256, 128));
        cs.add(new Case("gan G convT2 14->28 col", true, false, 2048, 196 * 256, 128));
        cs.add(new Case("gan G convT2 dx", false, false, 128, 196 * 256, 2048));
        cs.add(new Case("gan G convT2 dW", false, true, 128, 2048, 196 * 256));
        cs.add(new Case("gan G conv 128->1 7x7", false, false, 1, 784 * 256, 6272));
        return cs;
    }

    private final CudaBackend b;
    private final CUevent[] starts = new CUevent[SAMPLES], ends = new CUevent[SAMPLES];
    private final Tensor fillA, fillB, fillC;

    private GpuGemmBench(CudaBackend b) {
        this.b = b;
        for (int i = 0; i < SAMPLES; i++) {
            starts[i] = event();
            ends[i] = event();
        }
        fillA = b.allocate(4096, 4096);
        fillB = b.allocate(4096, 4096);
        fillC = b.allocate(4096, 4096);
    }

    private static CUevent event() {
        CUevent e = new CUevent();
        CudaCheck.driver(cuEventCreate(e, CUevent_flags.CU_EVENT_DEFAULT), "cuEventCreate");
        return e;
    }

    /**
     * Median milliseconds of one call. A few milliseconds of cuBLAS work go first, so that all
     * samples are queued before the GPU reaches them and host launch overhead stays out of the
     * events' intervals.
     */
    private double medianMs(Runnable call) {
        for (int i = 0; i < WARMUPS; i++) call.run();
        path(CudaBackend.GemmPath.CUBLAS, 0, () -> b.gemm(false, false, 1f, fillA, fillB, 0f, fillC));
        for (int i = 0; i < SAMPLES; i++) {
            CudaCheck.driver(cuEventRecord(starts[i], b.stream), "cuEventRecord");
            call.run();
            CudaCheck.driver(cuEventRecord(ends[i], b.stream), "cuEventRecord");
        }
        CudaCheck.driver(cuEventSynchronize(ends[SAMPLES - 1]), "cuEventSynchronize");
        double[] ms = new double[SAMPLES];
        float[] t = new float[1];
        for (int i = 0; i < SAMPLES; i++) {
            CudaCheck.driver(cuEventElapsedTime(t, starts[i], ends[i]), "cuEventElapsedTime");
            ms[i] = t[0];
        }
        Arrays.sort(ms);
        return (ms[SAMPLES / 2 - 1] + ms[SAMPLES / 2]) / 2;
    }

    /** Runs body with the GEMM path (and our kernel version) selected, restoring the previous choice. */
    private void path(CudaBackend.GemmPath p, int version, Runnable body) {
        CudaBackend.GemmPath savedPath = b.gemmPath();
        int savedVersion = b.gemm.ownVersion;
        b.gemmPath(p);
        if (version > 0) b.gemm.ownVersion = version;
        try {
            body.run();
        } finally {
            b.gemmPath(savedPath);
            b.gemm.ownVersion = savedVersion;
        }
    }

    private static double relativeError(float[] got, float[] want) {
        double diff = 0, norm = 0;
        for (int i = 0; i < got.length; i++) {
            double d = (double) got[i] - want[i];
            diff += d * d;
            norm += (double) want[i] * want[i];
        }
        return Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-30);
    }

    /** A printed row of the table and the cuBLAS rate in it. */
    private record Row(String text, double cublasGflops) {}

    /**
     * One row of the table: cuBLAS (its share of peakGflops; of itself where that is 0, for the peak
     * row), then each own version with its ratio to cuBLAS and its error against it.
     */
    private Row row(Case c, Tensor a, Tensor bm, Tensor cRef, Tensor cOwn, double peakGflops) {
        Tensor av = a.view(0, c.ta ? new int[] {c.k, c.m} : new int[] {c.m, c.k});
        Tensor bv = bm.view(0, c.tb ? new int[] {c.n, c.k} : new int[] {c.k, c.n});
        Tensor refV = cRef.view(0, c.m, c.n), ownV = cOwn.view(0, c.m, c.n);
        double[] ms = new double[1];
        path(CudaBackend.GemmPath.CUBLAS, 0, () -> ms[0] = medianMs(() -> b.gemm(c.ta, c.tb, 1f, av, bv, 0f, refV)));
        double cublas = c.flops() / ms[0] / 1e6;
        float[] want = refV.toArray();
        StringBuilder sb = new StringBuilder(String.format("%-27s %s%s %6d %6d %6d | %9.1f %9.0f %5.1f%%", c.name,
                c.ta ? "T" : "N", c.tb ? "T" : "N", c.m, c.n, c.k, ms[0] * 1000, cublas,
                peakGflops > 0 ? 100 * cublas / peakGflops : 100.0));
        for (int v = 1; v <= CudaGemm.VERSIONS; v++) {
            if (v == 1 && c.flops() > V1_MAX_FLOPS) {
                sb.append(String.format(" | %9s %6s %8s", "-", "-", "-"));
                continue;
            }
            path(CudaBackend.GemmPath.OWN, v, () -> ms[0] = medianMs(() -> b.gemm(c.ta, c.tb, 1f, av, bv, 0f, ownV)));
            double own = c.flops() / ms[0] / 1e6;
            sb.append(String.format(" | %9.0f %6.2f %8.1e", own, own / cublas, relativeError(ownV.toArray(), want)));
        }
        return new Row(sb.toString(), cublas);
    }

    public static void main(String[] args) {
        List<Case> cases = cases();
        Case peak = new Case("cuBLAS peak 8192^3", false, false, 8192, 8192, 8192);
        long aMax = peak.aSize(), bMax = peak.bSize(), cMax = peak.cSize();
        for (Case c : cases) {
            aMax = Math.max(aMax, c.aSize());
            bMax = Math.max(bMax, c.bSize());
            cMax = Math.max(cMax, c.cSize());
        }
        CudaBackend b = CudaBackend.open(0);
        try {
            GpuGemmBench bench = new GpuGemmBench(b);
            Tensor a = random(b, aMax, 1), bm = random(b, bMax, 2), cRef = b.allocate((int) cMax), cOwn = b.allocate((int) cMax);
            System.out.printf("GEMM on %s (%s): float32, no TF32; times are medians of %d CUDA-event samples after %d warm-ups%n",
                    b.deviceName(), b.name(), SAMPLES, WARMUPS);
            StringBuilder header = new StringBuilder(String.format("%-27s %2s %6s %6s %6s | %9s %9s %6s", "product", "op",
                    "m", "n", "k", "cuBLAS us", "GFLOP/s", "peak"));
            for (int v = 1; v <= CudaGemm.VERSIONS; v++) header.append(String.format(" | %9s %6s %8s", "v" + v + " GF/s", "/cuBLS", "err"));
            System.out.println(header);
            Row peakRow = bench.row(peak, a, bm, cRef, cOwn, 0);
            double peakGflops = peakRow.cublasGflops();
            System.out.println(peakRow.text());
            for (Case c : cases) System.out.println(bench.row(c, a, bm, cRef, cOwn, peakGflops).text());
            System.out.printf("peak = cuBLAS SGEMM 8192^3 in this run: %.0f GFLOP/s; err = relative error of our result vs cuBLAS%n",
                    peakGflops);
            for (int i = 0; i < SAMPLES; i++) {
                cuEventDestroy(bench.starts[i]);
                cuEventDestroy(bench.ends[i]);
            }
        } finally {
            b.close();
        }
    }

    /** A device vector of uniform values in [-1, 1). */
    private static Tensor random(CudaBackend b, long n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] host = new float[(int) n];
        for (int i = 0; i < host.length; i++) host[i] = (float) (r.nextDouble() * 2 - 1);
        return b.upload(host, host.length);
    }
}
