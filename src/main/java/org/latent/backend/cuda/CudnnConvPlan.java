package org.latent.backend.cuda;

import static jcuda.jcudnn.JCudnn.cudnnCreateConvolutionDescriptor;
import static jcuda.jcudnn.JCudnn.cudnnCreateFilterDescriptor;
import static jcuda.jcudnn.JCudnn.cudnnCreateTensorDescriptor;
import static jcuda.jcudnn.JCudnn.cudnnDestroyConvolutionDescriptor;
import static jcuda.jcudnn.JCudnn.cudnnDestroyFilterDescriptor;
import static jcuda.jcudnn.JCudnn.cudnnDestroyTensorDescriptor;
import static jcuda.jcudnn.JCudnn.cudnnFindConvolutionBackwardDataAlgorithmEx;
import static jcuda.jcudnn.JCudnn.cudnnFindConvolutionBackwardFilterAlgorithmEx;
import static jcuda.jcudnn.JCudnn.cudnnFindConvolutionForwardAlgorithmEx;
import static jcuda.jcudnn.JCudnn.cudnnGetConvolution2dForwardOutputDim;
import static jcuda.jcudnn.JCudnn.cudnnGetConvolutionBackwardDataAlgorithmMaxCount;
import static jcuda.jcudnn.JCudnn.cudnnGetConvolutionBackwardDataAlgorithm_v7;
import static jcuda.jcudnn.JCudnn.cudnnGetConvolutionBackwardDataWorkspaceSize;
import static jcuda.jcudnn.JCudnn.cudnnGetConvolutionBackwardFilterAlgorithmMaxCount;
import static jcuda.jcudnn.JCudnn.cudnnGetConvolutionBackwardFilterAlgorithm_v7;
import static jcuda.jcudnn.JCudnn.cudnnGetConvolutionBackwardFilterWorkspaceSize;
import static jcuda.jcudnn.JCudnn.cudnnGetConvolutionForwardAlgorithmMaxCount;
import static jcuda.jcudnn.JCudnn.cudnnGetConvolutionForwardAlgorithm_v7;
import static jcuda.jcudnn.JCudnn.cudnnGetConvolutionForwardWorkspaceSize;
import static jcuda.jcudnn.JCudnn.cudnnSetConvolution2dDescriptor;
import static jcuda.jcudnn.JCudnn.cudnnSetConvolutionMathType;
import static jcuda.jcudnn.JCudnn.cudnnSetFilter4dDescriptor;
import static jcuda.jcudnn.JCudnn.cudnnSetTensor4dDescriptor;
import static jcuda.jcudnn.cudnnConvolutionMode.CUDNN_CROSS_CORRELATION;
import static jcuda.jcudnn.cudnnDataType.CUDNN_DATA_FLOAT;
import static jcuda.jcudnn.cudnnDeterminism.CUDNN_DETERMINISTIC;
import static jcuda.jcudnn.cudnnMathType.CUDNN_DEFAULT_MATH;
import static jcuda.jcudnn.cudnnMathType.CUDNN_FMA_MATH;
import static jcuda.jcudnn.cudnnStatus.CUDNN_STATUS_SUCCESS;
import static jcuda.jcudnn.cudnnTensorFormat.CUDNN_TENSOR_NCHW;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntToLongFunction;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;
import jcuda.jcudnn.cudnnConvolutionBwdDataAlgoPerf;
import jcuda.jcudnn.cudnnConvolutionBwdFilterAlgoPerf;
import jcuda.jcudnn.cudnnConvolutionDescriptor;
import jcuda.jcudnn.cudnnConvolutionFwdAlgoPerf;
import jcuda.jcudnn.cudnnFilterDescriptor;
import jcuda.jcudnn.cudnnHandle;
import jcuda.jcudnn.cudnnTensorDescriptor;
import org.latent.backend.ConvGeometry;

