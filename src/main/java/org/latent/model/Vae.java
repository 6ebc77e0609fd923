package org.latent.model;

import java.util.ArrayList;
import java.util.List;
import org.latent.backend.Activation;
import org.latent.backend.Backend;
import org.latent.init.Initializer;
import org.latent.nn.Dense;
import org.latent.nn.Layer;
import org.latent.nn.ParameterSet;
import org.latent.nn.Sequential;
import org.latent.optim.Optimizer;
import org.latent.rng.RandomKey;
import org.latent.tensor.Tensor;

/**
 * A variational autoencoder with MLP encoder and decoder (E1, E2). The encoder maps x to
 * [mu | log sigma^2]; z = mu + sigma * eps with eps from Philox; the decoder maps z to the
 * likelihood's parameters. Loss per example: -ELBO = reconstruction + beta * KL(q(z|x) || N(0, I)),
 * averaged over the batch.
 *
 * <p>BERNOULLI: decoder logits, binary cross-entropy summed over pixels (from logits, stable).
 * GAUSSIAN: decoder mean through a sigmoid, unit variance: 0.5 * squared error (constants dropped).
 */
public final class Vae {

    public enum Likelihood { BERNOULLI, GAUSSIAN }

    public record Spec(int inputSize, int[] hidden, int latent, Activation hiddenActivation, Likelihood likelihood,
                       float beta, Initializer init) {
        public Spec {
            if (inputSize <= 0 || latent <= 0) throw new IllegalArgumentException("Vae: input " + inputSize + " and latent " + latent + " must be positive");
            if (!(beta >= 0)) throw new IllegalArgumentException("Vae: beta " + beta + " must be >= 0");
            hidden = hidden.clone();
        }

        /** E1: 784 -> 500 -> 500 -> J, ReLU, Bernoulli, LeCun normal. */
        public static Spec e1(int latent) {
            return new Spec(784, new int[] {500, 500}, latent, Activation.RELU, Likelihood.BERNOULLI, 1f, Initializer.LECUN_NORMAL);
        }
    }

    private final Spec spec;
    private final Backend b;
    private final int maxBatch;
    public final Sequential encoder, decoder;
    private final ParameterSet params;
    private final Tensor eps, z, kl, rec, dOut, dStats, lossSum;
    private RandomKey epsKey;
    private Optimizer optimizer;
    private int stepsSinceReset;

    public Vae(Backend backend, Spec spec, int maxBatch, long seed) {
        this.spec = spec;
        this.b = backend;
        this.maxBatch = maxBatch;
        int j = spec.latent(), d = spec.inputSize();
        encoder = new Sequential(mlp(d, spec.hidden(), 2 * j, spec.hiddenActivation(), Activation.IDENTITY, spec.init()));
        int[] reversed = new int[spec.hidden().length];
        for (int i = 0; i < reversed.length; i++) reversed[i] = spec.hidden()[reversed.length - 1 - i];
        decoder = new Sequential(mlp(j, reversed, d, spec.hiddenActivation(),
                spec.likelihood() == Likelihood.BERNOULLI ? Activation.IDENTITY : Activation.SIGMOID, spec.init()));
        params = new ParameterSet(backend, seed);
        encoder.build(params, new int[] {d}, maxBatch);
        decoder.build(params, new int[] {j}, maxBatch);
        params.allocate();
        eps = b.allocate(maxBatch, j);
        z = b.allocate(maxBatch, j);
        kl = b.allocate(maxBatch);
        rec = b.allocate(maxBatch);
        dOut = b.allocate(maxBatch, d);
        dStats = b.allocate(maxBatch, 2 * j);
        lossSum = b.allocate(maxBatch);
        epsKey = new RandomKey(seed, 2L << 32, 0);
    }

    private static List<Layer> mlp(int in, int[] hidden, int out, Activation act, Activation last, Initializer init) {
        List<Layer> layers = new ArrayList<>();
        int prev = in;
        for (int h : hidden) {
            layers.add(new Dense(prev, h, act, init));
            prev = h;
        }
        layers.add(new Dense(prev, out, last, init));
        return layers;
    }

