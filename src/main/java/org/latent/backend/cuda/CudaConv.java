package org.latent.backend.cuda;

import static jcuda.jcudnn.JCudnn.cudnnConvolutionBackwardData;
import static jcuda.jcudnn.JCudnn.cudnnConvolutionBackwardFilter;
import static jcuda.jcudnn.JCudnn.cudnnConvolutionForward;
import static jcuda.jcudnn.JCudnn.cudnnCreate;
import static jcuda.jcudnn.JCudnn.cudnnDestroy;
import static jcuda.jcudnn.JCudnn.cudnnSetStream;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.jcudnn.cudnnHandle;
import jcuda.runtime.cudaStream_t;
import org.latent.backend.ConvGeometry;

/**
 * Convolution on the GPU; twin of CpuConv. Two paths: cuDNN ({@link CudnnConvPlan}, one per
 * geometry) or our kernels (kernels/conv.cu). Geometries that cuDNN's symmetric padding cannot
 * express even with an explicit zero border (an output smaller than the input allows) run our
 * kernels on either path.
 */
final class CudaConv {
    static final String FAMILY = "conv";
    /** Our kernel versions, 1 to these, for each op; backward-data has only the gathering v1. */
    static final int FORWARD_VERSIONS = 2, DATA_VERSIONS = 1, FILTER_VERSIONS = 2;
    /** The OWN path runs, for each op, its highest version not above this; the tests and the benchmark change it. */
    int ownVersion = 2;

    private static final int TILE = 64, THREADS = 256;
    /** Weight-gradient v2 splits the positions into slices until about this many blocks run. */
    private static final int FILTER_TARGET_BLOCKS = 512;
    /** A slice keeps at least this many positions, so that splitting never costs more than it saves. */
    private static final int FILTER_MIN_SLICE = 256;

    /**
     * Which code runs stride-1 convolutions with one output channel (E6's 7x7 128 -> 1 output
     * layer): "own" (kernels/conv.cu's conv1out_*: forward and backward data for any such geometry,
     * backward filter for 7x7) or "cudnn" (the default, the path every other geometry takes).
     * -Dlatent.conv.oneOutput=cudnn|own, or {@link CudaBackend#convOneOutput}. "own" has never run on
     * a GPU, so it stays opt-in until ConvOneOutputParityTest has passed on one.
     */
    String oneOutput = System.getProperty("latent.conv.oneOutput", "cudnn");

    private final CudaBackend b;
    private cudnnHandle cudnn;
    /** cuDNN's plan for each geometry seen; null for one cuDNN cannot run. */
    private final Map<ConvGeometry, CudnnConvPlan> plans = new HashMap<>();
    private final Scratch workspace = new Scratch(), padded = new Scratch(), slices = new Scratch();
    private final Pointer one = Pointer.to(new float[] {1f}), zero = Pointer.to(new float[] {0f});

    CudaConv(CudaBackend b) {
        this.b = b;
    }

    /** Whether conv1out_forward and conv1out_backward_data compute g (one output channel, stride 1, up to 1568 taps). */
    static boolean oneOutputHandles(ConvGeometry g) {
        return g.cOut() == 1 && g.strideH() == 1 && g.strideW() == 1 && g.kh() * g.kw() <= 1568 && g.n() <= 65535;
    }

    private boolean ownOneOutput(ConvGeometry g) {
        return oneOutput.equals("own") && oneOutputHandles(g);
    }

    void forward(CudaBackend.ConvPath path, CudaTensor x, CudaTensor w, CudaTensor y, ConvGeometry g) {
        if (ownOneOutput(g)) {
            long pixels = (long) g.outH() * g.outW();
            b.kernels.launchGrid(FAMILY, "conv1out_forward", (int) ((pixels + THREADS - 1) / THREADS), g.n(), 1, THREADS, 1, 1, 0,
                    args(g, x, w, y));
            return;
        }
        CudnnConvPlan p = path == CudaBackend.ConvPath.CUDNN ? plan(g) : null;
        if (p == null) {
            ownForward(x, w, y, g);
            return;
        }
        Pointer in = paddedInput(p, x);
        int algo = p.forwardAlgorithm(in, w.ptr, y.ptr);
        Pointer ws = workspace.atLeast(p.forwardBytes);
        CudaCheck.cudnn(cudnnConvolutionForward(cudnn, one, p.xDesc, in, p.wDesc, w.ptr, p.convDesc, algo, ws,
                p.forwardBytes, zero, p.yDesc, y.ptr), "cudnnConvolutionForward", g, "algo " + algo);
    }

