package org.latent.backend.cuda;

import static jcuda.driver.JCudaDriver.*;

import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUgraph;
import jcuda.driver.CUgraphExec;
import jcuda.driver.CUstream;
import jcuda.driver.CUstreamCaptureMode;
import jcuda.driver.CUstream_flags;
import org.latent.backend.Activation;
import org.latent.backend.Backend;
import org.latent.backend.ConvGeometry;
import org.latent.backend.DeviceRandomKey;
import org.latent.backend.OpChecks;
import org.latent.backend.PoolGeometry;
import org.latent.backend.StepCapture;
import org.latent.rng.RandomKey;
import org.latent.tensor.Shapes;
import org.latent.tensor.Tensor;

/**
 * The GPU backend: custom kernels (kernels/*.cu, one module per op family) plus cuBLAS for GEMM
 * and cuDNN for convolution, all on one stream of the device's primary context. Each op family has
 * its own class (CudaGemm, CudaConv, ...) next to its CPU twin (CpuGemm, CpuConv, ...). Argument
 * checks are those of the CPU backend ({@link OpChecks}). Tensors come from an arena allocated
 * once per model, so steps never allocate device memory.
 *
 * <p>Graph capture ({@link StepCapture}, used by {@code StepPlan}): a training step's kernels,
 * cuBLAS and cuDNN calls, memsets and device copies are captured from the backend's one stream
 * into a CUDA graph and launched with cuGraphLaunch. cuBLAS and cuDNN work on that same stream and
 * their workspaces are fixed buffers from the arena (cublasSetWorkspace at the handle's creation,
 * cuDNN's scratch sized by the eager steps before any capture), so a captured call allocates
 * nothing. Written and compiled without a GPU: the capture path has never run on one.
 */
public final class CudaBackend implements Backend, StepCapture {

    /** Which GEMM runs: cuBLAS (default) or our tiled SGEMM kernel (kernels/gemm.cu). */
    public enum GemmPath { CUBLAS, OWN }

    /** Which convolution runs: cuDNN (default) or our kernels (kernels/conv.cu). */
    public enum ConvPath { CUDNN, OWN }

    final int device;
    final String deviceName;
    final CUcontext context = new CUcontext();
    final CUstream stream = new CUstream();
    final CudaModules modules = new CudaModules();
    final Kernels kernels;
    final CudaArena arena = new CudaArena();
    private final Thread owner;
    private GemmPath gemmPath = GemmPath.CUBLAS;
    private ConvPath convPath = ConvPath.CUDNN;
    final String cublasProblem, cudnnProblem;
    /** Whether StepPlan captures steps into graphs on this backend (-Dlatent.graph=false: it replays the calls instead). */
    private boolean captureSteps = !"false".equals(System.getProperty("latent.graph"));
    /** The thread capturing a graph now, and the step shape it captures; null when none. */
    private Thread capturingThread;
    private Object captureKey;
    /** Graphs made by this backend and not yet closed (closed with it). */
    private final java.util.Set<CudaGraph> graphs = new java.util.LinkedHashSet<>();
    final CudaGemm gemm;
    final CudaConv conv;
    final CudaElementwise elementwise;
    final CudaLoss loss;

    private CudaBackend(int device) {
        this.device = device;
        CudaCheck.driver(cuInit(0), "cuInit");
        int[] count = new int[1];
        CudaCheck.driver(cuDeviceGetCount(count), "cuDeviceGetCount");
        if (device < 0 || device >= count[0]) {
            throw new CudaException("cuda:" + device + " does not exist; this machine has " + count[0] + " CUDA device(s)");
        }
        CUdevice dev = new CUdevice();
        CudaCheck.driver(cuDeviceGet(dev, device), "cuDeviceGet", device);
        byte[] name = new byte[256];
        CudaCheck.driver(cuDeviceGetName(name, name.length, dev), "cuDeviceGetName");
        deviceName = new String(name).trim();
        CudaCheck.driver(cuDevicePrimaryCtxRetain(context, dev), "cuDevicePrimaryCtxRetain", device);
        CudaCheck.driver(cuCtxSetCurrent(context), "cuCtxSetCurrent");
        CudaCheck.driver(cuStreamCreate(stream, CUstream_flags.CU_STREAM_NON_BLOCKING), "cuStreamCreate");
        owner = Thread.currentThread();
        kernels = new Kernels(modules, stream);
        gemm = new CudaGemm(this);
        conv = new CudaConv(this);
        elementwise = new CudaElementwise(this);
        loss = new CudaLoss(this);
        cublasProblem = probe("cuBLAS", () -> gemm.handle());
        if (cublasProblem != null) gemmPath = GemmPath.OWN;
        cudnnProblem = probe("cuDNN", () -> conv.handle());
        if (cudnnProblem != null) convPath = ConvPath.OWN;
    }

