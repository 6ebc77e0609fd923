package org.latent.backend.cpu;

import org.latent.backend.Activation;
import org.latent.backend.Backend;
import org.latent.backend.ConvGeometry;
import org.latent.backend.DeviceRandomKey;
import org.latent.backend.OpChecks;
import org.latent.backend.PoolGeometry;
import org.latent.rng.RandomKey;
import org.latent.tensor.Shapes;
import org.latent.tensor.Tensor;

/**
 * The reference backend: plain Java over float arrays, multithreaded where the work is large.
 * Each op family lives in its own class (CpuGemm, CpuConv, ...); this class checks arguments and
 * dispatches.
 */
public final class CpuBackend implements Backend {

    @Override
    public String name() {
        return "cpu";
    }

    /** Which GEMM kernel this JVM runs (e.g. "Vector API v2 8x32, 512-bit"), for logs and benchmarks. */
    public static String gemmKernel() {
        return CpuGemm.kernelName();
    }

    static CpuTensor t(Tensor t) {
        if (t == null) return null;
        if (!(t instanceof CpuTensor c)) {
            throw new IllegalArgumentException("cpu backend got a tensor on " + t.backend().name()
                    + "; copy it with download/upload first");
        }
        return c;
    }

    @Override
    public Tensor allocate(int... shape) {
        return new CpuTensor(this, floats(Shapes.size(shape), shape), 0, shape);
    }

    /**
     * A new float array for a tensor of {@code shape}; when the Java heap cannot hold it, an
     * exception whose message gives the shape, its size and the heap's limit instead of an
     * OutOfMemoryError (nothing was allocated, so the program can report it and end cleanly).
     */
    private static float[] floats(int n, int[] shape) {
        try {
            return new float[n];
        } catch (OutOfMemoryError e) {
            long max = Runtime.getRuntime().maxMemory();
            throw new IllegalStateException(String.format(java.util.Locale.ROOT, "not enough memory for a tensor of shape %s"
                    + " (%.2f GiB as float32): the Java heap is limited to %.2f GiB and holds the rest of the model and data"
                    + " (raise -Xmx, which the latent launcher takes from LATENT_JAVA_OPTS, or make the layers, the batch or"
                    + " the count smaller)", java.util.Arrays.toString(shape), 4.0 * n / (1L << 30), max / (double) (1L << 30)));
        }
    }

    @Override
    public Tensor upload(float[] host, int... shape) {
        int n = Shapes.size(shape);
        OpChecks.hostArray("upload", host, shape);
        float[] data = floats(n, shape);
        System.arraycopy(host, 0, data, 0, n);
        return new CpuTensor(this, data, 0, shape);
    }

    @Override
    public void write(float[] host, Tensor dst) {
        CpuTensor d = t(dst);
        OpChecks.hostArray("write", host, dst.shape());
        System.arraycopy(host, 0, d.data, d.offset, d.size());
    }

    @Override
    public void download(Tensor t, float[] host) {
        CpuTensor c = t(t);
        OpChecks.hostArray("download", host, t.shape());
        System.arraycopy(c.data, c.offset, host, 0, c.size());
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        Shapes.requireSameSize("copy", "src", src, "dst", dst);
        CpuTensor s = t(src), d = t(dst);
        System.arraycopy(s.data, s.offset, d.data, d.offset, s.size());
    }

    @Override
    public void fill(Tensor t, float value) {
        CpuTensor c = t(t);
        java.util.Arrays.fill(c.data, c.offset, c.offset + c.size(), value);
    }