/**
 * cuDNN's descriptors and chosen algorithms for one convolution geometry.
 *
 * <p>cuDNN pads symmetrically: pad p on both sides of an input of height H gives
 * (H + 2p - kh) / stride + 1 output rows. Our geometry keeps padTop on top and whatever the stored
 * output size implies at the bottom (TensorFlow's "same" puts the odd pixel there). cuDNN runs with
 * pad (padTop, padLeft) on an input of extent {@link #extent}: where the bottom/right needs more
 * zeros than padTop/padLeft, x is copied into a buffer with that many extra zero rows/columns
 * ({@link #padded}); a backward-data result is then cropped out of such a buffer.
 *
 * <p>Algorithms, once per direction on first use, among those that are deterministic, keep to
 * float32 FMA math and need at most {@link #MAX_WORKSPACE} bytes of workspace:
 * <ul>
 *   <li>{@code measured} (-Dlatent.cudnn.algo=measured): the fastest by cuDNN's own
 *       timing of every algorithm on the call's real buffers (cudnnFind*AlgorithmEx, with a
 *       temporary workspace from cuMemAlloc, freed after), cached for the process. Each algorithm
 *       is deterministic, so a process repeats its bits; two processes can differ in the last
 *       bits where timing noise picks different algorithms (the choice is printed once per
 *       geometry and direction with -Dlatent.cudnn.verbose=true, and {@code describeChoices}).
 *       The search runs in the first eager step of a geometry, never inside a graph capture.</li>
 *   <li>{@code heuristic} (the default, -Dlatent.cudnn.algo=heuristic): the first such algorithm in
 *       cuDNN's heuristic order (the _v7 queries), the same on every run: the choice that passed the
 *       parity suite on a GPU, and bit-reproducible across processes.</li>
 * </ul>
 * Written without a GPU: the measured choice has never run, so it stays opt-in until it has.
 */
final class CudnnConvPlan implements AutoCloseable {
    static final long MAX_WORKSPACE = 256L << 20;
    /** measured (cudnnFind*AlgorithmEx) or heuristic (_v7 order); see the class comment. */
    static final boolean MEASURED = "measured".equals(System.getProperty("latent.cudnn.algo", "heuristic"));
    private static final boolean VERBOSE = Boolean.getBoolean("latent.cudnn.verbose");

    final ConvGeometry g;
    /** The input extent cuDNN sees (at least the real one when {@link #padded}). */
    final int h, w;
    final boolean padded;
    final cudnnTensorDescriptor xDesc = new cudnnTensorDescriptor(), yDesc = new cudnnTensorDescriptor();
    final cudnnFilterDescriptor wDesc = new cudnnFilterDescriptor();
    final cudnnConvolutionDescriptor convDesc = new cudnnConvolutionDescriptor();
    private final cudnnHandle handle;
    private int forwardAlgo = -1, dataAlgo = -1, filterAlgo = -1;
    /** How each direction's algorithm was chosen, for describeChoices. */
    final String[] chosen = new String[3];
    /** Workspace bytes of the chosen algorithms, valid once the algorithm of that direction was asked for. */
    long forwardBytes, dataBytes, filterBytes;

    /**
     * The input extent cuDNN must see to produce {@code out} outputs with padding {@code pad} on both
     * sides that read what ours reads, or -1 if there is none (an output shorter than the input allows).
     */
    static int extent(int in, int k, int stride, int pad, int out) {
        int needed = (out - 1) * stride + k - 2 * pad;  // the last output's window ends pad past this
        if (needed > in) return needed;
        return (in + 2 * pad - k) / stride + 1 == out ? in : -1;
    }

    static boolean canRun(ConvGeometry g) {
        return extent(g.h(), g.kh(), g.strideH(), g.padTop(), g.outH()) > 0
                && extent(g.w(), g.kw(), g.strideW(), g.padLeft(), g.outW()) > 0;
    }