    void backwardData(CudaBackend.ConvPath path, CudaTensor dy, CudaTensor w, CudaTensor dx, ConvGeometry g) {
        if (ownOneOutput(g)) {
            b.kernels.launch(FAMILY, "conv1out_backward_data", dx.size(), args(g, dy, w, dx));
            return;
        }
        CudnnConvPlan p = path == CudaBackend.ConvPath.CUDNN ? plan(g) : null;
        if (p == null) {
            ownBackwardData(dy, w, dx, g);
            return;
        }
        Pointer out = p.padded ? padded.atLeast(4L * p.paddedInputSize()) : dx.ptr;
        int algo = p.dataAlgorithm(w.ptr, dy.ptr, out);
        Pointer ws = workspace.atLeast(p.dataBytes);
        CudaCheck.cudnn(cudnnConvolutionBackwardData(cudnn, one, p.wDesc, w.ptr, p.yDesc, dy.ptr, p.convDesc, algo, ws, p.dataBytes,
                zero, p.xDesc, out), "cudnnConvolutionBackwardData", g, "algo " + algo);
        if (p.padded) {
            b.kernels.launch(FAMILY, "conv_crop", dx.size(), g.n() * g.cIn(), g.h(), g.w(), p.h, p.w, out, dx);
        }
    }

    void backwardFilter(CudaBackend.ConvPath path, CudaTensor x, CudaTensor dy, CudaTensor dw, ConvGeometry g) {
        if (ownOneOutput(g) && g.kh() == 7 && g.kw() == 7) {
            // Slices of output positions so that about 16 blocks run per input channel (E6: 128 x 16).
            long positions = (long) g.n() * g.outH() * g.outW();
            int count = (int) Math.max(1, Math.min(16, positions / 4096));
            long slice = (positions + count - 1) / count;
            count = (int) ((positions + slice - 1) / slice);
            CUdeviceptr partials = slices.atLeast(4L * count * dw.size());
            b.kernels.launchGrid(FAMILY, "conv1out_backward_filter_k7", g.cIn(), count, 1, THREADS, 1, 1, 0, args(g, slice, x, dy, partials));
            b.kernels.launch(FAMILY, "conv_sum_slices", dw.size(), dw.size(), count, partials, dw);
            return;
        }
        CudnnConvPlan p = path == CudaBackend.ConvPath.CUDNN ? plan(g) : null;
        if (p == null) {
            ownBackwardFilter(x, dy, dw, g);
            return;
        }
        Pointer in = paddedInput(p, x);
        int algo = p.filterAlgorithm(in, dy.ptr, dw.ptr);
        Pointer ws = workspace.atLeast(p.filterBytes);
        CudaCheck.cudnn(cudnnConvolutionBackwardFilter(cudnn, one, p.xDesc, in, p.yDesc, dy.ptr, p.convDesc, algo, ws,
                p.filterBytes, zero, p.wDesc, dw.ptr), "cudnnConvolutionBackwardFilter", g, "algo " + algo);
    }

    /** x itself, or (for asymmetric padding) x copied into the scratch buffer with its zero border. */
    private Pointer paddedInput(CudnnConvPlan p, CudaTensor x) {
        if (!p.padded) return x.ptr;
        ConvGeometry g = p.g;
        CUdeviceptr out = padded.atLeast(4L * p.paddedInputSize());
        b.kernels.launch(FAMILY, "conv_pad_bottom_right", p.paddedInputSize(), g.n() * g.cIn(), g.h(), g.w(), p.h, p.w, x, out);
        return out;
    }

    /** The plan for g, made on first use; null where cuDNN cannot run g. */
    CudnnConvPlan plan(ConvGeometry g) {
        if (plans.containsKey(g)) return plans.get(g);
        b.refuseInCapture("the first cuDNN convolution of geometry " + g + " (its descriptors and algorithm choice)");
        CudnnConvPlan p = CudnnConvPlan.canRun(g) ? new CudnnConvPlan(handle(), g) : null;
        plans.put(g, p);
        return p;
    }

