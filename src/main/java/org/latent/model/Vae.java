package org.latent.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.latent.backend.Activation;
import org.latent.backend.Backend;
import org.latent.init.Initializer;
import org.latent.nn.ParameterSet;
import org.latent.nn.Sequential;
import org.latent.rng.RandomKey;
import org.latent.tensor.Tensor;

/**
 * A variational autoencoder with MLP encoder and decoder (E1, E2), or E8's convolutional nets
 * ({@link #convolutional}). The encoder maps x to
 * [mu | log sigma^2]; z = mu + sigma * eps with eps from Philox; the decoder maps z to the
 * likelihood's parameters. Loss per example: -ELBO = reconstruction + beta * KL(q(z|x) || N(0, I)),
 * averaged over the batch.
 *
 * <p>BERNOULLI: decoder logits, binary cross-entropy summed over pixels (from logits, stable).
 * GAUSSIAN: decoder mean through a sigmoid, unit variance: 0.5 * squared error (constants dropped).
 */
public final class Vae extends OneOptimizerModel {

    public enum Likelihood { BERNOULLI, GAUSSIAN }

    public record Spec(int inputSize, int[] encoderHidden, int latent, int[] decoderHidden, Activation encoderActivation,
                       Activation decoderActivation, Likelihood likelihood, float beta, Initializer init) {
        public Spec {
            if (inputSize <= 0 || latent <= 0) throw new IllegalArgumentException("Vae: input " + inputSize + " and latent " + latent + " must be positive");
            if (!(beta >= 0)) throw new IllegalArgumentException("Vae: beta " + beta + " must be >= 0");
            encoderHidden = encoderHidden.clone();
            decoderHidden = decoderHidden.clone();
        }

        /** The same hidden sizes and activation on both sides, the decoder mirroring the encoder. */
        public static Spec mirrored(int inputSize, int[] hidden, int latent, Activation activation, Likelihood likelihood,
                                    float beta, Initializer init) {
            return new Spec(inputSize, hidden, latent, Mlp.reversed(hidden), activation, activation, likelihood, beta, init);
        }

        /** E1: 784 -> 500 -> 500 -> J, ReLU, Bernoulli, LeCun normal. */
        public static Spec e1(int latent) {
            return mirrored(784, new int[] {500, 500}, latent, Activation.RELU, Likelihood.BERNOULLI, 1f, Initializer.LECUN_NORMAL);
        }
    }

    /** Stream ids: 0.. parameters, 1 << 32 | k dropout layers (ParameterSet), these two for eps. */
    private static final long EPS_STREAM = 2L << 32, EVAL_EPS_STREAM = 3L << 32;

    private final Spec spec;
    public final Sequential encoder, decoder;
    private final Tensor eps, z, kl, rec, dOut, dStats;
    private final LossAccumulator loss;
    private final RandomKey evalKey;
    private RandomKey epsKey;

    public Vae(Backend backend, Spec spec, int maxBatch, long seed) {
        this(backend, spec, Mlp.of(spec.inputSize(), spec.encoderHidden(), 2 * spec.latent(), spec.encoderActivation(),
                Activation.IDENTITY, spec.init()), Mlp.of(spec.latent(), spec.decoderHidden(), spec.inputSize(),
                spec.decoderActivation(), decoderOutput(spec), spec.init()), maxBatch, seed);
    }

    /**
     * A convolutional VAE on side x side images with the layers of {@link ConvAutoencoderNets}: the
     * encoder's code is [mu | log sigma^2] (2 x latent), the encoder activation is the convolutions',
     * the decoder activation the hidden transposed convolution's.
     */
    public static Vae convolutional(Backend backend, Spec spec, int side, int maxBatch, long seed) {
        if (spec.encoderHidden().length > 0 || spec.decoderHidden().length > 0 || side * side != spec.inputSize()) {
            throw new IllegalArgumentException("Vae: the convolutional nets take " + side + "x" + side + " images and no hidden sizes");
        }
        return new Vae(backend, spec,
                ConvAutoencoderNets.encoder(side, 2 * spec.latent(), spec.encoderActivation(), Activation.IDENTITY, spec.init()),
                ConvAutoencoderNets.decoder(side, spec.latent(), spec.decoderActivation(), decoderOutput(spec), spec.init()),
                maxBatch, seed);
    }

    /** The decoder's output: logits for a Bernoulli likelihood, a sigmoid mean for a Gaussian one. */
    private static Activation decoderOutput(Spec spec) {
        return spec.likelihood() == Likelihood.BERNOULLI ? Activation.IDENTITY : Activation.SIGMOID;
    }

    private Vae(Backend backend, Spec spec, Sequential encoder, Sequential decoder, int maxBatch, long seed) {
        super("Vae", backend, maxBatch, seed);
        this.spec = spec;
        int j = spec.latent(), d = spec.inputSize();
        this.encoder = encoder;
        this.decoder = decoder;
        encoder.build(params, new int[] {d}, maxBatch);
        decoder.build(params, new int[] {j}, maxBatch);
        params.allocate();
        eps = b.allocate(maxBatch, j);
        z = b.allocate(maxBatch, j);
        kl = b.allocate(maxBatch);
        rec = b.allocate(maxBatch);
        dOut = b.allocate(maxBatch, d);
        dStats = b.allocate(maxBatch, 2 * j);
        loss = new LossAccumulator(b, maxBatch);
        epsKey = new RandomKey(seed, EPS_STREAM, 0);
        evalKey = new RandomKey(seed, EVAL_EPS_STREAM, 0);
    }

    public Spec spec() { return spec; }
    public Backend backend() { return b; }

    @Override public String family() { return "vae"; }
    @Override public String lossName() { return "-ELBO"; }
    @Override public int inputSize() { return spec.inputSize(); }
    @Override public int latentSize() { return spec.latent(); }
    @Override public boolean samplesFromPrior() { return true; }