    CudnnConvPlan(cudnnHandle handle, ConvGeometry g) {
        this.handle = handle;
        this.g = g;
        h = extent(g.h(), g.kh(), g.strideH(), g.padTop(), g.outH());
        w = extent(g.w(), g.kw(), g.strideW(), g.padLeft(), g.outW());
        padded = h != g.h() || w != g.w();
        CudaCheck.cudnn(cudnnCreateTensorDescriptor(xDesc), "cudnnCreateTensorDescriptor");
        CudaCheck.cudnn(cudnnCreateTensorDescriptor(yDesc), "cudnnCreateTensorDescriptor");
        CudaCheck.cudnn(cudnnCreateFilterDescriptor(wDesc), "cudnnCreateFilterDescriptor");
        CudaCheck.cudnn(cudnnCreateConvolutionDescriptor(convDesc), "cudnnCreateConvolutionDescriptor");
        CudaCheck.cudnn(cudnnSetTensor4dDescriptor(xDesc, CUDNN_TENSOR_NCHW, CUDNN_DATA_FLOAT, g.n(), g.cIn(), h, w),
                "cudnnSetTensor4dDescriptor (input)", g, "extent " + h + "x" + w);
        CudaCheck.cudnn(cudnnSetTensor4dDescriptor(yDesc, CUDNN_TENSOR_NCHW, CUDNN_DATA_FLOAT, g.n(), g.cOut(), g.outH(), g.outW()),
                "cudnnSetTensor4dDescriptor (output)", g);
        CudaCheck.cudnn(cudnnSetFilter4dDescriptor(wDesc, CUDNN_DATA_FLOAT, CUDNN_TENSOR_NCHW, g.cOut(), g.cIn(), g.kh(), g.kw()),
                "cudnnSetFilter4dDescriptor", g);
        CudaCheck.cudnn(cudnnSetConvolution2dDescriptor(convDesc, g.padTop(), g.padLeft(), g.strideH(), g.strideW(), 1, 1,
                CUDNN_CROSS_CORRELATION, CUDNN_DATA_FLOAT), "cudnnSetConvolution2dDescriptor", g);
        // CUDNN_DEFAULT_MATH lets cuDNN 8 and 9 use TF32 tensor cores for float convolutions on
        // Ampere and newer; CUDNN_FMA_MATH (3 in JCudnn 11.7's enum, the same value in cuDNN 9)
        // restricts it to float32 FMA kernels, which parity with the CPU needs.
        CudaCheck.cudnn(cudnnSetConvolutionMathType(convDesc, CUDNN_FMA_MATH), "cudnnSetConvolutionMathType", g);
        int[] n = new int[1], c = new int[1], oh = new int[1], ow = new int[1];
        CudaCheck.cudnn(cudnnGetConvolution2dForwardOutputDim(convDesc, xDesc, wDesc, n, c, oh, ow),
                "cudnnGetConvolution2dForwardOutputDim", g);
        if (n[0] != g.n() || c[0] != g.cOut() || oh[0] != g.outH() || ow[0] != g.outW()) {
            throw new CudaException("cuDNN would compute an output of [" + n[0] + ", " + c[0] + ", " + oh[0] + ", " + ow[0]
                    + "] for " + g + " on input extent " + h + "x" + w + ", expected " + Arrays.toString(g.outputShape()));
        }
    }

    /** Floats in the padded input (and in the padded backward-data result). */
    int paddedInputSize() {
        return g.n() * g.cIn() * h * w;
    }

    /** The forward algorithm; x, w, y are the call's buffers (a measured choice runs every candidate on them, writing y). */
    int forwardAlgorithm(Pointer x, Pointer w, Pointer y) {
        if (forwardAlgo >= 0) return forwardAlgo;
        int[] max = new int[1], count = new int[1];
        CudaCheck.cudnn(cudnnGetConvolutionForwardAlgorithmMaxCount(handle, max), "cudnnGetConvolutionForwardAlgorithmMaxCount");
        cudnnConvolutionFwdAlgoPerf[] perf = new cudnnConvolutionFwdAlgoPerf[max[0]];
        for (int i = 0; i < perf.length; i++) perf[i] = new cudnnConvolutionFwdAlgoPerf();
        if (MEASURED) {
            Candidate c = measured("forward", max[0], (ws, bytes) -> {
                int st = cudnnFindConvolutionForwardAlgorithmEx(handle, xDesc, x, wDesc, w, convDesc, yDesc, y, max[0], count, perf, ws, bytes);
                List<Candidate> cs = new ArrayList<>();
                for (int i = 0; i < count[0]; i++) cs.add(new Candidate(perf[i].algo, perf[i].status, perf[i].determinism,
                        perf[i].mathType, perf[i].memory, perf[i].time));
                return st == CUDNN_STATUS_SUCCESS ? cs : null;
            });
            if (c != null) {
                forwardBytes = c.bytes;
                return forwardAlgo = c.algo;
            }
        }
        CudaCheck.cudnn(cudnnGetConvolutionForwardAlgorithm_v7(handle, xDesc, wDesc, convDesc, yDesc, max[0], count, perf),
                "cudnnGetConvolutionForwardAlgorithm_v7", g);
        List<Candidate> cs = new ArrayList<>();
        for (int i = 0; i < count[0]; i++) {
            cs.add(new Candidate(perf[i].algo, perf[i].status, perf[i].determinism, perf[i].mathType));
        }
        long[] bytes = new long[1];
        Candidate chosen = choose("forward", cs, algo ->
                cudnnGetConvolutionForwardWorkspaceSize(handle, xDesc, wDesc, convDesc, yDesc, algo, bytes) == CUDNN_STATUS_SUCCESS ? bytes[0] : -1);
        forwardBytes = chosen.bytes;
        forwardAlgo = chosen.algo;
        this.chosen[0] = "forward algo " + chosen.algo + " (heuristic)";
        return forwardAlgo;
    }