    /** Null when the library works, else why not (and a one-line notice that our kernels stand in). */
    private static String probe(String library, Runnable init) {
        try {
            init.run();
            return null;
        } catch (RuntimeException | LinkageError e) {
            String why = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString());
            System.err.println("[latent] " + library + " unavailable (" + why + "); using Latent's own kernels instead");
            return why;
        }
    }

    /** Opens device {@code cuda:N}; throws CudaException naming the cause if it cannot. */
    public static CudaBackend open(int device) {
        if (SystemLibraries.find("libcuda.so.1") == null) {
            throw new CudaException("no NVIDIA driver: libcuda.so.1 is not in LD_LIBRARY_PATH or the dynamic linker's cache");
        }
        try {
            return new CudaBackend(device);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new CudaException("the JCuda driver binding cannot load: " + first, e);
        }
    }

    @Override
    public String name() {
        return "cuda:" + device;
    }

    public String deviceName() {
        return deviceName;
    }

    public GemmPath gemmPath() { return gemmPath; }
    public void gemmPath(GemmPath p) {
        if (p == GemmPath.CUBLAS && cublasProblem != null) throw new CudaException("cuBLAS is unavailable: " + cublasProblem);
        gemmPath = p;
    }
    public ConvPath convPath() { return convPath; }
    public void convPath(ConvPath p) {
        if (p == ConvPath.CUDNN && cudnnProblem != null) throw new CudaException("cuDNN is unavailable: " + cudnnProblem);
        convPath = p;
    }

    /** Which code runs one-output-channel stride-1 convolutions: "own" (our conv1out kernels, the default) or "cudnn". */
    public String convOneOutput() { return conv.oneOutput; }
    public void convOneOutput(String name) {
        if (!name.equals("own") && !name.equals("cudnn")) throw new IllegalArgumentException("convOneOutput: own or cudnn, not " + name);
        conv.oneOutput = name;
    }

    /** Bytes of device memory this backend holds. */
    public long bytesHeld() {
        return arena.bytesHeld();
    }

    /** Makes the context current when called from another thread than the one that opened the backend. */
    void enter() {
        Thread current = Thread.currentThread();
        if (capturingThread != null && current != capturingThread) {
            throw new CudaException("cuda: a call from thread " + current.getName() + " while thread " + capturingThread.getName()
                    + " captures a CUDA graph on this backend's stream (step " + captureKey + "); a backend is used by one thread");
        }
        if (current != owner) CudaCheck.driver(cuCtxSetCurrent(context), "cuCtxSetCurrent");
    }

    // ---- CUDA graphs (StepCapture; never run on a GPU yet) ----------------------------------

    /** Whether a graph capture is in progress. */
    public boolean capturing() {
        return capturingThread != null;
    }

    /**
     * Throws when a graph is being captured: {@code what} synchronizes with the host, copies from
     * host memory or allocates, none of which a capture can hold (CUDA would also invalidate the
     * capture, less clearly).
     */
    void refuseInCapture(String what) {
        if (capturingThread != null) {
            throw new CudaException("cuda: " + what + " inside a CUDA graph capture (step " + captureKey + "): a captured step must"
                    + " neither synchronize, read back to the host, copy from the host nor allocate; do that outside the step");
        }
    }

    @Override
    public boolean capturesSteps() {
        return captureSteps;
    }

    /** Turns graph capture of planned steps on or off (StepPlan replays the calls eagerly when off). */
    public void captureSteps(boolean on) {
        captureSteps = on;
    }

    /**
     * Begins capturing the backend's stream. Mode CU_STREAM_CAPTURE_MODE_THREAD_LOCAL: a call that
     * is unsafe during capture (cuMemAlloc, a synchronous copy, a context synchronization) is an
     * error when this thread makes it, so a mistake in a step fails here instead of running outside
     * the graph; other threads of the JVM (another backend, a CPU thread pool) are not affected, as
     * they would be under GLOBAL. RELAXED would let such calls through silently. All of this
     * backend's work (our kernels, cuBLAS, cuDNN, memsets, device copies) is issued from the calling
     * thread on one stream, which is what stream capture records; {@link #enter} refuses other threads.
     */
    @Override
    public void beginCapture(Object key) {
        enter();
        if (capturingThread != null) throw new CudaException("cuda: beginCapture(" + key + ") while step " + captureKey + " is being captured");
        CudaCheck.driver(cuStreamSynchronize(stream), "cuStreamSynchronize (before capturing step " + key + "; an earlier kernel failed)");
        CudaCheck.driver(cuStreamBeginCapture(stream, CUstreamCaptureMode.CU_STREAM_CAPTURE_MODE_THREAD_LOCAL), "cuStreamBeginCapture",
                "step " + key);
        capturingThread = Thread.currentThread();
        captureKey = key;
        kernels.capturing = true;
        arena.capturing = true;
    }

    @Override
    public Graph endCapture() {
        if (capturingThread == null) throw new CudaException("cuda: endCapture without beginCapture");
        Object key = captureKey;
        CUgraph graph = new CUgraph();
        int status = cuStreamEndCapture(stream, graph);
        stopCapturing();
        CudaCheck.driver(status, "cuStreamEndCapture", "step " + key,
                "CUDA_ERROR_STREAM_CAPTURE_INVALIDATED means a call in the step was not capturable");
        CUgraphExec exec = new CUgraphExec();
        status = cuGraphInstantiate(exec, graph, 0);
        if (status != 0) {
            cuGraphDestroy(graph);
            CudaCheck.driver(status, "cuGraphInstantiate", "step " + key);
        }
        CudaGraph g = new CudaGraph(graph, exec, key);
        graphs.add(g);
        CudaCheck.driver(cuGraphUpload(exec, stream), "cuGraphUpload", "step " + key);
        return g;
    }

    @Override
    public void abortCapture() {
        if (capturingThread == null) return;
        CUgraph graph = new CUgraph();
        int status = cuStreamEndCapture(stream, graph);
        stopCapturing();
        if (status == 0) cuGraphDestroy(graph);
    }

    private void stopCapturing() {
        capturingThread = null;
        captureKey = null;
        kernels.capturing = false;
        arena.capturing = false;
    }

    /** Graphs this backend holds (made and not closed). */
    public int graphCount() {
        return graphs.size();
    }

    /** An instantiated CUDA graph of one step shape, launched on the backend's stream. */
    private final class CudaGraph implements Graph {
        private final CUgraph graph;
        private final CUgraphExec exec;
        private final Object key;
        private boolean closed;

        CudaGraph(CUgraph graph, CUgraphExec exec, Object key) {
            this.graph = graph;
            this.exec = exec;
            this.key = key;
        }

        @Override
        public void launch() {
            if (closed) throw new CudaException("cuda: launch of the closed graph of step " + key);
            enter();
            refuseInCapture("cuGraphLaunch");
            CudaCheck.driver(cuGraphLaunch(exec, stream), "cuGraphLaunch", "step " + key);
            if (Kernels.syncEveryLaunch()) CudaCheck.driver(cuStreamSynchronize(stream), "graph of step " + key);
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            graphs.remove(this);
            cuGraphExecDestroy(exec);
            cuGraphDestroy(graph);
        }
    }

    static CudaTensor t(Tensor t) {
        if (t == null) return null;
        if (!(t instanceof CudaTensor c)) {
            throw new IllegalArgumentException("cuda backend got a tensor on " + t.backend().name()
                    + "; copy it with download/upload first");
        }
        return c;
    }

    // ---- memory ----------------------------------------------------------------------------

    @Override
    public Tensor allocate(int... shape) {
        enter();
        refuseInCapture("allocate");
        int n = Shapes.size(shape);
        CudaTensor t = new CudaTensor(this, arena.allocate(4L * Math.max(n, 1)), Math.max(n, 1), shape);
        fill(t, 0f);
        return t;
    }

    @Override
    public Tensor upload(float[] host, int... shape) {
        int n = Shapes.size(shape);
        OpChecks.hostArray("upload", host, shape);
        enter();
        refuseInCapture("upload");
        CudaTensor t = new CudaTensor(this, arena.allocate(4L * Math.max(n, 1)), Math.max(n, 1), shape);
        CudaCheck.driver(cuStreamSynchronize(stream), "cuStreamSynchronize");
        if (n > 0) CudaCheck.driver(cuMemcpyHtoD(t.ptr, Pointer.to(host), 4L * n), "cuMemcpyHtoD", n + " floats");
        return t;
    }

    @Override
    public void write(float[] host, Tensor dst) {
        CudaTensor d = t(dst);
        OpChecks.hostArray("write", host, dst.shape());
        enter();
        refuseInCapture("write (a host-to-device copy)");
        CudaCheck.driver(cuStreamSynchronize(stream), "cuStreamSynchronize");
        CudaCheck.driver(cuMemcpyHtoD(d.ptr, Pointer.to(host), 4L * d.size()), "cuMemcpyHtoD", d.size() + " floats");
    }

    @Override
    public void download(Tensor t, float[] host) {
        CudaTensor c = t(t);
        OpChecks.hostArray("download", host, t.shape());
        enter();
        refuseInCapture("download");
        CudaCheck.driver(cuStreamSynchronize(stream), "cuStreamSynchronize (before download; an earlier kernel failed)");
        if (c.size() > 0) CudaCheck.driver(cuMemcpyDtoH(Pointer.to(host), c.ptr, 4L * c.size()), "cuMemcpyDtoH", c.size() + " floats");
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        Shapes.requireSameSize("copy", "src", src, "dst", dst);
        enter();
        CudaCheck.driver(cuMemcpyDtoDAsync(t(dst).ptr, t(src).ptr, 4L * src.size(), stream), "cuMemcpyDtoDAsync",
                src.size() + " floats");
    }

    @Override
    public void fill(Tensor t, float value) {
        enter();
        CudaCheck.driver(cuMemsetD32Async(t(t).ptr, Float.floatToRawIntBits(value), t.size(), stream), "cuMemsetD32Async",
                t.size() + " floats");
    }

    @Override
    public void synchronize() {
        enter();
        refuseInCapture("synchronize");
        CudaCheck.driver(cuStreamSynchronize(stream), "cuStreamSynchronize");
    }

    @Override
    public void close() {
        enter();
        abortCapture();
        for (CudaGraph g : new java.util.ArrayList<>(graphs)) g.close();
        cuStreamSynchronize(stream);
        gemm.close();
        conv.close();
        arena.close();
        cuStreamDestroy(stream);
    }

    // ---- ops: checks shared with the CPU, work in the family classes ------------------------

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        OpChecks.gemm(transA, transB, a, b, c);
        enter();
        gemm.gemm(gemmPath, transA, transB, alpha, t(a), t(b), beta, t(c));
    }

    @Override
    public void axpy(float alpha, Tensor x, Tensor y) {
        Shapes.requireSameSize("axpy", "x", x, "y", y);
        enter();
        elementwise.axpy(alpha, t(x), t(y));
    }

    @Override
    public void scale(Tensor x, float alpha) {
        enter();
        elementwise.scale(t(x), alpha);
    }

    @Override
    public void clamp(Tensor x, float lo, float hi) {
        Shapes.require(lo <= hi, "clamp: lo " + lo + " > hi " + hi);
        enter();
        elementwise.clamp(t(x), lo, hi);
    }

    @Override
    public double sum(Tensor x) {
        enter();
        return elementwise.sum(t(x));
    }

    @Override
    public void gatherRows(Tensor src, Tensor indices, int offset, Tensor dst) {
        OpChecks.gatherRows(src, indices, offset, dst);
        enter();
        elementwise.gatherRows(t(src), t(indices), offset, null, 0, t(dst));
    }

    @Override
    public void biasActivationForward(Tensor x, Tensor bias, Activation act, float alpha, Tensor slope, Tensor y) {
        OpChecks.biasActivation("biasActivationForward", x, bias, act, slope, y);
        enter();
        CudaActivation.forward(this, t(x), t(bias), act, alpha, t(slope), t(y));
    }

    @Override
    public void biasActivationBackward(Tensor x, Tensor bias, Activation act, float alpha, Tensor slope, Tensor y,
                                       Tensor dy, Tensor dx, Tensor dbias, Tensor dslope) {
        String op = "biasActivationBackward";
        OpChecks.biasActivation(op, x, bias, act, slope, y);
        OpChecks.sameShape(op, "x", x, "dy", dy);
        OpChecks.sameShape(op, "x", x, "dx", dx);
        OpChecks.biasActivation(op, x, dbias, Activation.IDENTITY, null, y);
        if (dslope != null) OpChecks.biasActivation(op, x, null, act, dslope, y);
        enter();
        CudaActivation.backward(this, t(x), t(bias), act, alpha, t(slope), t(y), t(dy), t(dx), t(dbias), t(dslope));
    }

    @Override
    public void conv2dForward(Tensor x, Tensor w, Tensor y, ConvGeometry g) {
        OpChecks.conv("conv2dForward", g, x, w, y);
        enter();
        conv.forward(convPath, t(x), t(w), t(y), g);
    }

    @Override
    public void conv2dBackwardData(Tensor dy, Tensor w, Tensor dx, ConvGeometry g) {
        OpChecks.conv("conv2dBackwardData", g, dx, w, dy);
        enter();
        conv.backwardData(convPath, t(dy), t(w), t(dx), g);
    }

    @Override
    public void conv2dBackwardFilter(Tensor x, Tensor dy, Tensor dw, ConvGeometry g) {
        OpChecks.conv("conv2dBackwardFilter", g, x, dw, dy);
        enter();
        conv.backwardFilter(convPath, t(x), t(dy), t(dw), g);
    }

    @Override
    public void maxPool2dForward(Tensor x, Tensor y, PoolGeometry g) {
        OpChecks.pool("maxPool2dForward", g, x, y);
        enter();
        CudaPool.maxForward(this, t(x), t(y), g);
    }

    @Override
    public void maxPool2dBackward(Tensor x, Tensor y, Tensor dy, Tensor dx, PoolGeometry g) {
        OpChecks.pool("maxPool2dBackward", g, x, y);
        OpChecks.pool("maxPool2dBackward", g, dx, dy);
        enter();
        CudaPool.maxBackward(this, t(x), t(y), t(dy), t(dx), g);
    }

    @Override
    public void upsample2dForward(Tensor x, Tensor y, int scaleH, int scaleW) {
        OpChecks.upsample("upsample2dForward", x, y, scaleH, scaleW);
        enter();
        CudaPool.upsampleForward(this, t(x), t(y), scaleH, scaleW);
    }

    @Override
    public void upsample2dBackward(Tensor dy, Tensor dx, int scaleH, int scaleW) {
        OpChecks.upsample("upsample2dBackward", dx, dy, scaleH, scaleW);
        enter();
        CudaPool.upsampleBackward(this, t(dy), t(dx), scaleH, scaleW);
    }

    @Override
    public void batchNormForwardTraining(Tensor x, Tensor gamma, Tensor beta, float momentum, float eps,
                                         Tensor runningMean, Tensor runningVar, Tensor y, Tensor saveMean, Tensor saveInvStd) {
        String op = "batchNormForwardTraining";
        OpChecks.batchNorm(op, x, gamma, beta, runningMean, runningVar, saveMean, saveInvStd);
        OpChecks.batchNormTraining(x);
        OpChecks.sameShape(op, "x", x, "y", y);
        enter();
        CudaBatchNorm.forwardTraining(this, t(x), t(gamma), t(beta), momentum, eps, t(runningMean), t(runningVar), t(y),
                t(saveMean), t(saveInvStd));
    }

    @Override
    public void batchNormForwardInference(Tensor x, Tensor gamma, Tensor beta, float eps,
                                          Tensor runningMean, Tensor runningVar, Tensor y) {
        String op = "batchNormForwardInference";
        OpChecks.batchNorm(op, x, gamma, beta, runningMean, runningVar);
        OpChecks.sameShape(op, "x", x, "y", y);
        enter();
        CudaBatchNorm.forwardInference(this, t(x), t(gamma), t(beta), eps, t(runningMean), t(runningVar), t(y));
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor gamma, Tensor saveMean, Tensor saveInvStd, Tensor dy,
                                  Tensor dx, Tensor dgamma, Tensor dbeta) {
        String op = "batchNormBackward";
        OpChecks.batchNorm(op, x, gamma, saveMean, saveInvStd, dgamma, dbeta);
        OpChecks.sameShape(op, "x", x, "dy", dy);
        OpChecks.sameShape(op, "x", x, "dx", dx);
        enter();
        CudaBatchNorm.backward(this, t(x), t(gamma), t(saveMean), t(saveInvStd), t(dy), t(dx), t(dgamma), t(dbeta));
    }

    @Override
    public void augmentImages(Tensor src, Tensor dst, RandomKey key, boolean flip, int pad) {
        OpChecks.augmentImages(src, dst, pad);
        enter();
        CudaAugment.augment(this, t(src), t(dst), key, null, flip, pad);
    }

    @Override
    public void dropoutForward(Tensor x, float rate, RandomKey key, Tensor mask, Tensor y) {
        OpChecks.rate("dropoutForward", rate);
        OpChecks.sameShape("dropoutForward", "x", x, "mask", mask);
        OpChecks.sameShape("dropoutForward", "x", x, "y", y);
        enter();
        CudaDropout.forward(this, t(x), rate, key, null, t(mask), t(y));
    }

    @Override
    public void dropoutBackward(Tensor dy, Tensor mask, Tensor dx) {
        OpChecks.sameShape("dropoutBackward", "dy", dy, "mask", mask);
        OpChecks.sameShape("dropoutBackward", "dy", dy, "dx", dx);
        enter();
        CudaDropout.backward(this, t(dy), t(mask), t(dx));
    }

    @Override
    public void randomUniform(Tensor t, float lo, float hi, RandomKey key) {
        Shapes.require(lo <= hi, "randomUniform: lo " + lo + " > hi " + hi);
        enter();
        CudaRandom.uniform(this, t(t), lo, hi, key, null);
    }

    @Override
    public void randomNormal(Tensor t, float mean, float std, RandomKey key) {
        Shapes.require(std >= 0, "randomNormal: std " + std + " is negative");
        enter();
        CudaRandom.normal(this, t(t), mean, std, key, null);
    }

    @Override
    public void randomBernoulli(Tensor t, float p, RandomKey key) {
        Shapes.require(p >= 0 && p <= 1, "randomBernoulli: p " + p + " is not in [0, 1]");
        enter();
        CudaRandom.bernoulli(this, t(t), p, key, null);
    }

    @Override
    public void squaredError(Tensor prediction, Tensor target, float scale, Tensor loss, Tensor grad) {
        OpChecks.batchLoss("squaredError", prediction, target, loss, grad);
        enter();
        this.loss.squaredError(t(prediction), t(target), scale, t(loss), t(grad));
    }

    @Override
    public void bceWithLogits(Tensor logits, Tensor target, float scale, Tensor loss, Tensor grad) {
        OpChecks.batchLoss("bceWithLogits", logits, target, loss, grad);
        enter();
        this.loss.bceWithLogits(t(logits), t(target), scale, t(loss), t(grad));
    }

    @Override
    public void bceWithProbabilities(Tensor probability, Tensor target, float scale, Tensor loss, Tensor grad) {
        OpChecks.batchLoss("bceWithProbabilities", probability, target, loss, grad);
        enter();
        this.loss.bceWithProbabilities(t(probability), t(target), scale, t(loss), t(grad));
    }

    @Override
    public void softmaxCrossEntropy(Tensor logits, Tensor target, float scale, Tensor loss, Tensor grad, Tensor probs) {
        String op = "softmaxCrossEntropy";
        Shapes.require(logits.rank() == 2, op + ": logits " + Shapes.str(logits) + " must be [N, classes]");
        OpChecks.batchLoss(op, logits, target, loss, grad);
        if (probs != null) OpChecks.sameShape(op, "logits", logits, "probs", probs);
        enter();
        this.loss.softmaxCrossEntropy(t(logits), t(target), scale, t(loss), t(grad), t(probs));
    }

    @Override
    public void gaussianReparameterize(Tensor stats, Tensor eps, float klScale, Tensor z, Tensor kl) {
        OpChecks.reparameterize("gaussianReparameterize", stats, eps, z);
        if (kl != null) Shapes.requireSize("gaussianReparameterize", "kl (one per example)", kl, stats.rows());
        enter();
        this.loss.gaussianReparameterize(t(stats), t(eps), klScale, null, t(z), t(kl));
    }

    @Override
    public void gaussianReparameterizeBackward(Tensor stats, Tensor eps, Tensor dz, float klScale, Tensor dstats) {
        OpChecks.reparameterize("gaussianReparameterizeBackward", stats, eps, dz);
        OpChecks.sameShape("gaussianReparameterizeBackward", "stats", stats, "dstats", dstats);
        enter();
        this.loss.gaussianReparameterizeBackward(t(stats), t(eps), t(dz), klScale, null, t(dstats));
    }

    @Override
    public void wasserstein(Tensor score, Tensor sign, float scale, Tensor loss, Tensor grad) {
        OpChecks.batchLoss("wasserstein", score, sign, loss, grad);
        enter();
        this.loss.wasserstein(t(score), t(sign), scale, t(loss), t(grad));
    }

    @Override
    public double l1ActivityPenalty(Tensor a, float lambda, Tensor grad) {
        if (grad != null) OpChecks.sameShape("l1ActivityPenalty", "a", a, "grad", grad);
        enter();
        return loss.l1ActivityPenalty(t(a), lambda, t(grad));
    }

    @Override
    public double klSparsityPenalty(Tensor a, float p, float beta, Tensor grad) {
        Shapes.require(p > 0 && p < 1, "klSparsityPenalty: target activation p " + p + " must be in (0, 1)");
        if (grad != null) OpChecks.sameShape("klSparsityPenalty", "a", a, "grad", grad);
        enter();
        return loss.klSparsityPenalty(t(a), p, beta, t(grad));
    }

    @Override
    public double weightPenalty(Tensor w, float l1, float l2, Tensor grad) {
        if (grad != null) OpChecks.sameShape("weightPenalty", "w", w, "grad", grad);
        enter();
        return loss.weightPenalty(t(w), l1, l2, t(grad));
    }

    @Override
    public void sgdStep(Tensor params, Tensor grads, Tensor velocity, float lr, float momentum, boolean nesterov) {
        OpChecks.optimizer("sgdStep", params, grads, velocity);
        OpChecks.hyper("sgdStep", lr, 0f, momentum);
        enter();
        CudaOptimizer.sgd(this, t(params), t(grads), t(velocity), lr, null, momentum, nesterov);
    }

    @Override
    public void adamStep(Tensor params, Tensor grads, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps,
                         long step) {
        OpChecks.optimizer("adamStep", params, grads, m, v);
        OpChecks.hyper("adamStep", lr, eps, beta1, beta2);
        Shapes.require(step >= 1, "adamStep: step " + step + " must count from 1");
        enter();
        CudaOptimizer.adam(this, t(params), t(grads), t(m), t(v), lr, beta1, beta2, eps, step);
    }

    @Override
    public void clipByGlobalNorm(Tensor grads, float maxNorm, Tensor info) {
        OpChecks.clip("clipByGlobalNorm", maxNorm, info);
        enter();
        CudaOptimizer.clipByGlobalNorm(this, t(grads), maxNorm, t(info));
    }

    @Override
    public void rmspropStep(Tensor params, Tensor grads, Tensor sq, float lr, float rho, float eps) {
        OpChecks.optimizer("rmspropStep", params, grads, sq);
        OpChecks.hyper("rmspropStep", lr, eps, rho);
        enter();
        CudaOptimizer.rmsprop(this, t(params), t(grads), t(sq), lr, null, rho, eps);
    }
    // ---- the step's values read from device memory (see StepState; never run on a GPU here) ----

    private static RandomKey hostPart(String op, DeviceRandomKey k) {
        OpChecks.deviceKey(op, k);
        return new RandomKey(k.seed(), k.stream(), k.offset());
    }

    @Override
    public void gatherRows(Tensor src, Tensor indices, Tensor batch, long batchOffset, int rowsPerBatch, Tensor dst) {
        OpChecks.gatherRows(src, indices, batch, batchOffset, rowsPerBatch, dst);
        enter();
        elementwise.gatherRows(t(src), t(indices), batchOffset * rowsPerBatch, t(batch), rowsPerBatch, t(dst));
    }

    @Override
    public void dropoutForward(Tensor x, float rate, DeviceRandomKey key, Tensor mask, Tensor y) {
        OpChecks.rate("dropoutForward", rate);
        OpChecks.sameShape("dropoutForward", "x", x, "mask", mask);
        OpChecks.sameShape("dropoutForward", "x", x, "y", y);
        RandomKey k = hostPart("dropoutForward", key);
        enter();
        CudaDropout.forward(this, t(x), rate, k, t(key.counter()), t(mask), t(y));
    }

    @Override
    public void randomUniform(Tensor t, float lo, float hi, DeviceRandomKey key) {
        Shapes.require(lo <= hi, "randomUniform: lo " + lo + " > hi " + hi);
        RandomKey k = hostPart("randomUniform", key);
        enter();
        CudaRandom.uniform(this, t(t), lo, hi, k, t(key.counter()));
    }

    @Override
    public void randomNormal(Tensor t, float mean, float std, DeviceRandomKey key) {
        Shapes.require(std >= 0, "randomNormal: std " + std + " is negative");
        RandomKey k = hostPart("randomNormal", key);
        enter();
        CudaRandom.normal(this, t(t), mean, std, k, t(key.counter()));
    }

    @Override
    public void randomBernoulli(Tensor t, float p, DeviceRandomKey key) {
        Shapes.require(p >= 0 && p <= 1, "randomBernoulli: p " + p + " is not in [0, 1]");
        RandomKey k = hostPart("randomBernoulli", key);
        enter();
        CudaRandom.bernoulli(this, t(t), p, k, t(key.counter()));
    }

    @Override
    public void augmentImages(Tensor src, Tensor dst, DeviceRandomKey key, boolean flip, int pad) {
        OpChecks.augmentImages(src, dst, pad);
        RandomKey k = hostPart("augmentImages", key);
        enter();
        CudaAugment.augment(this, t(src), t(dst), k, t(key.counter()), flip, pad);
    }

    @Override
    public void gaussianReparameterize(Tensor stats, Tensor eps, Tensor klScale, Tensor z, Tensor kl) {
        OpChecks.reparameterize("gaussianReparameterize", stats, eps, z);
        OpChecks.scalar("gaussianReparameterize", "klScale", klScale);
        if (kl != null) Shapes.requireSize("gaussianReparameterize", "kl (one per example)", kl, stats.rows());
        enter();
        this.loss.gaussianReparameterize(t(stats), t(eps), 0f, t(klScale), t(z), t(kl));
    }

    @Override
    public void gaussianReparameterizeBackward(Tensor stats, Tensor eps, Tensor dz, Tensor klScale, Tensor dstats) {
        OpChecks.reparameterize("gaussianReparameterizeBackward", stats, eps, dz);
        OpChecks.sameShape("gaussianReparameterizeBackward", "stats", stats, "dstats", dstats);
        OpChecks.scalar("gaussianReparameterizeBackward", "klScale", klScale);
        enter();
        this.loss.gaussianReparameterizeBackward(t(stats), t(eps), t(dz), 0f, t(klScale), t(dstats));
    }

    @Override
    public void sgdStep(Tensor params, Tensor grads, Tensor velocity, Tensor lr, float momentum, boolean nesterov) {
        OpChecks.optimizer("sgdStep", params, grads, velocity);
        OpChecks.deviceHyper("sgdStep", lr, 0f, momentum);
        enter();
        CudaOptimizer.sgd(this, t(params), t(grads), t(velocity), 0f, t(lr), momentum, nesterov);
    }

    @Override
    public void adamStep(Tensor params, Tensor grads, Tensor m, Tensor v, Tensor lr, float beta1, float beta2, float eps,
                         Tensor step, long stepOffset) {
        OpChecks.optimizer("adamStep", params, grads, m, v);
        OpChecks.deviceHyper("adamStep", lr, eps, beta1, beta2);
        OpChecks.counter("adamStep", "step", step, stepOffset);
        enter();
        CudaOptimizer.adam(this, t(params), t(grads), t(m), t(v), t(lr), beta1, beta2, eps, t(step), stepOffset);
    }

    @Override
    public void rmspropStep(Tensor params, Tensor grads, Tensor sq, Tensor lr, float rho, float eps) {
        OpChecks.optimizer("rmspropStep", params, grads, sq);
        OpChecks.deviceHyper("rmspropStep", lr, eps, rho);
        enter();
        CudaOptimizer.rmsprop(this, t(params), t(grads), t(sq), 0f, t(lr), rho, eps);
    }

    @Override
    public void decoupledWeightDecay(Tensor params, Tensor lr, double weightDecay) {
        OpChecks.scalar("decoupledWeightDecay", "learning rate", lr);
        enter();
        CudaOptimizer.decayWeights(this, t(params), t(lr), weightDecay);
    }

    @Override
    public void advanceStepState(Tensor state, int[] slots, long[] by) {
        OpChecks.advanceStepState(state, slots, by);
        enter();
        CudaStepState.advance(this, t(state), slots, by);
    }

    @Override
    public void lookupStepValue(Tensor table, Tensor counter, long offset, Tensor dst) {
        OpChecks.lookupStepValue(table, counter, offset, dst);
        enter();
        CudaStepState.lookup(this, t(table), t(counter), offset, t(dst));
    }

    @Override
    public void warmupScale(Tensor counter, long offset, float value, long steps, float divisor, Tensor dst) {
        OpChecks.warmupScale(counter, offset, steps, divisor, dst);
        enter();
        CudaStepState.warmupScale(this, t(counter), offset, value, steps, divisor, t(dst));
    }
}