    /** The cuDNN handle, made on first use, working on the backend's stream. */
    cudnnHandle handle() {
        if (cudnn != null) return cudnn;
        CudaLibraries.prepareCudnn();
        cudnnHandle h = new cudnnHandle();
        CudaCheck.cudnn(cudnnCreate(h), "cudnnCreate");
        cudnn = h;
        CudaCheck.cudnn(cudnnSetStream(h, new cudaStream_t(b.stream)), "cudnnSetStream");
        return h;
    }

    // ---- our kernels ------------------------------------------------------------------------

    private void ownForward(CudaTensor x, CudaTensor w, CudaTensor y, ConvGeometry g) {
        if (Math.min(ownVersion, FORWARD_VERSIONS) == 1) {
            b.kernels.launch(FAMILY, "conv2d_forward_v1", y.size(), args(g, x, w, y));
        } else {
            long pixels = (long) g.n() * g.outH() * g.outW();
            b.kernels.launchGrid(FAMILY, "conv2d_forward_v2", tiles(pixels), tiles(g.cOut()), 1, THREADS, 1, 1, 0,
                    args(g, x, w, y));
        }
    }

    private void ownBackwardData(CudaTensor dy, CudaTensor w, CudaTensor dx, ConvGeometry g) {
        b.kernels.launch(FAMILY, "conv2d_backward_data_v1", dx.size(), args(g, dy, w, dx));
    }

    private void ownBackwardFilter(CudaTensor x, CudaTensor dy, CudaTensor dw, ConvGeometry g) {
        if (Math.min(ownVersion, FILTER_VERSIONS) == 1) {
            int blocks = (int) Math.min(dw.size(), 65535L * 16);
            b.kernels.launchGrid(FAMILY, "conv2d_backward_filter_v1", blocks, 1, 1, THREADS, 1, 1, 0, args(g, x, dy, dw));
            return;
        }
        int patch = g.cIn() * g.kh() * g.kw(), tiles = tiles(patch) * tiles(g.cOut());
        long positions = (long) g.n() * g.outH() * g.outW();
        int count = (int) Math.max(1, Math.min(FILTER_TARGET_BLOCKS / tiles, positions / FILTER_MIN_SLICE));
        long slice = (positions + count - 1) / count;
        count = (int) ((positions + slice - 1) / slice);
        CUdeviceptr partials = slices.atLeast(4L * count * dw.size());
        b.kernels.launchGrid(FAMILY, "conv2d_backward_filter_v2", tiles(patch), tiles(g.cOut()), count, THREADS, 1, 1, 0,
                args(g, slice, x, dy, partials));
        b.kernels.launch(FAMILY, "conv_sum_slices", dw.size(), dw.size(), count, partials, dw);
    }

    private static int tiles(long n) {
        long t = (n + TILE - 1) / TILE;
        if (t > Integer.MAX_VALUE) throw new CudaException("conv: " + n + " rows need " + t + " tiles, more than one launch can have");
        return (int) t;
    }

    /** The geometry as the kernels' 13 leading int parameters, then the rest. */
    private static Object[] args(ConvGeometry g, Object... rest) {
        Object[] a = {g.n(), g.cIn(), g.h(), g.w(), g.cOut(), g.kh(), g.kw(), g.strideH(), g.strideW(), g.padTop(),
                g.padLeft(), g.outH(), g.outW()};
        Object[] all = Arrays.copyOf(a, a.length + rest.length);
        System.arraycopy(rest, 0, all, a.length, rest.length);
        return all;
    }

    /** A device buffer from the arena, replaced by a larger one when a call needs more (the old one stays in the arena). */
    private final class Scratch {
        private CUdeviceptr ptr;
        private long bytes;

        CUdeviceptr atLeast(long need) {
            need = Math.max(need, 4);
            if (ptr == null || need > bytes) {
                ptr = b.arena.allocate(need);
                bytes = need;
            }
            return ptr;
        }
    }

    /** The cuDNN algorithm of every geometry and direction used so far, and how it was chosen (for benchmarks and logs). */
    String describeChoices() {
        StringBuilder sb = new StringBuilder();
        plans.forEach((g, p) -> {
            if (p == null) return;
            sb.append("\n  ").append(g);
            for (String c : p.chosen) if (c != null) sb.append("\n    ").append(c);
        });
        return sb.toString();
    }

    void close() {
        for (CudnnConvPlan p : plans.values()) if (p != null) p.close();
        plans.clear();
        if (cudnn == null) return;
        cudnnHandle h = cudnn;
        cudnn = null;
        CudaCheck.cudnn(cudnnDestroy(h), "cudnnDestroy");
    }
}
