package org.latent.backend.cuda;

import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuEventDestroy;
import static jcuda.driver.JCudaDriver.cuEventElapsedTime;
import static jcuda.driver.JCudaDriver.cuEventRecord;
import static jcuda.driver.JCudaDriver.cuEventSynchronize;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import org.latent.backend.ConvGeometry;
import org.latent.backend.ConvGeometry.Padding;
import org.latent.tensor.Tensor;

/**
 * Kernel-level convolution benchmark: the convolutions of the real models at their batch sizes,
 * each op (forward, backward data, backward filter) run by cuDNN and by every version of our
 * kernels, timed with CUDA events on the backend's stream (medians after warm-ups). Our results are
 * checked against cuDNN's. The peak is the FP32 FMA rate the device's SM count and clock imply.
 * In package backend.cuda for the stream, the kernel-version switch and cuDNN's chosen algorithms.
 * Usage: bench/gpu-conv/run.sh
 */
public final class GpuConvBench {
    private static final int WARMUPS = 20, SAMPLES = 50;
    /** Calls slower than SLOW_MS (VERY_SLOW_MS) get 2 (1) warm-ups and 9 (3) samples, so that v1 of the big shapes stays quick to measure. */
    private static final double SLOW_MS = 20, VERY_SLOW_MS = 200;

    private record Case(String name, ConvGeometry g) {}

    private static List<Case> cases() {
        return List.of(
                // E5 CNN classifier, batch 128.
                new Case("E5 conv1 1->64 3x3 28", ConvGeometry.of(128, 1, 28, 28, 64, 3, 3, 1, Padding.VALID)),
                new Case("E5 conv2 64->64 3x3 13", ConvGeometry.of(128, 64, 13, 13, 64, 3, 3, 1, Padding.VALID)),
                // E6 DCGAN, batch 256. The transposed layers' forward is backward data, their backward forward + filter.
                new Case("E6 D conv1 1->64 s2 28->14", ConvGeometry.of(256, 1, 28, 28, 64, 3, 3, 2, Padding.SAME)),
                new Case("E6 D conv2 64->64 s2 14->7", ConvGeometry.of(256, 64, 14, 14, 64, 3, 3, 2, Padding.SAME)),
                new Case("E6 G convT1 128 4x4 7->14", ConvGeometry.of(256, 128, 14, 14, 128, 4, 4, 2, Padding.SAME)),
                new Case("E6 G convT2 128 4x4 14->28", ConvGeometry.of(256, 128, 28, 28, 128, 4, 4, 2, Padding.SAME)),
                new Case("E6 G conv 128->1 7x7 28", ConvGeometry.of(256, 128, 28, 28, 1, 7, 7, 1, Padding.SAME)));
    }

    private enum Op { FORWARD, DATA, FILTER }

    private final CudaBackend b;
    private final CUevent[] starts = new CUevent[SAMPLES], ends = new CUevent[SAMPLES];
    private final ConvGeometry fillerGeometry = ConvGeometry.of(64, 64, 56, 56, 64, 3, 3, 1, Padding.SAME);
    private final Tensor fillerX, fillerW, fillerY;

    private GpuConvBench(CudaBackend b) {
        this.b = b;
        for (int i = 0; i < SAMPLES; i++) {
            starts[i] = event();
            ends[i] = event();
        }
        fillerX = b.allocate(fillerGeometry.inputShape());
        fillerW = b.allocate(fillerGeometry.weightShape());
        fillerY = b.allocate(fillerGeometry.outputShape());
    }

    private static CUevent event() {
        CUevent e = new CUevent();
        CudaCheck.driver(cuEventCreate(e, CUevent_flags.CU_EVENT_DEFAULT), "cuEventCreate");
        return e;
    }

