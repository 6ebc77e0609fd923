package org.latent.backend;

import org.latent.rng.RandomKey;
import org.latent.tensor.Tensor;

/**
 * The ops of the engine. They are coarse and fused (bias + activation in one call, losses that also
 * write their gradient, one optimizer call over the flat parameter buffer) and write into tensors
 * the caller allocated once, so a training step allocates nothing.
 *
 * <p>Layouts: activations are row-major [N, ...]; images are NCHW; dense weights are [in, out].
 * "Channel" means axis 1 and "spatial" the product of the axes after it (1 for a [N, C] matrix).
 * Gradients of parameters are overwritten by the backward op that computes them; ops documented
 * as "adds into" accumulate instead. Every op checks its shapes and throws
 * {@link IllegalArgumentException} naming the op, the shapes and what it expected.
 *
 * <p>The CPU implementation ({@code backend.cpu}) is the reference; each family of ops lives in
 * one file per backend with the same name (CpuConv / kernels/conv.cu, ...).
 *
 * <p>Per-step values (an optimizer's step count and learning rate, a warm-up weight, the counters of
 * random draws, the batch index) reach the training-step ops from device memory: a
 * {@link StepState} tensor, read by the op when it runs. Counters there are [lo, hi] pairs of whole
 * floats ({@link StepCounter}); device scalars are 1-element views. Those ops have host-argument
 * twins (a {@code RandomKey}, a float rate) for work outside a training step: evaluation, tests,
 * initialization. A training step that takes only device values can be recorded once and replayed
 * ({@link StepPlan}; a CUDA graph).
 */
public interface Backend extends AutoCloseable {

    String name();

    // ---- memory (CpuBackend / CudaMemory) --------------------------------------------------

    /** A new zero-filled tensor. */
    Tensor allocate(int... shape);

    /** A new tensor holding {@code host[0, size)}. */
    Tensor upload(float[] host, int... shape);

    /** Copies {@code host[0, dst.size())} into an existing tensor (a new epoch's order, a batch of noise). */
    void write(float[] host, Tensor dst);

    /** Copies {@code t} into {@code host[0, t.size())}. */
    void download(Tensor t, float[] host);

    void copy(Tensor src, Tensor dst);

    void fill(Tensor t, float value);

    /** Waits for all queued work (a no-op on the CPU). */
    void synchronize();

    @Override
    default void close() {}

    // ---- dense: gemm ---------------------------------------------------------------------

