package org.latent.model;

import java.util.Arrays;
import org.latent.backend.Activation;
import org.latent.backend.Backend;
import org.latent.backend.DeviceRandomKey;
import org.latent.backend.StepCounter;
import org.latent.init.Initializer;
import org.latent.nn.ParameterSet;
import org.latent.nn.Sequential;
import org.latent.optim.Optimizer;
import org.latent.rng.RandomKey;
import org.latent.tensor.Tensor;

/**
 * A variational autoencoder over any encoder and decoder. The encoder maps x to [μ | log σ²]
 * (2 × latent values per example, so the latent size is half its output); z = μ + σ ε with ε from
 * Philox; the decoder maps z to the likelihood's parameters. Loss per example:
 * -ELBO = reconstruction + β KL(q(z|x) || N(0, I)), averaged over the batch.
 *
 * <p>{@link Likelihood#BERNOULLI}: the decoder gives logits; binary cross-entropy summed over pixels,
 * computed from the logits. {@link Likelihood#GAUSSIAN}: the decoder gives the mean (put a sigmoid
 * last for pixels in [0, 1]); unit variance, so 0.5 × squared error (constants dropped).
 *
 * <pre>{@code
 * Vae betaVae = new Vae(encoder, decoder).likelihood(Vae.Likelihood.BERNOULLI).beta(4f);
 * }</pre>
 */
public final class Vae implements Model, Posterior, Generates, Reconstructs {

    public enum Likelihood { BERNOULLI, GAUSSIAN }

    /** Stream ids: 0.. parameters, 1 << 32 | k dropout layers (ParameterSet), these two for ε. */
    private static final long EPS_STREAM = 2L << 32, EVAL_EPS_STREAM = 3L << 32;

    private final Sequential encoder, decoder;
    private Likelihood likelihood = Likelihood.BERNOULLI;
    private float beta = 1f;
    private int betaWarmup;
    private Backend b;
    private Optimizer optimizer;
    private int maxBatch, inputSize, latent;
    private int[] encoderOut, decoderOut;
    private Tensor eps, z, kl, rec, dOut, dStats;
    /** The KL scale of a warm-up step, beta_k / n, computed on the device from the step count. */
    private Tensor klScale;
    private LossAccumulator loss;
    private RandomStream epsStream;
    private RandomKey evalKey;

    /** {@code encoder}: input to [2 × latent] (μ, then log σ²); {@code decoder}: [latent] to the input's size. */
    public Vae(Sequential encoder, Sequential decoder) {
        this.encoder = encoder;
        this.decoder = decoder;
    }

    /** The likelihood of the data given z (default Bernoulli). */
    public Vae likelihood(Likelihood l) {
        requireUnbuilt();
        likelihood = l;
        return this;
    }

    /** The weight of the KL term (default 1; a β-VAE takes more). */
    public Vae beta(float beta) {
        requireUnbuilt();
        if (!(beta >= 0) || Float.isInfinite(beta)) throw new IllegalArgumentException("Vae: beta " + beta + " must be finite and >= 0");
        this.beta = beta;
        return this;
    }

    /**
     * KL annealing: training step k (counted from 1 by the optimizer, so a resumed run goes on where
     * it stopped) weighs the KL term by beta * min(1, k / steps); 0 (the default) uses beta from the
     * first step. The weight is computed on the device from the optimizer's step count
     * ({@link Backend#warmupScale}), so the step takes no host value that changes. Evaluation
     * (validation and test losses) always uses beta.
     */
    public Vae betaWarmup(int steps) {
        requireUnbuilt();
        if (steps < 0) throw new IllegalArgumentException("Vae: beta warm-up " + steps + " must be 0 or more steps");
        betaWarmup = steps;
        return this;
    }

    /** The KL weight of the next training step. */
    public float trainingBeta() {
        if (betaWarmup == 0 || optimizer == null) return beta;
        long k = optimizer.steps() + 1;
        return k >= betaWarmup ? beta : (float) (beta * ((double) k / betaWarmup));
    }

    public Likelihood likelihood() { return likelihood; }
    public float beta() { return beta; }
    public int betaWarmup() { return betaWarmup; }
    public Sequential encoder() { return encoder; }
    public Sequential decoder() { return decoder; }

    /**
     * The MLP VAE of E1 and E2: Dense layers of the hidden sizes with their activations, Dense to
     * [μ | log σ²] and Dense to the likelihood's parameters (logits, or a sigmoid mean).
     */
    public static Vae mlp(int inputSize, int[] encoderHidden, int latent, int[] decoderHidden, Activation encoderActivation,
                          Activation decoderActivation, Likelihood likelihood, float beta, Initializer init) {
        return new Vae(Mlp.of(inputSize, encoderHidden, 2 * latent, encoderActivation, Activation.IDENTITY, init),
                Mlp.of(latent, decoderHidden, inputSize, decoderActivation, decoderOutput(likelihood), init))
                .likelihood(likelihood).beta(beta);
    }

