import org.latent.backend.Activation;
import org.latent.backend.Backend;
import org.latent.config.DataConfig;
import org.latent.config.ModelConfig;
import org.latent.config.OptimizerConfig;
import org.latent.config.RunConfig;
import org.latent.config.TrainingConfig;
import org.latent.model.Encodes;
import org.latent.model.Evaluation;
import org.latent.model.Generates;
import org.latent.model.LossAccumulator;
import org.latent.model.Model;
import org.latent.model.ModelContext;
import org.latent.model.RandomStream;
import org.latent.model.Reconstructs;
import org.latent.nn.ParameterSet;
import org.latent.nn.Sequential;
import org.latent.optim.Optimizer;
import org.latent.tensor.Tensor;
import org.latent.train.Trainer;

/**
 * A model class written outside the engine: an adversarial autoencoder (Makhzani et al., 2015).
 * Each step (1) trains encoder and decoder to reconstruct, (2) trains a discriminator to tell draws
 * of the prior N(0, I) from the encoder's codes, and (3) trains the encoder to fool it, so the codes
 * fill the prior and decoding prior draws gives digits. It declares its three networks, optimizers
 * and its random stream with the ModelContext, so it is checkpointed, resumed and reported (sample
 * grid, latent map, manifold) like the built-in models.
 *
 *   java --add-modules jdk.incubator.vector -cp target/latent.jar examples/java/AdversarialAutoencoder.java [--data DIR] [--epochs N] [--stop-after-steps N] [--out DIR]
 */
public class AdversarialAutoencoder implements Model, Encodes, Generates, Reconstructs {
    private final int latent;
    private Sequential encoder, decoder, discriminator;
    private Optimizer encoderOptimizer, decoderOptimizer, discriminatorOptimizer;
    private RandomStream prior;
    private Backend b;
    private LossAccumulator loss;
    private Tensor reconstruction, dOut, codes, labels, ones, perExample, dLogits;
    private int maxBatch, inputSize;

    public AdversarialAutoencoder(int latent) {
        this.latent = latent;
    }

    @Override
    public void build(ModelContext c) {
        b = c.backend();
        maxBatch = c.maxBatch();
        inputSize = c.inputSize();
        encoder = Sequential.input(c.inputShape()).dense(512, Activation.RELU).dense(512, Activation.RELU).dense(latent).build();
        decoder = Sequential.input(latent).dense(512, Activation.RELU).dense(512, Activation.RELU).dense(inputSize).build();
        discriminator = Sequential.input(latent).dense(256, Activation.RELU).dense(256, Activation.RELU).dense(1).build();
        // Three parameter sets with their own keys (initial values) and optimizers: the encoder is
        // stepped twice per step, by the reconstruction and by the regularization.
        ParameterSet e = c.parameters(), d = c.parameters(c.seed() ^ 0x9E3779B97F4A7C15L), q = c.parameters(~c.seed());
        c.network("encoder", encoder, e, new int[] {inputSize});
        c.network("decoder", decoder, d, new int[] {latent});
        c.network("discriminator", discriminator, q, new int[] {latent}, 2 * maxBatch);
        encoderOptimizer = c.optimizer("encoder", e);
        decoderOptimizer = c.optimizer("decoder", d);
        discriminatorOptimizer = c.optimizer("discriminator", q);
        prior = c.randomStream("aae.prior", 11L << 32);
        loss = c.runningLoss("aae.reconstruction", maxBatch);
        reconstruction = c.allocate(maxBatch);
        dOut = c.allocate(maxBatch, inputSize);
        codes = c.allocate(2 * maxBatch, latent);
        labels = c.allocate(2 * maxBatch, 1);
        ones = c.allocate(2 * maxBatch, 1);
        b.fill(ones, 1f);
        perExample = c.allocate(2 * maxBatch);
        dLogits = c.allocate(2 * maxBatch, 1);
    }

    @Override
    public void trainStep(Tensor x, Tensor target) {
        int n = x.rows();
        // 1. Reconstruction: binary cross-entropy from the decoder's logits.
        Tensor code = encoder.forward(x, true);
        b.copy(code, codes.rows(n, n));
        b.bceWithLogits(decoder.forward(code, true), target, 1f / n, reconstruction.rows(0, n), dOut.rows(0, n));
        encoder.backwardParameters(decoder.backward(dOut.rows(0, n)));
        decoderOptimizer.step();
        encoderOptimizer.step();
        loss.add(reconstruction.rows(0, n));
        loss.stepDone();
        // 2. The discriminator: prior draws (label 1) over the codes of this batch (label 0).
        b.randomNormal(codes.rows(0, n), 0f, 1f, prior.take((long) n * latent));
        b.fill(labels.rows(0, n), 1f);
        b.fill(labels.rows(n, n), 0f);
        Tensor logits = discriminator.forward(codes.rows(0, 2 * n), true);
        b.bceWithLogits(logits, labels.rows(0, 2 * n), 1f / (2 * n), perExample.rows(0, 2 * n), dLogits.rows(0, 2 * n));
        discriminator.backwardParameters(dLogits.rows(0, 2 * n));
        discriminatorOptimizer.step();
        // 3. The encoder against the discriminator: its codes labelled as prior draws.
        Tensor fooled = discriminator.forward(encoder.forward(x, true), true);
        b.bceWithLogits(fooled, ones.rows(0, n), 1f / n, perExample.rows(0, n), dLogits.rows(0, n));
        encoder.backwardParameters(discriminator.backward(dLogits.rows(0, n)));
        encoderOptimizer.step();
    }

    @Override
    public double takeMeanLoss() {
        return loss.takeMean();
    }

    @Override
    public double evaluate(Tensor input, Tensor target) {
        return Evaluation.meanLoss(b, input, target, maxBatch, (x, t) -> {
            int n = x.rows();
            Tensor out = decoder.forward(encoder.forward(x, false), false);
            b.bceWithLogits(out, t, 1f / n, reconstruction.rows(0, n), dOut.rows(0, n));
            return reconstruction.rows(0, n);
        });
    }

    @Override
    public String lossName() {
        return "reconstruction cross-entropy";
    }

    @Override
    public int latentSize() {
        return latent;
    }

    @Override
    public float[] encode(Tensor x) {
        return encoder.forward(x, false).toArray();
    }

    @Override
    public float[] decode(Tensor z) {
        float[] v = decoder.forward(z, false).toArray();
        for (int i = 0; i < v.length; i++) v[i] = (float) (1 / (1 + Math.exp(-v[i])));
        return v;
    }

    @Override
    public float[] reconstruct(Tensor x) {
        return decode(encoder.forward(x, false));
    }

    public static void main(String[] args) {
        RunConfig run = RunConfig.builder("aae-mnist").seed(1)
                .data(DataConfig.of("mnist").withValidation(5000))
                .model(ModelConfig.of("aae", shape -> new AdversarialAutoencoder(2)))
                .optimizer(OptimizerConfig.adam(2e-4))
                .training(TrainingConfig.of(100, 10))
                .build();
        Trainer.Run r = new Trainer(run).options(args).fit();
        System.out.println((r.complete() ? "Done: test loss " + r.summary().get("test_loss") : "Stopped with a checkpoint")
                + "; report " + r.report());
    }
}