    /**
     * C = alpha * op(A) * op(B) + beta * C, each tensor read as a row-major [rows, cols] matrix;
     * op(X) is X or its transpose. C must not overlap A or B; with beta = 0, C is not read.
     */
    void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c);

    // ---- elementwise and reductions: elementwise -----------------------------------------

    /** y += alpha * x. */
    void axpy(float alpha, Tensor x, Tensor y);

    /** x *= alpha. */
    void scale(Tensor x, float alpha);

    /** x = min(max(x, lo), hi) (the WGAN critic's weight clipping). */
    void clamp(Tensor x, float lo, float hi);

    /** Sum of all elements, accumulated in double; returns to the host (synchronizes). */
    double sum(Tensor x);

    /**
     * dst row i = src row indices[offset + i], for i in [0, dst.rows()). Indices are whole numbers
     * stored as floats (exact below 2^24), so a shuffled epoch order can live on the device.
     */
    void gatherRows(Tensor src, Tensor indices, int offset, Tensor dst);

    /**
     * gatherRows with the offset read on the device: offset = (value of the counter {@code batch},
     * two floats [lo, hi]) + batchOffset) * rowsPerBatch, so a training step gathers batch b of the
     * epoch's order without a host value. The rows read must lie inside {@code indices} (the CPU
     * throws; a GPU kernel cannot, and the caller guarantees it).
     */
    void gatherRows(Tensor src, Tensor indices, Tensor batch, long batchOffset, int rowsPerBatch, Tensor dst);

    // ---- bias + activation: activation ---------------------------------------------------

    /**
     * y = act(x + bias), bias broadcast over the channel axis (nullable: no bias). {@code alpha}:
     * leaky ReLU slope / ELU scale; {@code slope}: PReLU's per-channel slope (else null).
     * y may be x (in place), but then the caller must keep x elsewhere for the backward.
     */
    void biasActivationForward(Tensor x, Tensor bias, Activation act, float alpha, Tensor slope, Tensor y);

    /**
     * Given the forward's x, bias, y and the gradient dy, writes dx = dL/d(x) and, when not null,
     * dbias (summed over batch and spatial axes) and dslope (PReLU). dx may be dy.
     */
    void biasActivationBackward(Tensor x, Tensor bias, Activation act, float alpha, Tensor slope, Tensor y,
                                Tensor dy, Tensor dx, Tensor dbias, Tensor dslope);

    // ---- convolution: conv ---------------------------------------------------------------

    /** y[n, cOut, outH, outW] = conv(x[n, cIn, h, w], w[cOut, cIn, kh, kw]) (no bias; see biasActivationForward). */
    void conv2dForward(Tensor x, Tensor w, Tensor y, ConvGeometry g);

    /** dx = the adjoint of conv2dForward applied to dy; also the forward pass of ConvTranspose2d. */
    void conv2dBackwardData(Tensor dy, Tensor w, Tensor dx, ConvGeometry g);

    /** dw = dL/dw given the forward's input x and dy. */
    void conv2dBackwardFilter(Tensor x, Tensor dy, Tensor dw, ConvGeometry g);

    // ---- pooling and upsampling: pool ----------------------------------------------------

    void maxPool2dForward(Tensor x, Tensor y, PoolGeometry g);

    /**
     * dx from dy; the gradient goes to the first maximal element (row-major) of each window, found
     * again from x (y is part of the signature for libraries that need it; ours do not read it).
     */
    void maxPool2dBackward(Tensor x, Tensor y, Tensor dy, Tensor dx, PoolGeometry g);

    /** Nearest-neighbour upsampling of NCHW x by integer factors. */
    void upsample2dForward(Tensor x, Tensor y, int scaleH, int scaleW);

    void upsample2dBackward(Tensor dy, Tensor dx, int scaleH, int scaleW);

    // ---- batch normalization: batchnorm --------------------------------------------------

    /**
     * Normalizes each channel over batch and spatial axes with the batch statistics; updates the
     * running statistics as running = (1 - momentum) * running + momentum * batch (unbiased
     * variance, PyTorch's convention); saves mean and 1/sqrt(var + eps) for the backward.
     */
    // Batch norm: every per-channel tensor is required; y may be x and dx may be dy.
    void batchNormForwardTraining(Tensor x, Tensor gamma, Tensor beta, float momentum, float eps,
                                  Tensor runningMean, Tensor runningVar, Tensor y, Tensor saveMean, Tensor saveInvStd);

    void batchNormForwardInference(Tensor x, Tensor gamma, Tensor beta, float eps,
                                   Tensor runningMean, Tensor runningVar, Tensor y);

    void batchNormBackward(Tensor x, Tensor gamma, Tensor saveMean, Tensor saveInvStd, Tensor dy,
                           Tensor dx, Tensor dgamma, Tensor dbeta);

    // ---- dropout: dropout ----------------------------------------------------------------

    /** mask = (u >= rate) / (1 - rate) with u uniform from {@code key}; y = x * mask. */
    void dropoutForward(Tensor x, float rate, RandomKey key, Tensor mask, Tensor y);

    /** As dropoutForward with the key's counter read from device memory ({@link DeviceRandomKey}). */
    void dropoutForward(Tensor x, float rate, DeviceRandomKey key, Tensor mask, Tensor y);

    /** dx = dy * mask (dx may be dy). */
    void dropoutBackward(Tensor dy, Tensor mask, Tensor dx);

    // ---- random numbers (Philox4x32-10): random ------------------------------------------

    void randomUniform(Tensor t, float lo, float hi, RandomKey key);

    void randomNormal(Tensor t, float mean, float std, RandomKey key);

    /** 1 with probability p, else 0. */
    void randomBernoulli(Tensor t, float p, RandomKey key);

    // The same fills with the counter read from device memory (the same numbers as the RandomKey
    // at the counter's value plus the key's offset).

    void randomUniform(Tensor t, float lo, float hi, DeviceRandomKey key);

    void randomNormal(Tensor t, float mean, float std, DeviceRandomKey key);

    void randomBernoulli(Tensor t, float p, DeviceRandomKey key);

    // ---- image augmentation: augment -----------------------------------------------------

    /**
     * dst = a random horizontal flip and/or random crop with zero padding of each NCHW image of
     * src (both [N, C, H, W]; dst must not overlap src). Image i draws from Philox block
     * {@code key.counter + i} (words w0, w1, w2, as element 4i.. of a fill): it is flipped when
     * {@code flip} and w0's top bit is 0 (its uniform below 1/2); with {@code pad} P > 0 its crop
     * offsets are ox = floor(u(w1) * (2P + 1)) and oy = floor(u(w2) * (2P + 1)) in [0, 2P], computed
     * in integers as ((w >>> 8) * (2P + 1)) >>> 24. The image is padded with P zeros on every side,
     * cropped back to H x W at (oy, ox), then flipped: dst[i, c, y, x] = src[i, c, y + oy - P,
     * x' + ox - P] with x' = W - 1 - x when flipped (else x), or 0 outside the image. Only copies,
     * so both backends give the same bits. The caller advances its key by N blocks per call.
     */
    void augmentImages(Tensor src, Tensor dst, RandomKey key, boolean flip, int pad);

    /** As augmentImages with the key's counter read from device memory. */
    void augmentImages(Tensor src, Tensor dst, DeviceRandomKey key, boolean flip, int pad);

    // ---- losses: loss ----------------------------------------------------------------------
    // Batch losses write loss[i] = scale * (loss of example i) into a [N] tensor and
    // grad = scale * d(loss)/d(input); scale = 1/N gives the batch mean.

    /** Squared error summed over each example's features. */
    void squaredError(Tensor prediction, Tensor target, float scale, Tensor loss, Tensor grad);

    /** Binary cross-entropy of sigmoid(logits), computed stably from the logits. */
    void bceWithLogits(Tensor logits, Tensor target, float scale, Tensor loss, Tensor grad);

    /** Binary cross-entropy of probabilities clipped to [1e-7, 1 - 1e-7] (Keras). */
    void bceWithProbabilities(Tensor probability, Tensor target, float scale, Tensor loss, Tensor grad);

    /** Cross-entropy of softmax(logits) against target distributions (one-hot rows); probs gets the softmax. */
    void softmaxCrossEntropy(Tensor logits, Tensor target, float scale, Tensor loss, Tensor grad, Tensor probs);

    /**
     * The VAE's fused reparameterization and KL: stats = [mu | logVar] as [N, 2J], eps [N, J];
     * z = mu + exp(logVar / 2) * eps; kl[i] = klScale * KL(N(mu, var) || N(0, I)).
     */
    void gaussianReparameterize(Tensor stats, Tensor eps, float klScale, Tensor z, Tensor kl);

    /** dstats = d/d(stats) of (downstream loss through z, with gradient dz) + klScale * KL. */
    void gaussianReparameterizeBackward(Tensor stats, Tensor eps, Tensor dz, float klScale, Tensor dstats);

    /** gaussianReparameterize with klScale read from device memory ({@code klScale} [1], e.g. {@link #warmupScale}'s output). */
    void gaussianReparameterize(Tensor stats, Tensor eps, Tensor klScale, Tensor z, Tensor kl);

    /** gaussianReparameterizeBackward with klScale read from device memory. */
    void gaussianReparameterizeBackward(Tensor stats, Tensor eps, Tensor dz, Tensor klScale, Tensor dstats);

    /** Wasserstein loss: loss[i] = scale * sign[i] * score[i] (sign +1 generated, -1 real for the critic). */
    void wasserstein(Tensor score, Tensor sign, float scale, Tensor loss, Tensor grad);

    /** L1 activity penalty: returns lambda * sum|a| and adds lambda * sign(a) into grad. */
    double l1ActivityPenalty(Tensor a, float lambda, Tensor grad);

    /**
     * Sparsity penalty beta * sum_j KL(p || mean_i a[i, j]) over the columns of a (activations in
     * (0, 1)); returns it and adds its gradient into grad.
     */
    double klSparsityPenalty(Tensor a, float p, float beta, Tensor grad);

    /** Weight penalty l1 * sum|w| + l2 * sum w^2 (Keras' l1_l2); returns it and adds its gradient into grad. */
    double weightPenalty(Tensor w, float l1, float l2, Tensor grad);

    // ---- optimizers over the flat parameter buffer: optimizer ----------------------------
    // State tensors have the parameters' size; values below the smallest normal float are
    // flushed to zero so that the CPU never slows down on subnormals (DESIGN.md 6).

    /** SGD with momentum (velocity = momentum * velocity - lr * g; Nesterov looks ahead). */
    void sgdStep(Tensor params, Tensor grads, Tensor velocity, float lr, float momentum, boolean nesterov);

    /** Adam with bias correction (PyTorch form); step counts from 1. */
    void adamStep(Tensor params, Tensor grads, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps, long step);

    /** RMSprop: sq = rho * sq + (1 - rho) g^2; p -= lr * g / (sqrt(sq) + eps). */
    void rmspropStep(Tensor params, Tensor grads, Tensor sq, float lr, float rho, float eps);

    // The optimizer steps of a training step: the learning rate is read from device memory
    // ({@code lr} [1], a StepState scalar) and so is Adam's step count ({@code step}, a StepCounter
    // [lo, hi]: t = its value + stepOffset + 1). Same arithmetic as the host-argument versions.

    void sgdStep(Tensor params, Tensor grads, Tensor velocity, Tensor lr, float momentum, boolean nesterov);

    void adamStep(Tensor params, Tensor grads, Tensor m, Tensor v, Tensor lr, float beta1, float beta2, float eps,
                  Tensor step, long stepOffset);

    void rmspropStep(Tensor params, Tensor grads, Tensor sq, Tensor lr, float rho, float eps);

    /**
     * Decoupled weight decay (AdamW) with the step's rate from device memory: params *= (float) (1 -
     * (double) lr * weightDecay), the factor computed in double as the host would.
     */
    void decoupledWeightDecay(Tensor params, Tensor lr, double weightDecay);

    // ---- step state: stepstate -----------------------------------------------------------------

    /**
     * Moves counters of a {@link StepState} tensor on: for each i, the counter at floats
     * {@code [slots[i], slots[i] + 1]} of {@code state} ([lo, hi], value lo + hi * 2^24) += by[i],
     * computed on whole numbers, the result below 2^48 (else the CPU throws). At most 64 counters a call.
     */
    void advanceStepState(Tensor state, int[] slots, long[] by);

    /**
     * dst[0] = table[value of the counter + offset]: a per-step value (a learning rate) from a table
     * the host wrote at the epoch's start, indexed by the step-in-epoch counter. The index must lie
     * in the table (the CPU throws; a GPU kernel writes NaN instead).
     */
    void lookupStepValue(Tensor table, Tensor counter, long offset, Tensor dst);

    /**
     * A linear warm-up weight from a step count: k = value of the counter + offset + 1; w = value
     * when k >= steps, else (float) (value * ((double) k / steps)) (in double); dst[0] = w / divisor
     * (in float). The KL weight of a VAE's warm-up step over its batch size.
     */
    void warmupScale(Tensor counter, long offset, float value, long steps, float divisor, Tensor dst);

    /**
     * Host bookkeeping of a training step (a running loss's step count, the host's mirror of a
     * counter): runs {@code r} now; a recording backend ({@link StepPlan}) runs it again on every
     * replay of the recorded step. It must only update host counters, never issue ops.
     */
    default void bookkeeping(Runnable r) {
        r.run();
    }

    /**
     * Clips gradients by their global L2 norm (PyTorch's {@code clip_grad_norm_}): total =
     * sqrt(sum g^2), the squares summed in double; coef = maxNorm / (total + 1e-6) in double; when
     * coef < 1, every g *= (float) coef. Writes {total, the factor applied (1 when not clipped)} as
     * floats to {@code info[0]} and {@code info[1]}. Nothing returns to the host: on the GPU the
     * scaling pass reads the factor from device memory, so a step that clips never synchronizes.
     */
    void clipByGlobalNorm(Tensor grads, float maxNorm, Tensor info);
}