    public Spec spec() { return spec; }
    public ParameterSet parameters() { return params; }
    public Backend backend() { return b; }
    public int maxBatch() { return maxBatch; }

    public void optimizer(Optimizer o) {
        if (o.parameters() != params) throw new IllegalArgumentException("Vae: optimizer is for another ParameterSet");
        optimizer = o;
    }

    public Optimizer optimizer() { return optimizer; }

    /** Where the next eps will be drawn from (for checkpoints). */
    public RandomKey epsKey() { return epsKey; }
    public void epsKey(RandomKey k) { epsKey = k; }

    /** Forward through encoder, sampling and decoder; leaves per-example losses (already / n) in rec and kl. */
    private Tensor forward(Tensor x, boolean training) {
        int n = x.rows();
        if (n > maxBatch) throw new IllegalArgumentException("Vae: batch of " + n + " exceeds the built maximum " + maxBatch);
        Tensor stats = encoder.forward(x, training);
        Tensor e = eps.rows(0, n), zz = z.rows(0, n);
        b.randomNormal(e, 0f, 1f, epsKey);
        epsKey = epsKey.advance(e.size());
        b.gaussianReparameterize(stats, e, spec.beta() / n, zz, kl.rows(0, n));
        Tensor out = decoder.forward(zz, training);
        Tensor g = dOut.rows(0, n), r = rec.rows(0, n);
        if (spec.likelihood() == Likelihood.BERNOULLI) {
            b.bceWithLogits(out, x, 1f / n, r, g);
        } else {
            b.squaredError(out, x, 0.5f / n, r, g);
        }
        return stats;
    }

    /** One Adam (or other optimizer) step on a batch x [n, inputSize]. The loss is accumulated on the device. */
    public void trainStep(Tensor x) {
        if (optimizer == null) throw new IllegalStateException("Vae: set an optimizer before training");
        int n = x.rows();
        Tensor stats = forward(x, true);
        Tensor dz = decoder.backward(dOut.rows(0, n));
        Tensor ds = dStats.rows(0, n);
        b.gaussianReparameterizeBackward(stats, eps.rows(0, n), dz, spec.beta() / n, ds);
        encoder.backward(ds);
        optimizer.step();
        accumulate(n);
    }

    private void accumulate(int n) {
        Tensor acc = lossSum.rows(0, n);
        b.axpy(1f, rec.rows(0, n), acc);
        b.axpy(1f, kl.rows(0, n), acc);
        stepsSinceReset++;
    }

    /** Mean -ELBO per example over the steps since the last call (one host synchronization). */
    public double takeMeanLoss() {
        double total = b.sum(lossSum);
        int steps = stepsSinceReset;
        b.fill(lossSum, 0f);
        stepsSinceReset = 0;
        return steps == 0 ? Double.NaN : total / steps;
    }

    /** Mean -ELBO per example (one eps sample each) of a data set, in batches, without training. */
    public double evaluate(Tensor data) {
        takeMeanLoss();
        double total = 0;
        for (int from = 0; from < data.rows(); from += maxBatch) {
            int n = Math.min(maxBatch, data.rows() - from);
            forward(data.rows(from, n), false);
            total += (b.sum(rec.rows(0, n)) + b.sum(kl.rows(0, n))) * n;
        }
        return total / data.rows();
    }

    /** The encoder's means for x [n, inputSize], as a host array [n * latent]. */
    public float[] encodeMean(Tensor x) {
        float[] s = encoder.forward(x, false).toArray();
        int j = spec.latent();
        float[] mu = new float[x.rows() * j];
        for (int i = 0; i < x.rows(); i++) System.arraycopy(s, i * 2 * j, mu, i * j, j);
        return mu;
    }

    /** Decoded means (pixel probabilities) for z [n, latent]. */
    public float[] decode(Tensor zIn) {
        Tensor out = decoder.forward(zIn, false);
        float[] v = out.toArray();
        if (spec.likelihood() == Likelihood.BERNOULLI) {
            for (int i = 0; i < v.length; i++) v[i] = (float) (1 / (1 + Math.exp(-v[i])));
        }
        return v;
    }
}
