package com.example.latent;

import org.latent.backend.Activation;
import org.latent.backend.Backend;
import org.latent.model.Encodes;
import org.latent.model.Generates;
import org.latent.model.LossAccumulator;
import org.latent.model.Model;
import org.latent.model.ModelContext;
import org.latent.model.RandomStream;
import org.latent.model.Reconstructs;
import org.latent.nn.ParameterSet;
import org.latent.nn.Sequential;
import org.latent.optim.Optimizer;
import org.latent.rng.RandomKey;
import org.latent.tensor.Tensor;

/**
 * A model class a user writes with public API only: a VAE whose KL weight rises linearly from
 * 0 to 1 over its first {@code warmupSteps} steps (KL annealing), reading the step from its
 * optimizer, so a resumed run continues the schedule where it stopped.
 */
final class WarmupVae implements Model, Encodes, Generates, Reconstructs {
    private final int latent, hidden, warmupSteps;
    private Sequential encoder, decoder;
    private Backend b;
    private Optimizer optimizer;
    private RandomStream eps;
    private RandomKey evalKey;
    private LossAccumulator loss;
    private Tensor e, z, kl, rec, dOut, dStats;
    private int maxBatch;

    WarmupVae(int latent, int hidden, int warmupSteps) {
        this.latent = latent;
        this.hidden = hidden;
        this.warmupSteps = warmupSteps;
    }

    @Override
    public void build(ModelContext c) {
        int inputSize = c.inputSize();
        maxBatch = c.maxBatch();
        b = c.backend();
        encoder = Sequential.input(c.inputShape()).dense(hidden, Activation.RELU).dense(2 * latent).build();
        decoder = Sequential.input(latent).dense(hidden, Activation.RELU).dense(inputSize).build();
        ParameterSet p = c.parameters();
        c.network("encoder", encoder, p, new int[] {inputSize});
        c.network("decoder", decoder, p, new int[] {latent});
        optimizer = c.optimizer("vae", p);
        eps = c.randomStream("warmup.eps", 1L << 40);
        evalKey = new RandomKey(c.seed(), 2L << 40, 0);
        loss = c.runningLoss("warmup.loss", maxBatch);
        e = c.allocate(maxBatch, latent);
        z = c.allocate(maxBatch, latent);
        kl = c.allocate(maxBatch);
        rec = c.allocate(maxBatch);
        dOut = c.allocate(maxBatch, inputSize);
        dStats = c.allocate(maxBatch, 2 * latent);
    }

    /** The KL weight of the next step. */
    float beta() {
        return Math.min(1f, (optimizer.steps() + 1) / (float) warmupSteps);
    }

    private Tensor forward(Tensor x, Tensor target, boolean training, RandomKey key, float beta) {
        int n = x.rows();
        Tensor stats = encoder.forward(x, training);
        b.randomNormal(e.rows(0, n), 0f, 1f, key);
        b.gaussianReparameterize(stats, e.rows(0, n), beta / n, z.rows(0, n), kl.rows(0, n));
        b.bceWithLogits(decoder.forward(z.rows(0, n), training), target, 1f / n, rec.rows(0, n), dOut.rows(0, n));
        return stats;
    }

    @Override
    public void trainStep(Tensor x, Tensor target) {
        int n = x.rows();
        float beta = beta();
        Tensor stats = forward(x, target, true, eps.take((long) n * latent), beta);
        Tensor dz = decoder.backward(dOut.rows(0, n));
        b.gaussianReparameterizeBackward(stats, e.rows(0, n), dz, beta / n, dStats.rows(0, n));
        encoder.backwardParameters(dStats.rows(0, n));
        optimizer.step();
        loss.add(rec.rows(0, n));
        loss.add(kl.rows(0, n));
        loss.stepDone();
    }

    @Override
    public double takeMeanLoss() {
        return loss.takeMean();
    }

    /** -ELBO with the full KL weight. */
    @Override
    public double evaluate(Tensor input, Tensor target) {
        double total = 0;
        RandomKey key = evalKey;
        for (int from = 0; from < input.rows(); from += maxBatch) {
            int n = Math.min(maxBatch, input.rows() - from);
            forward(input.rows(from, n), target.rows(from, n), false, key, 1f);
            key = key.advance((long) n * latent);
            total += (b.sum(rec.rows(0, n)) + b.sum(kl.rows(0, n))) * n;
        }
        return total / input.rows();
    }

    @Override
    public String lossName() {
        return "-ELBO (annealed)";
    }

    @Override
    public int latentSize() {
        return latent;
    }

    @Override
    public float[] encode(Tensor x) {
        float[] s = encoder.forward(x, false).toArray();
        float[] mu = new float[x.rows() * latent];
        for (int i = 0; i < x.rows(); i++) System.arraycopy(s, i * 2 * latent, mu, i * latent, latent);
        return mu;
    }

    @Override
    public float[] decode(Tensor codes) {
        float[] v = decoder.forward(codes, false).toArray();
        for (int i = 0; i < v.length; i++) v[i] = (float) (1 / (1 + Math.exp(-v[i])));
        return v;
    }

    @Override
    public float[] reconstruct(Tensor x) {
        Tensor mu = z.rows(0, x.rows());
        b.write(encode(x), mu);
        return decode(mu);
    }
}