    /**
     * Median milliseconds of one call. Some milliseconds of other GPU work go first, so that all
     * samples are queued before the GPU reaches them and host launch overhead stays out of the
     * events' intervals.
     */
    private double medianMs(Runnable call) {
        call.run();
        CudaCheck.driver(cuEventRecord(starts[0], b.stream), "cuEventRecord");
        call.run();
        CudaCheck.driver(cuEventRecord(ends[0], b.stream), "cuEventRecord");
        double first = elapsedMs(0);
        int warmups = first > VERY_SLOW_MS ? 1 : first > SLOW_MS ? 2 : WARMUPS;
        int samples = first > VERY_SLOW_MS ? 3 : first > SLOW_MS ? 9 : SAMPLES;
        for (int i = 0; i < warmups; i++) call.run();
        on(CudaBackend.ConvPath.OWN, CudaConv.FORWARD_VERSIONS, () -> {
            for (int i = 0; i < 3; i++) b.conv2dForward(fillerX, fillerW, fillerY, fillerGeometry);
        });
        for (int i = 0; i < samples; i++) {
            CudaCheck.driver(cuEventRecord(starts[i], b.stream), "cuEventRecord");
            call.run();
            CudaCheck.driver(cuEventRecord(ends[i], b.stream), "cuEventRecord");
        }
        double[] ms = new double[samples];
        for (int i = 0; i < samples; i++) ms[i] = elapsedMs(i);
        Arrays.sort(ms);
        return samples % 2 == 1 ? ms[samples / 2] : (ms[samples / 2 - 1] + ms[samples / 2]) / 2;
    }

    private double elapsedMs(int i) {
        CudaCheck.driver(cuEventSynchronize(ends[i]), "cuEventSynchronize");
        float[] t = new float[1];
        CudaCheck.driver(cuEventElapsedTime(t, starts[i], ends[i]), "cuEventElapsedTime");
        return t[0];
    }

    /** Runs body with the convolution path (and our kernel version) selected, restoring the previous choice. */
    private void on(CudaBackend.ConvPath p, int version, Runnable body) {
        CudaBackend.ConvPath savedPath = b.convPath();
        int savedVersion = b.conv.ownVersion;
        b.convPath(p);
        b.conv.ownVersion = version;
        try {
            body.run();
        } finally {
            b.convPath(savedPath);
            b.conv.ownVersion = savedVersion;
        }
    }

    private static int versions(Op op) {
        return switch (op) {
            case FORWARD -> CudaConv.FORWARD_VERSIONS;
            case DATA -> CudaConv.DATA_VERSIONS;
            case FILTER -> CudaConv.FILTER_VERSIONS;
        };
    }