    /** The backward-data algorithm; w, dy, dx are the call's buffers (a measured choice writes dx). */
    int dataAlgorithm(Pointer w, Pointer dy, Pointer dx) {
        if (dataAlgo >= 0) return dataAlgo;
        int[] max = new int[1], count = new int[1];
        CudaCheck.cudnn(cudnnGetConvolutionBackwardDataAlgorithmMaxCount(handle, max),
                "cudnnGetConvolutionBackwardDataAlgorithmMaxCount");
        cudnnConvolutionBwdDataAlgoPerf[] perf = new cudnnConvolutionBwdDataAlgoPerf[max[0]];
        for (int i = 0; i < perf.length; i++) perf[i] = new cudnnConvolutionBwdDataAlgoPerf();
        if (MEASURED) {
            Candidate c = measured("backward data", max[0], (ws, bytes) -> {
                int st = cudnnFindConvolutionBackwardDataAlgorithmEx(handle, wDesc, w, yDesc, dy, convDesc, xDesc, dx, max[0], count, perf,
                        ws, bytes);
                List<Candidate> cs = new ArrayList<>();
                for (int i = 0; i < count[0]; i++) cs.add(new Candidate(perf[i].algo, perf[i].status, perf[i].determinism,
                        perf[i].mathType, perf[i].memory, perf[i].time));
                return st == CUDNN_STATUS_SUCCESS ? cs : null;
            });
            if (c != null) {
                dataBytes = c.bytes;
                return dataAlgo = c.algo;
            }
        }
        CudaCheck.cudnn(cudnnGetConvolutionBackwardDataAlgorithm_v7(handle, wDesc, yDesc, convDesc, xDesc, max[0], count, perf),
                "cudnnGetConvolutionBackwardDataAlgorithm_v7", g);
        List<Candidate> cs = new ArrayList<>();
        for (int i = 0; i < count[0]; i++) {
            cs.add(new Candidate(perf[i].algo, perf[i].status, perf[i].determinism, perf[i].mathType));
        }
        long[] bytes = new long[1];
        Candidate chosen = choose("backward data", cs, algo ->
                cudnnGetConvolutionBackwardDataWorkspaceSize(handle, wDesc, yDesc, convDesc, xDesc, algo, bytes) == CUDNN_STATUS_SUCCESS ? bytes[0] : -1);
        dataBytes = chosen.bytes;
        dataAlgo = chosen.algo;
        this.chosen[1] = "data algo " + chosen.algo + " (heuristic)";
        return dataAlgo;
    }

    /** The backward-filter algorithm; x, dy, dw are the call's buffers (a measured choice writes dw). */
    int filterAlgorithm(Pointer x, Pointer dy, Pointer dw) {
        if (filterAlgo >= 0) return filterAlgo;
        int[] max = new int[1], count = new int[1];
        CudaCheck.cudnn(cudnnGetConvolutionBackwardFilterAlgorithmMaxCount(handle, max),
                "cudnnGetConvolutionBackwardFilterAlgorithmMaxCount");
        cudnnConvolutionBwdFilterAlgoPerf[] perf = new cudnnConvolutionBwdFilterAlgoPerf[max[0]];
        for (int i = 0; i < perf.length; i++) perf[i] = new cudnnConvolutionBwdFilterAlgoPerf();
        if (MEASURED) {
            Candidate c = measured("backward filter", max[0], (ws, bytes) -> {
                int st = cudnnFindConvolutionBackwardFilterAlgorithmEx(handle, xDesc, x, yDesc, dy, convDesc, wDesc, dw, max[0], count,
                        perf, ws, bytes);
                List<Candidate> cs = new ArrayList<>();
                for (int i = 0; i < count[0]; i++) cs.add(new Candidate(perf[i].algo, perf[i].status, perf[i].determinism,
                        perf[i].mathType, perf[i].memory, perf[i].time));
                return st == CUDNN_STATUS_SUCCESS ? cs : null;
            });
            if (c != null) {
                filterBytes = c.bytes;
                return filterAlgo = c.algo;
            }
        }
        CudaCheck.cudnn(cudnnGetConvolutionBackwardFilterAlgorithm_v7(handle, xDesc, yDesc, convDesc, wDesc, max[0], count, perf),
                "cudnnGetConvolutionBackwardFilterAlgorithm_v7", g);
        List<Candidate> cs = new ArrayList<>();
        for (int i = 0; i < count[0]; i++) {
            cs.add(new Candidate(perf[i].algo, perf[i].status, perf[i].determinism, perf[i].mathType));
        }
        long[] bytes = new long[1];
        Candidate chosen = choose("backward filter", cs, algo ->
                cudnnGetConvolutionBackwardFilterWorkspaceSize(handle, xDesc, yDesc, convDesc, wDesc, algo, bytes) == CUDNN_STATUS_SUCCESS ? bytes[0] : -1);
        filterBytes = chosen.bytes;
        filterAlgo = chosen.algo;
        this.chosen[2] = "filter algo " + chosen.algo + " (heuristic)";
        return filterAlgo;
    }