    @Override
    public Map<String, Sequential> networks() {
        Map<String, Sequential> m = new LinkedHashMap<>();
        m.put("encoder", encoder);
        m.put("decoder", decoder);
        return m;
    }



    /** Where the next eps will be drawn from (for checkpoints). */
    public RandomKey epsKey() { return epsKey; }
    public void epsKey(RandomKey k) { epsKey = k; }

    @Override
    public Map<String, RandomKey> randomKeys() {
        Map<String, RandomKey> keys = new LinkedHashMap<>();
        keys.put("vae.eps", epsKey);
        keys.putAll(super.randomKeys());
        return keys;
    }

    @Override
    public void restoreRandomKeys(Map<String, RandomKey> keys) {
        RandomKey k = keys.get("vae.eps");
        if (k == null) throw new IllegalArgumentException("the checkpoint has no random stream vae.eps");
        epsKey = k;
        super.restoreRandomKeys(keys);
    }

    /** Forward through encoder, sampling and decoder; leaves per-example losses (already / n) in rec and kl. */
    private Tensor forward(Tensor x, Tensor target, boolean training) {
        int n = x.rows();
        requireBatch(n);
        Tensor stats = encoder.forward(x, training);
        Tensor e = eps.rows(0, n), zz = z.rows(0, n);
        b.randomNormal(e, 0f, 1f, epsKey);
        epsKey = epsKey.advance(e.size());
        b.gaussianReparameterize(stats, e, spec.beta() / n, zz, kl.rows(0, n));
        Tensor out = decoder.forward(zz, training);
        Tensor g = dOut.rows(0, n), r = rec.rows(0, n);
        if (spec.likelihood() == Likelihood.BERNOULLI) {
            b.bceWithLogits(out, target, 1f / n, r, g);
        } else {
            b.squaredError(out, target, 0.5f / n, r, g);
        }
        return stats;
    }

    /** One step on a batch x [n, inputSize] reconstructing x itself. */
    public void trainStep(Tensor x) {
        trainStep(x, x);
    }

    @Override
    public void trainStep(Tensor x, Tensor target) {
        int n = x.rows();
        Tensor stats = forward(x, target, true);
        Tensor dz = decoder.backward(dOut.rows(0, n));
        Tensor ds = dStats.rows(0, n);
        b.gaussianReparameterizeBackward(stats, eps.rows(0, n), dz, spec.beta() / n, ds);
        encoder.backwardParameters(ds);
        stepper().step();
        loss.add(rec.rows(0, n));
        loss.add(kl.rows(0, n));
        loss.stepDone();
    }

    /** Mean -ELBO per example over the steps since the last call (one host synchronization). */
    @Override
    public double takeMeanLoss() {
        return loss.takeMean();
    }

    /** Mean -ELBO per example of a data set (one eps sample each, from a fixed evaluation stream). */
    public double evaluate(Tensor data) {
        return evaluate(data, data);
    }

    @Override
    public double evaluate(Tensor input, Tensor target) {
        RandomKey training = epsKey;
        epsKey = evalKey;
        double total = 0;
        for (int from = 0; from < input.rows(); from += maxBatch) {
            int n = Math.min(maxBatch, input.rows() - from);
            forward(input.rows(from, n), target.rows(from, n), false);
            total += (b.sum(rec.rows(0, n)) + b.sum(kl.rows(0, n))) * n;
        }
        epsKey = training;
        return total / input.rows();
    }

    /** The encoder's means for x [n, inputSize], as a host array [n * latent]. */
    public float[] encodeMean(Tensor x) {
        float[] s = encoder.forward(x, false).toArray();
        int j = spec.latent();
        float[] mu = new float[x.rows() * j];
        for (int i = 0; i < x.rows(); i++) System.arraycopy(s, i * 2 * j, mu, i * j, j);
        return mu;
    }

    /** The posterior standard deviations sigma = exp(log sigma^2 / 2) for x [n, inputSize], as a host array [n * latent]. */
    public float[] encodeSigma(Tensor x) {
        float[] s = encoder.forward(x, false).toArray();
        int j = spec.latent();
        float[] sigma = new float[x.rows() * j];
        for (int i = 0; i < x.rows(); i++) {
            for (int c = 0; c < j; c++) sigma[i * j + c] = (float) Math.exp(0.5 * s[i * 2 * j + j + c]);
        }
        return sigma;
    }

    /** The encoder's last hidden layer for x [n, inputSize] (what feeds μ and log σ²), as a host array. */
    public float[] encodeHidden(Tensor x) {
        if (spec.encoderHidden().length == 0) throw new IllegalStateException("Vae: the encoder has no hidden layer");
        return encoder.forwardAllButLast(x).toArray();
    }

    @Override
    public float[] encode(Tensor x) {
        return encodeMean(x);
    }

    /** Decoded means (pixel probabilities) for z [n, latent]. */
    @Override
    public float[] decode(Tensor zIn) {
        Tensor out = decoder.forward(zIn, false);
        float[] v = out.toArray();
        if (spec.likelihood() == Likelihood.BERNOULLI) {
            for (int i = 0; i < v.length; i++) v[i] = (float) (1 / (1 + Math.exp(-v[i])));
        }
        return v;
    }

    /** The decoded posterior means: decode(mu(x)). */
    @Override
    public float[] reconstruct(Tensor x) {
        int n = x.rows(), j = spec.latent();
        Tensor stats = encoder.forward(x, false);
        Tensor mu = z.rows(0, n);
        for (int i = 0; i < n; i++) b.copy(stats.view(i * 2 * j, j), mu.view(i * j, j));
        return decode(mu);
    }
}