    /** E1: 784 -> 500 -> 500 -> [μ | log σ²], decoder mirrored, ReLU, Bernoulli, LeCun normal. */
    public static Vae e1(int latent) {
        int[] hidden = {500, 500};
        return mlp(784, hidden, latent, hidden, Activation.RELU, Activation.RELU, Likelihood.BERNOULLI, 1f, Initializer.LECUN_NORMAL);
    }

    /**
     * E8's convolutional VAE on side x side images ({@link ConvAutoencoderNets}): the encoder
     * activation is the convolutions', the decoder activation the hidden transposed convolution's.
     */
    public static Vae convolutional(int side, int latent, Activation encoderActivation, Activation decoderActivation,
                                    Likelihood likelihood, float beta, Initializer init) {
        return convolutional(1, side, latent, encoderActivation, decoderActivation, likelihood, beta, init);
    }

    /** The same on {@code channels} x side x side images (3 for RGB). */
    public static Vae convolutional(int channels, int side, int latent, Activation encoderActivation, Activation decoderActivation,
                                    Likelihood likelihood, float beta, Initializer init) {
        return new Vae(ConvAutoencoderNets.encoder(channels, side, 2 * latent, encoderActivation, Activation.IDENTITY, init),
                ConvAutoencoderNets.decoder(channels, side, latent, decoderActivation, decoderOutput(likelihood), init))
                .likelihood(likelihood).beta(beta);
    }

    /** The decoder's output: logits for a Bernoulli likelihood, a sigmoid mean for a Gaussian one. */
    private static Activation decoderOutput(Likelihood likelihood) {
        return likelihood == Likelihood.BERNOULLI ? Activation.IDENTITY : Activation.SIGMOID;
    }

    @Override
    public void build(ModelContext c) {
        requireUnbuilt();
        b = c.backend();
        maxBatch = c.maxBatch();
        inputSize = c.inputSize();
        int[] flat = {inputSize};
        encoderOut = encoder.outputShape(flat);
        int stats = ModelShapes.size(encoderOut);
        if (stats % 2 != 0) {
            throw new IllegalArgumentException("Vae: the encoder gives " + stats + " values per example; it must give 2 x latent (mu, then log sigma^2)");
        }
        latent = stats / 2;
        decoderOut = decoder.outputShape(new int[] {latent});
        ModelShapes.require("Vae", "decoder", decoderOut, inputSize);
        ParameterSet p = c.parameters();
        c.network("encoder", encoder, p, flat);
        c.network("decoder", decoder, p, new int[] {latent});
        optimizer = c.optimizer("vae", p);
        eps = b.allocate(maxBatch, latent);
        z = b.allocate(maxBatch, latent);
        kl = b.allocate(maxBatch);
        rec = b.allocate(maxBatch);
        dOut = b.allocate(maxBatch, inputSize);
        dStats = b.allocate(maxBatch, 2 * latent);
        loss = c.runningLoss("vae.loss", maxBatch);
        epsStream = c.randomStream("vae.eps", EPS_STREAM);
        evalKey = new RandomKey(c.seed(), EVAL_EPS_STREAM, 0);
        klScale = c.stepState().scalar("vae.kl_scale", 0f);
    }

    @Override public String lossName() { return "-ELBO"; }
    @Override public int latentSize() { return latent; }

    /**
     * Forward through encoder, sampling and decoder with ε from {@code key} (a host key) or
     * {@code deviceKey}, the KL weighed by beta / n or, when not null, by the device scalar
     * {@code deviceKlScale}; leaves per-example losses (already / n) in rec and kl.
     */
    private Tensor forward(Tensor x, Tensor target, boolean training, RandomKey key, DeviceRandomKey deviceKey, float beta,
                           Tensor deviceKlScale) {
        int n = x.rows();
        ModelShapes.requireBatch("Vae", n, maxBatch);
        Tensor stats = ModelShapes.flat(encoder.forward(x, training));
        Tensor e = eps.rows(0, n), zz = z.rows(0, n);
        if (deviceKey != null) b.randomNormal(e, 0f, 1f, deviceKey);
        else b.randomNormal(e, 0f, 1f, key);
        if (deviceKlScale != null) b.gaussianReparameterize(stats, e, deviceKlScale, zz, kl.rows(0, n));
        else b.gaussianReparameterize(stats, e, beta / n, zz, kl.rows(0, n));
        Tensor out = ModelShapes.flat(decoder.forward(zz, training));
        Tensor g = dOut.rows(0, n), r = rec.rows(0, n);
        if (likelihood == Likelihood.BERNOULLI) {
            b.bceWithLogits(out, target, 1f / n, r, g);
        } else {
            b.squaredError(out, target, 0.5f / n, r, g);
        }
        return stats;
    }