    /** The op on views of the shared buffers; out is the tensor it writes. */
    private void run(Op op, ConvGeometry g, Tensor x, Tensor w, Tensor dy, Tensor out) {
        switch (op) {
            case FORWARD -> b.conv2dForward(x, w, out, g);
            case DATA -> b.conv2dBackwardData(dy, w, out, g);
            case FILTER -> b.conv2dBackwardFilter(x, dy, out, g);
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

    /** One row: cuDNN (its algorithm, time, rate, share of peak), then each version of ours with its speed relative to cuDNN and its error. */
    private String row(Case c, Op op, Tensor xBuf, Tensor wBuf, Tensor dyBuf, Tensor refBuf, Tensor ownBuf, double peakGflops) {
        ConvGeometry g = c.g();
        Tensor x = xBuf.view(0, g.inputShape()), w = wBuf.view(0, g.weightShape()), dy = dyBuf.view(0, g.outputShape());
        int[] outShape = switch (op) {
            case FORWARD -> g.outputShape();
            case DATA -> g.inputShape();
            case FILTER -> g.weightShape();
        };
        Tensor ref = refBuf.view(0, outShape), own = ownBuf.view(0, outShape);
        double[] ms = new double[1];
        on(CudaBackend.ConvPath.CUDNN, CudaConv.FORWARD_VERSIONS, () -> ms[0] = medianMs(() -> run(op, g, x, w, dy, ref)));
        CudnnConvPlan plan = b.conv.plan(g);
        int algo = switch (op) {
            case FORWARD -> plan.forwardAlgorithm(null, null, null);  // chosen by the run above
            case DATA -> plan.dataAlgorithm(null, null, null);
            case FILTER -> plan.filterAlgorithm(null, null, null);
        };
        double cudnn = g.flops() / ms[0] / 1e6;
        float[] want = ref.toArray();
        StringBuilder sb = new StringBuilder(String.format("%-28s %-7s %4s%s | %9.1f %8.0f %5.1f%%", c.name(),
                op.name().toLowerCase(), algo, plan.padded ? "p" : " ", ms[0] * 1000, cudnn, 100 * cudnn / peakGflops));
        for (int v = 1; v <= CudaConv.FORWARD_VERSIONS; v++) {
            if (v > versions(op)) {
                sb.append(String.format(" | %9s %8s %6s %8s", "-", "-", "-", "-"));
                continue;
            }
            int version = v;
            on(CudaBackend.ConvPath.OWN, version, () -> ms[0] = medianMs(() -> run(op, g, x, w, dy, own)));
            double rate = g.flops() / ms[0] / 1e6;
            sb.append(String.format(" | %9.1f %8.0f %6.2f %8.1e", ms[0] * 1000, rate, rate / cudnn, relativeError(own.toArray(), want)));
        }
        return sb.toString();
    }

    /** FP32 FMA peak in GFLOP/s from the SM count, the SM clock and the FP32 lanes per SM of the architecture. */
    private static double peakGflops(CudaBackend b) {
        CUdevice dev = new CUdevice();
        CudaCheck.driver(cuDeviceGet(dev, b.device), "cuDeviceGet");
        int[] sms = new int[1], khz = new int[1], major = new int[1], minor = new int[1];
        CudaCheck.driver(cuDeviceGetAttribute(sms, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, dev), "cuDeviceGetAttribute");
        CudaCheck.driver(cuDeviceGetAttribute(khz, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_CLOCK_RATE, dev), "cuDeviceGetAttribute");
        CudaCheck.driver(cuDeviceGetAttribute(major, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev),
                "cuDeviceGetAttribute");
        CudaCheck.driver(cuDeviceGetAttribute(minor, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev),
                "cuDeviceGetAttribute");
        int lanes = major[0] == 8 && minor[0] == 0 ? 64 : 128;  // A100: 64 FP32 lanes per SM; sm_86, sm_89, sm_90: 128
        return 2.0 * lanes * sms[0] * khz[0] / 1e6;
    }

    public static void main(String[] args) {
        List<Case> cases = cases();
        long xMax = 0, wMax = 0, yMax = 0;
        for (Case c : cases) {
            ConvGeometry g = c.g();
            xMax = Math.max(xMax, (long) g.n() * g.cIn() * g.h() * g.w());
            wMax = Math.max(wMax, (long) g.cOut() * g.cIn() * g.kh() * g.kw());
            yMax = Math.max(yMax, (long) g.n() * g.cOut() * g.outH() * g.outW());
        }
        long outMax = Math.max(xMax, Math.max(wMax, yMax));
        CudaBackend b = CudaBackend.open(0);
        try {
            GpuConvBench bench = new GpuConvBench(b);
            Tensor x = random(b, xMax, 1), w = random(b, wMax, 2), dy = random(b, yMax, 3);
            Tensor ref = b.allocate((int) outMax), own = b.allocate((int) outMax);
            double peak = peakGflops(b);
            System.out.printf("Convolution on %s (%s): float32, no TF32; medians of %d CUDA-event samples after %d warm-ups"
                    + " (9 after 2 for calls over %.0f ms, 3 after 1 over %.0f ms); FP32 peak %.0f GFLOP/s%n", b.deviceName(), b.name(),
                    SAMPLES, WARMUPS, SLOW_MS, VERY_SLOW_MS, peak);
            String versionColumns = " | %9s %8s %6s %8s";
            System.out.printf("%-28s %-7s %5s | %9s %8s %6s" + versionColumns.repeat(CudaConv.FORWARD_VERSIONS) + "%n", "convolution", "op",
                    "algo", "cuDNN us", "GFLOP/s", "peak", "v1 us", "GFLOP/s", "/cuDNN", "err", "v2 us", "GFLOP/s", "/cuDNN", "err");
            for (Case c : cases) {
                for (Op op : Op.values()) System.out.println(bench.row(c, op, x, w, dy, ref, own, peak));
            }
            System.out.println("algo: cuDNN's algorithm number (p: run on an input with an explicit zero border, for"
                    + " asymmetric padding); GFLOP/s counts 2 * multiply-adds of the forward for every op;"
                    + " /cuDNN: our rate over cuDNN's; err: relative error of our result vs cuDNN's");
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