    @Override
    public void synchronize() {}

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        OpChecks.gemm(transA, transB, a, b, c);
        CpuGemm.gemm(transA, transB, alpha, t(a), t(b), beta, t(c));
    }

    @Override
    public void axpy(float alpha, Tensor x, Tensor y) {
        Shapes.requireSameSize("axpy", "x", x, "y", y);
        CpuElementwise.axpy(alpha, t(x), t(y));
    }

    @Override
    public void scale(Tensor x, float alpha) {
        CpuElementwise.scale(t(x), alpha);
    }

    @Override
    public void clamp(Tensor x, float lo, float hi) {
        Shapes.require(lo <= hi, "clamp: lo " + lo + " > hi " + hi);
        CpuElementwise.clamp(t(x), lo, hi);
    }

    @Override
    public double sum(Tensor x) {
        return CpuElementwise.sum(t(x));
    }

    @Override
    public void gatherRows(Tensor src, Tensor indices, int offset, Tensor dst) {
        OpChecks.gatherRows(src, indices, offset, dst);
        CpuElementwise.gatherRows(t(src), t(indices), offset, t(dst));
    }

    @Override
    public void biasActivationForward(Tensor x, Tensor bias, Activation act, float alpha, Tensor slope, Tensor y) {
        OpChecks.biasActivation("biasActivationForward", x, bias, act, slope, y);
        CpuActivation.forward(t(x), t(bias), act, alpha, t(slope), t(y));
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
        CpuActivation.backward(t(x), t(bias), act, alpha, t(slope), t(y), t(dy), t(dx), t(dbias), t(dslope));
    }

    @Override
    public void conv2dForward(Tensor x, Tensor w, Tensor y, ConvGeometry g) {
        OpChecks.conv("conv2dForward", g, x, w, y);
        CpuConv.forward(t(x), t(w), t(y), g);
    }

    @Override
    public void conv2dBackwardData(Tensor dy, Tensor w, Tensor dx, ConvGeometry g) {
        OpChecks.conv("conv2dBackwardData", g, dx, w, dy);
        CpuConv.backwardData(t(dy), t(w), t(dx), g);
    }

    @Override
    public void conv2dBackwardFilter(Tensor x, Tensor dy, Tensor dw, ConvGeometry g) {
        OpChecks.conv("conv2dBackwardFilter", g, x, dw, dy);
        CpuConv.backwardFilter(t(x), t(dy), t(dw), g);
    }

    @Override
    public void maxPool2dForward(Tensor x, Tensor y, PoolGeometry g) {
        OpChecks.pool("maxPool2dForward", g, x, y);
        CpuPool.maxForward(t(x), t(y), g);
    }

    @Override
    public void maxPool2dBackward(Tensor x, Tensor y, Tensor dy, Tensor dx, PoolGeometry g) {
        OpChecks.pool("maxPool2dBackward", g, x, y);
        OpChecks.pool("maxPool2dBackward", g, dx, dy);
        CpuPool.maxBackward(t(x), t(y), t(dy), t(dx), g);
    }

    @Override
    public void upsample2dForward(Tensor x, Tensor y, int scaleH, int scaleW) {
        OpChecks.upsample("upsample2dForward", x, y, scaleH, scaleW);
        CpuPool.upsampleForward(t(x), t(y), scaleH, scaleW);
    }

    @Override
    public void upsample2dBackward(Tensor dy, Tensor dx, int scaleH, int scaleW) {
        OpChecks.upsample("upsample2dBackward", dx, dy, scaleH, scaleW);
        CpuPool.upsampleBackward(t(dy), t(dx), scaleH, scaleW);
    }

    @Override
    public void batchNormForwardTraining(Tensor x, Tensor gamma, Tensor beta, float momentum, float eps,
                                         Tensor runningMean, Tensor runningVar, Tensor y, Tensor saveMean, Tensor saveInvStd) {
        String op = "batchNormForwardTraining";
        OpChecks.batchNorm(op, x, gamma, beta, runningMean, runningVar, saveMean, saveInvStd);
        OpChecks.batchNormTraining(x);
        OpChecks.sameShape(op, "x", x, "y", y);
        CpuBatchNorm.forwardTraining(t(x), t(gamma), t(beta), momentum, eps, t(runningMean), t(runningVar), t(y),
                t(saveMean), t(saveInvStd));
    }

    @Override
    public void batchNormForwardInference(Tensor x, Tensor gamma, Tensor beta, float eps,
                                          Tensor runningMean, Tensor runningVar, Tensor y) {
        String op = "batchNormForwardInference";
        OpChecks.batchNorm(op, x, gamma, beta, runningMean, runningVar);
        OpChecks.sameShape(op, "x", x, "y", y);
        CpuBatchNorm.forwardInference(t(x), t(gamma), t(beta), eps, t(runningMean), t(runningVar), t(y));
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor gamma, Tensor saveMean, Tensor saveInvStd, Tensor dy,
                                  Tensor dx, Tensor dgamma, Tensor dbeta) {
        String op = "batchNormBackward";
        OpChecks.batchNorm(op, x, gamma, saveMean, saveInvStd, dgamma, dbeta);
        OpChecks.sameShape(op, "x", x, "dy", dy);
        OpChecks.sameShape(op, "x", x, "dx", dx);
        CpuBatchNorm.backward(t(x), t(gamma), t(saveMean), t(saveInvStd), t(dy), t(dx), t(dgamma), t(dbeta));
    }

    @Override
    public void augmentImages(Tensor src, Tensor dst, RandomKey key, boolean flip, int pad) {
        OpChecks.augmentImages(src, dst, pad);
        CpuAugment.augment(t(src), t(dst), key, flip, pad);
    }

    @Override
    public void dropoutForward(Tensor x, float rate, RandomKey key, Tensor mask, Tensor y) {
        OpChecks.rate("dropoutForward", rate);
        OpChecks.sameShape("dropoutForward", "x", x, "mask", mask);
        OpChecks.sameShape("dropoutForward", "x", x, "y", y);
        CpuDropout.forward(t(x), rate, key, t(mask), t(y));
    }

    @Override
    public void dropoutBackward(Tensor dy, Tensor mask, Tensor dx) {
        OpChecks.sameShape("dropoutBackward", "dy", dy, "mask", mask);
        OpChecks.sameShape("dropoutBackward", "dy", dy, "dx", dx);
        CpuDropout.backward(t(dy), t(mask), t(dx));
    }

    @Override
    public void randomUniform(Tensor t, float lo, float hi, RandomKey key) {
        Shapes.require(lo <= hi, "randomUniform: lo " + lo + " > hi " + hi);
        CpuRandom.uniform(t(t), lo, hi, key);
    }

    @Override
    public void randomNormal(Tensor t, float mean, float std, RandomKey key) {
        Shapes.require(std >= 0, "randomNormal: std " + std + " is negative");
        CpuRandom.normal(t(t), mean, std, key);
    }

    @Override
    public void randomBernoulli(Tensor t, float p, RandomKey key) {
        Shapes.require(p >= 0 && p <= 1, "randomBernoulli: p " + p + " is not in [0, 1]");
        CpuRandom.bernoulli(t(t), p, key);
    }

    @Override
    public void squaredError(Tensor prediction, Tensor target, float scale, Tensor loss, Tensor grad) {
        OpChecks.batchLoss("squaredError", prediction, target, loss, grad);
        CpuLoss.squaredError(t(prediction), t(target), scale, t(loss), t(grad));
    }

    @Override
    public void bceWithLogits(Tensor logits, Tensor target, float scale, Tensor loss, Tensor grad) {
        OpChecks.batchLoss("bceWithLogits", logits, target, loss, grad);
        CpuLoss.bceWithLogits(t(logits), t(target), scale, t(loss), t(grad));
    }

    @Override
    public void bceWithProbabilities(Tensor probability, Tensor target, float scale, Tensor loss, Tensor grad) {
        OpChecks.batchLoss("bceWithProbabilities", probability, target, loss, grad);
        CpuLoss.bceWithProbabilities(t(probability), t(target), scale, t(loss), t(grad));
    }

    @Override
    public void softmaxCrossEntropy(Tensor logits, Tensor target, float scale, Tensor loss, Tensor grad, Tensor probs) {
        String op = "softmaxCrossEntropy";
        Shapes.require(logits.rank() == 2, op + ": logits " + Shapes.str(logits) + " must be [N, classes]");
        OpChecks.batchLoss(op, logits, target, loss, grad);
        if (probs != null) OpChecks.sameShape(op, "logits", logits, "probs", probs);
        CpuLoss.softmaxCrossEntropy(t(logits), t(target), scale, t(loss), t(grad), t(probs));
    }

    @Override
    public void gaussianReparameterize(Tensor stats, Tensor eps, float klScale, Tensor z, Tensor kl) {
        OpChecks.reparameterize("gaussianReparameterize", stats, eps, z);
        if (kl != null) Shapes.requireSize("gaussianReparameterize", "kl (one per example)", kl, stats.rows());
        CpuLoss.gaussianReparameterize(t(stats), t(eps), klScale, t(z), t(kl));
    }

    @Override
    public void gaussianReparameterizeBackward(Tensor stats, Tensor eps, Tensor dz, float klScale, Tensor dstats) {
        OpChecks.reparameterize("gaussianReparameterizeBackward", stats, eps, dz);
        OpChecks.sameShape("gaussianReparameterizeBackward", "stats", stats, "dstats", dstats);
        CpuLoss.gaussianReparameterizeBackward(t(stats), t(eps), t(dz), klScale, t(dstats));
    }

    @Override
    public void wasserstein(Tensor score, Tensor sign, float scale, Tensor loss, Tensor grad) {
        OpChecks.batchLoss("wasserstein", score, sign, loss, grad);
        CpuLoss.wasserstein(t(score), t(sign), scale, t(loss), t(grad));
    }

    @Override
    public double l1ActivityPenalty(Tensor a, float lambda, Tensor grad) {
        if (grad != null) OpChecks.sameShape("l1ActivityPenalty", "a", a, "grad", grad);
        return CpuLoss.l1ActivityPenalty(t(a), lambda, t(grad));
    }

    @Override
    public double klSparsityPenalty(Tensor a, float p, float beta, Tensor grad) {
        Shapes.require(p > 0 && p < 1, "klSparsityPenalty: target activation p " + p + " must be in (0, 1)");
        if (grad != null) OpChecks.sameShape("klSparsityPenalty", "a", a, "grad", grad);
        return CpuLoss.klSparsityPenalty(t(a), p, beta, t(grad));
    }

    @Override
    public double weightPenalty(Tensor w, float l1, float l2, Tensor grad) {
        if (grad != null) OpChecks.sameShape("weightPenalty", "w", w, "grad", grad);
        return CpuLoss.weightPenalty(t(w), l1, l2, t(grad));
    }

    @Override
    public void sgdStep(Tensor params, Tensor grads, Tensor velocity, float lr, float momentum, boolean nesterov) {
        OpChecks.optimizer("sgdStep", params, grads, velocity);
        OpChecks.hyper("sgdStep", lr, 0f, momentum);
        CpuOptimizer.sgd(t(params), t(grads), t(velocity), lr, momentum, nesterov);
    }

    @Override
    public void adamStep(Tensor params, Tensor grads, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps,
                         long step) {
        OpChecks.optimizer("adamStep", params, grads, m, v);
        OpChecks.hyper("adamStep", lr, eps, beta1, beta2);
        Shapes.require(step >= 1, "adamStep: step " + step + " must count from 1");
        CpuOptimizer.adam(t(params), t(grads), t(m), t(v), lr, beta1, beta2, eps, step);
    }

    @Override
    public void clipByGlobalNorm(Tensor grads, float maxNorm, Tensor info) {
        OpChecks.clip("clipByGlobalNorm", maxNorm, info);
        CpuOptimizer.clipByGlobalNorm(t(grads), maxNorm, t(info));
    }

    @Override
    public void rmspropStep(Tensor params, Tensor grads, Tensor sq, float lr, float rho, float eps) {
        OpChecks.optimizer("rmspropStep", params, grads, sq);
        OpChecks.hyper("rmspropStep", lr, eps, rho);
        CpuOptimizer.rmsprop(t(params), t(grads), t(sq), lr, rho, eps);
    }

    // ---- the step's values read from device memory (CpuStepState) -----------------------------

    private static RandomKey key(String op, DeviceRandomKey k) {
        OpChecks.deviceKey(op, k);
        return k.at(CpuStepState.counter(op, t(k.counter()), 0));
    }

    @Override
    public void gatherRows(Tensor src, Tensor indices, Tensor batch, long batchOffset, int rowsPerBatch, Tensor dst) {
        OpChecks.gatherRows(src, indices, batch, batchOffset, rowsPerBatch, dst);
        long offset = CpuStepState.counter("gatherRows", t(batch), batchOffset) * rowsPerBatch;
        Shapes.require(offset + dst.rows() <= indices.size(), "gatherRows: indices[" + offset + ", " + (offset + dst.rows())
                + ") out of range for " + indices.size() + " indices");
        gatherRows(src, indices, (int) offset, dst);
    }

    @Override
    public void dropoutForward(Tensor x, float rate, DeviceRandomKey key, Tensor mask, Tensor y) {
        dropoutForward(x, rate, key("dropoutForward", key), mask, y);
    }

    @Override
    public void randomUniform(Tensor t, float lo, float hi, DeviceRandomKey key) {
        randomUniform(t, lo, hi, key("randomUniform", key));
    }

    @Override
    public void randomNormal(Tensor t, float mean, float std, DeviceRandomKey key) {
        randomNormal(t, mean, std, key("randomNormal", key));
    }

    @Override
    public void randomBernoulli(Tensor t, float p, DeviceRandomKey key) {
        randomBernoulli(t, p, key("randomBernoulli", key));
    }

    @Override
    public void augmentImages(Tensor src, Tensor dst, DeviceRandomKey key, boolean flip, int pad) {
        augmentImages(src, dst, key("augmentImages", key), flip, pad);
    }

    @Override
    public void gaussianReparameterize(Tensor stats, Tensor eps, Tensor klScale, Tensor z, Tensor kl) {
        OpChecks.scalar("gaussianReparameterize", "klScale", klScale);
        gaussianReparameterize(stats, eps, CpuStepState.scalar(t(klScale)), z, kl);
    }

    @Override
    public void gaussianReparameterizeBackward(Tensor stats, Tensor eps, Tensor dz, Tensor klScale, Tensor dstats) {
        OpChecks.scalar("gaussianReparameterizeBackward", "klScale", klScale);
        gaussianReparameterizeBackward(stats, eps, dz, CpuStepState.scalar(t(klScale)), dstats);
    }

    @Override
    public void sgdStep(Tensor params, Tensor grads, Tensor velocity, Tensor lr, float momentum, boolean nesterov) {
        OpChecks.deviceHyper("sgdStep", lr, 0f, momentum);
        sgdStep(params, grads, velocity, CpuStepState.scalar(t(lr)), momentum, nesterov);
    }

    @Override
    public void adamStep(Tensor params, Tensor grads, Tensor m, Tensor v, Tensor lr, float beta1, float beta2, float eps,
                         Tensor step, long stepOffset) {
        OpChecks.deviceHyper("adamStep", lr, eps, beta1, beta2);
        OpChecks.counter("adamStep", "step", step, stepOffset);
        adamStep(params, grads, m, v, CpuStepState.scalar(t(lr)), beta1, beta2, eps,
                CpuStepState.counter("adamStep", t(step), stepOffset) + 1);
    }

    @Override
    public void rmspropStep(Tensor params, Tensor grads, Tensor sq, Tensor lr, float rho, float eps) {
        OpChecks.deviceHyper("rmspropStep", lr, eps, rho);
        rmspropStep(params, grads, sq, CpuStepState.scalar(t(lr)), rho, eps);
    }

    @Override
    public void decoupledWeightDecay(Tensor params, Tensor lr, double weightDecay) {
        OpChecks.scalar("decoupledWeightDecay", "learning rate", lr);
        scale(params, (float) (1 - (double) CpuStepState.scalar(t(lr)) * weightDecay));
    }

    @Override
    public void advanceStepState(Tensor state, int[] slots, long[] by) {
        OpChecks.advanceStepState(state, slots, by);
        CpuStepState.advance(t(state), slots, by);
    }

    @Override
    public void lookupStepValue(Tensor table, Tensor counter, long offset, Tensor dst) {
        OpChecks.lookupStepValue(table, counter, offset, dst);
        CpuStepState.lookup(t(table), t(counter), offset, t(dst));
    }

    @Override
    public void warmupScale(Tensor counter, long offset, float value, long steps, float divisor, Tensor dst) {
        OpChecks.warmupScale(counter, offset, steps, divisor, dst);
        CpuStepState.warmupScale(t(counter), offset, value, steps, divisor, t(dst));
    }
}