    /** One entry of a _v7 answer, and the workspace it needs once asked (-1: the query failed). */
    private static final class Candidate {
        final int algo, status, determinism, mathType;
        long bytes = -1;
        /** cuDNN's measured milliseconds (a Find answer), else NaN. */
        float ms = Float.NaN;

        Candidate(int algo, int status, int determinism, int mathType) {
            this.algo = algo;
            this.status = status;
            this.determinism = determinism;
            this.mathType = mathType;
        }

        Candidate(int algo, int status, int determinism, int mathType, long bytes, float ms) {
            this(algo, status, determinism, mathType);
            this.bytes = bytes;
            this.ms = ms;
        }

        /** Usable so far: listed as working, deterministic, and no tensor-core math. */
        boolean acceptable() {
            return status == CUDNN_STATUS_SUCCESS && determinism == CUDNN_DETERMINISTIC
                    && (mathType == CUDNN_FMA_MATH || mathType == CUDNN_DEFAULT_MATH);
        }

        @Override
        public String toString() {
            return "algo " + algo + " (status " + status + ", determinism " + determinism + ", math " + mathType
                    + (bytes >= 0 ? ", workspace " + bytes : "") + (Float.isNaN(ms) ? "" : ", " + ms + " ms") + ")";
        }
    }

    /** A cudnnFind*AlgorithmEx call on a workspace: its candidates (fastest first, as cuDNN sorts them), or null when it failed. */
    private interface Find {
        List<Candidate> run(Pointer workspace, long bytes);
    }

    /**
     * The fastest acceptable candidate that cuDNN's timed search finds with a temporary workspace
     * of up to MAX_WORKSPACE bytes (halved until cuMemAlloc succeeds), or null when the search
     * fails or finds none (the caller then takes the heuristic choice). Synchronizes: first use only.
     */
    private Candidate measured(String direction, int max, Find find) {
        CUdeviceptr ws = new CUdeviceptr();
        long bytes = MAX_WORKSPACE;
        while (JCudaDriver.cuMemAlloc(ws, bytes) != 0) {
            bytes /= 2;
            if (bytes < (1L << 20)) {
                bytes = 0;
                ws = null;
                break;
            }
        }
        List<Candidate> cs;
        try {
            cs = find.run(ws == null ? new Pointer() : ws, bytes);
        } finally {
            if (ws != null) JCudaDriver.cuMemFree(ws);
        }
        if (cs == null) return null;
        for (Candidate c : cs) {
            if (c.acceptable() && c.bytes >= 0 && c.bytes <= bytes) {
                int at = direction.equals("forward") ? 0 : direction.equals("backward data") ? 1 : 2;
                chosen[at] = direction + " algo " + c.algo + " (measured " + c.ms + " ms of " + cs + ")";
                if (VERBOSE) System.err.println("[latent] cuDNN " + g + ": " + chosen[at]);
                return c;
            }
        }
        return null;
    }

    /** The first acceptable candidate whose workspace query succeeds within MAX_WORKSPACE; throws naming all of them if none. */
    private Candidate choose(String direction, List<Candidate> cs, IntToLongFunction workspace) {
        for (Candidate c : cs) {
            if (!c.acceptable()) continue;
            c.bytes = workspace.applyAsLong(c.algo);
            if (c.bytes >= 0 && c.bytes <= MAX_WORKSPACE) return c;
        }
        throw new CudaException("cuDNN offers no deterministic float32 (FMA, no TF32) " + direction + " algorithm within "
                + MAX_WORKSPACE + " bytes of workspace for " + g + (padded ? " on extent " + h + "x" + w : "")
                + "; it listed " + cs + "; use ConvPath.OWN");
    }

    @Override
    public void close() {
        cudnnDestroyConvolutionDescriptor(convDesc);
        cudnnDestroyFilterDescriptor(wDesc);
        cudnnDestroyTensorDescriptor(yDesc);
        cudnnDestroyTensorDescriptor(xDesc);
    }
}