    @Override
    public void trainStep(Tensor x, Tensor target) {
        int n = x.rows();
        // The warm-up weight of this step on the device, from the optimizer's step count (as trainingBeta on the host).
        StepCounter steps = betaWarmup == 0 ? null : optimizer.stepCounter();
        if (steps != null) b.warmupScale(steps.tensor(), steps.offset(), beta, betaWarmup, n, klScale);
        float klWeight = trainingBeta();
        Tensor stats = forward(x, target, true, null, epsStream.takeDevice((long) n * latent), klWeight, steps == null ? null : klScale);
        Tensor dz = decoder.backward(ModelShapes.as(dOut.rows(0, n), decoderOut));
        Tensor ds = dStats.rows(0, n);
        if (steps != null) b.gaussianReparameterizeBackward(stats, eps.rows(0, n), dz, klScale, ds);
        else b.gaussianReparameterizeBackward(stats, eps.rows(0, n), dz, klWeight / n, ds);
        encoder.backwardParameters(ModelShapes.as(ds, encoderOut));
        optimizer.step();
        loss.add(rec.rows(0, n));
        loss.add(kl.rows(0, n));
        loss.stepDone();
    }

    /** Mean -ELBO per example over the steps since the last call (one host synchronization). */
    @Override
    public double takeMeanLoss() {
        return loss.takeMean();
    }

    /** Mean -ELBO per example of a set (one ε sample each, from a fixed evaluation stream). */
    @Override
    public double evaluate(Tensor input, Tensor target) {
        RandomKey key = evalKey;
        double total = 0;
        for (int from = 0; from < input.rows(); from += maxBatch) {
            int n = Math.min(maxBatch, input.rows() - from);
            forward(input.rows(from, n), target.rows(from, n), false, key, null, beta, null);
            key = key.advance((long) n * latent);
            total += (b.sum(rec.rows(0, n)) + b.sum(kl.rows(0, n))) * n;
        }
        return total / input.rows();
    }

    /** The encoder's means for x [n, inputSize], as a host array [n * latent]. */
    @Override
    public float[] encode(Tensor x) {
        float[] s = ModelShapes.flat(encoder.forward(x, false)).toArray();
        float[] mu = new float[x.rows() * latent];
        for (int i = 0; i < x.rows(); i++) System.arraycopy(s, i * 2 * latent, mu, i * latent, latent);
        return mu;
    }

    @Override
    public float[] encodeSigma(Tensor x) {
        float[] s = ModelShapes.flat(encoder.forward(x, false)).toArray();
        float[] sigma = new float[x.rows() * latent];
        for (int i = 0; i < x.rows(); i++) {
            for (int c = 0; c < latent; c++) sigma[i * latent + c] = (float) Math.exp(0.5 * s[i * 2 * latent + latent + c]);
        }
        return sigma;
    }

    @Override
    public float[] encodeHidden(Tensor x) {
        if (encoder.layers().size() < 2) throw new IllegalStateException("Vae: the encoder has no hidden layer");
        return ModelShapes.flat(encoder.forwardAllButLast(x)).toArray();
    }

    @Override
    public int hiddenSize() {
        if (encoder.layers().size() < 2) throw new IllegalStateException("Vae: the encoder has no hidden layer");
        return ModelShapes.size(encoder.outputShapeAllButLast(new int[] {inputSize}));
    }

    /** Decoded means (pixel probabilities for a Bernoulli likelihood) for z [n, latent]. */
    @Override
    public float[] decode(Tensor zIn) {
        float[] v = ModelShapes.flat(decoder.forward(zIn, false)).toArray();
        if (likelihood == Likelihood.BERNOULLI) {
            for (int i = 0; i < v.length; i++) v[i] = (float) (1 / (1 + Math.exp(-v[i])));
        }
        return v;
    }

    /** The decoded posterior means: decode(μ(x)). */
    @Override
    public float[] reconstruct(Tensor x) {
        int n = x.rows();
        Tensor stats = ModelShapes.flat(encoder.forward(x, false));
        Tensor mu = z.rows(0, n);
        for (int i = 0; i < n; i++) b.copy(stats.view(i * 2 * latent, latent), mu.view(i * latent, latent));
        return decode(mu);
    }

    private void requireUnbuilt() {
        if (b != null) throw new IllegalStateException("Vae: already built " + Arrays.toString(new int[] {inputSize, latent}));
    }
}
