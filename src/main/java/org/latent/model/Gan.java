package org.latent.model;

import java.util.Arrays;
import org.latent.backend.Backend;
import org.latent.nn.ClassLabels;
import org.latent.nn.ParameterSet;
import org.latent.nn.Sequential;
import org.latent.optim.Optimizer;
import org.latent.rng.RandomKey;
import org.latent.tensor.Tensor;

/**
 * A generative adversarial network over any generator (z ~ N(0, I) of the latent size to an
 * example) and discriminator (an example to one logit). Each has its own ParameterSet and
 * optimizer, the discriminator's keyed by the complement of the seed.
 *
 * <p>One training step on a batch of n real images: one discriminator update on those n images
 * (label 1) together with n generated ones (label 0), then {@code generatorSteps} generator updates
 * on 2n fresh draws of z through the discriminator with label 1; the discriminator's gradients are
 * computed there but its optimizer is not stepped (it is frozen). Losses are binary cross-entropy
 * from the logit, mean per example. The model's loss is the discriminator's; the generator's mean
 * loss over the same interval is {@link #generatorLoss()}.
 *
 * <p>A Wasserstein GAN ({@link Wasserstein}) swaps the BCE for the Wasserstein loss on the critic's
 * score (critic: mean score of generated minus mean score of real images; generator: minus the mean
 * score of its images), clips the critic's weights to [−clip, clip] after each update, and updates
 * the generator only after every {@code criticSteps}-th critic update.
 *
 * <p>With {@link Settings#separateBatches} the discriminator takes two updates per step, one on the
 * real half and one on the generated half (each its own batch, so batch normalization never mixes
 * them), instead of one on the stacked batch; the reported loss is still the mean over both halves.
 *
 * <p>A conditional GAN ({@link #conditional}) shows both networks a one-hot class label beside
 * their input. Real images carry their data set's labels (the batch's target rows); generated ones
 * cycle through the classes (row i of a batch is class i mod classes), so every batch is balanced;
 * {@link #decode} cycles the same way and {@link #generate} takes the classes.
 */
public final class Gan implements Model, Adversarial {
    /** Stream ids (the generator's ParameterSet has the run's seed, the discriminator's its complement). */
    private static final long Z_STREAM = 7L << 32, EVAL_Z_STREAM = 9L << 32;

    private final Sequential generator, discriminator;
    private final int latent;
    private Settings settings = Settings.E6;
    /** Null for an unconditional GAN; else the labels both networks read. */
    private ClassLabels classLabels;
    private Backend b;
    private int pixels, maxBatch;
    private int[] generatorOut, discriminatorIn;
    private long seed;
    private Wasserstein wasserstein;
    /** The cycling fake labels and the discriminator's batch labels (conditional only). */
    private Tensor cycle, discriminatorLabels;
    /** Targets of the loss: BCE labels 1 / 0, or the Wasserstein signs -1 / +1 (real / generated). */
    private float realTarget, fakeTarget;
    private Tensor z, images, labels, ones, perExample, dLogits;
    private LossAccumulator discriminatorLoss, generatorLossSum;
    private RandomStream zStream;
    private Optimizer generatorOptimizer, discriminatorOptimizer;
    private double lastGeneratorLoss = Double.NaN, lastDiscriminatorLoss = Double.NaN;

    /** A Wasserstein GAN's settings: critic updates per generator update, and the critic's weight clip. */
    public record Wasserstein(int criticSteps, float clip) {
        public Wasserstein {
            if (criticSteps < 1 || !(clip > 0)) {
                throw new IllegalArgumentException("Gan: critic steps " + criticSteps + " must be >= 1 and clip " + clip + " positive");
            }
        }
    }

    /**
     * How a GAN trains: generator updates per discriminator round, Wasserstein settings (null: binary
     * cross-entropy), and whether the discriminator sees real and generated images as two batches.
     */
    public record Settings(int generatorSteps, Wasserstein wasserstein, boolean separateBatches) {
        public Settings {
            if (generatorSteps < 1) throw new IllegalArgumentException("Gan: generator steps " + generatorSteps + " must be >= 1");
        }

        /** E6: one generator update per discriminator update on the stacked batch, binary cross-entropy. */
        public static final Settings E6 = new Settings(1, null, false);
    }

    /**
     * {@code generator} maps [latent] to an example, {@code discriminator} an example to [1]. The
     * networks are built for twice the batch: the discriminator sees n real over n generated images.
     */
    public Gan(Sequential generator, Sequential discriminator, int latent) {
        if (latent < 1) throw new IllegalArgumentException("Gan: latent size " + latent + " must be positive");
        this.generator = generator;
        this.discriminator = discriminator;
        this.latent = latent;
    }

    /** How it trains (default {@link Settings#E6}). */
    public Gan settings(Settings s) {
        requireUnbuilt();
        settings = s;
        return this;
    }

    /** Makes it class-conditional: {@code labels} is what both networks' class inputs were built with. */
    public Gan conditional(ClassLabels labels) {
        requireUnbuilt();
        classLabels = labels;
        return this;
    }

    public Settings settings() { return settings; }
    public Sequential generator() { return generator; }
    public Sequential discriminator() { return discriminator; }

    @Override
    public void build(ModelContext c) {
        requireUnbuilt();
        b = c.backend();
        pixels = c.inputSize();
        maxBatch = c.maxBatch();
        seed = c.seed();
        wasserstein = settings.wasserstein();
        generatorOut = generator.outputShape(new int[] {latent});
        ModelShapes.require("Gan", "generator", generatorOut, pixels);
        ModelShapes.require("Gan", "discriminator", discriminator.outputShape(new int[] {pixels}), 1);
        discriminatorIn = new int[] {pixels};
        realTarget = wasserstein == null ? 1f : -1f;
        fakeTarget = wasserstein == null ? 0f : 1f;
        int rows = 2 * maxBatch;
        ParameterSet generatorParams = c.parameters();
        c.network("generator", generator, generatorParams, new int[] {latent}, rows);
        generatorOptimizer = c.optimizer("generator", generatorParams);
        ParameterSet discriminatorParams = c.parameters(~seed);
        c.network("discriminator", discriminator, discriminatorParams, discriminatorIn, rows);
        discriminatorOptimizer = c.optimizer("discriminator", discriminatorParams);
        z = b.allocate(rows, latent);
        images = b.allocate(rows, pixels);
        labels = b.allocate(rows, 1);
        ones = b.allocate(rows, 1);
        b.fill(ones, realTarget);
        perExample = b.allocate(rows);
        dLogits = b.allocate(rows, 1);
        discriminatorLoss = c.runningLoss("gan.discriminator_loss", rows);
        generatorLossSum = c.runningLoss("gan.generator_loss", rows);
        zStream = c.randomStream("gan.z", Z_STREAM);
        if (classLabels != null) {
            int classes = classLabels.classes();
            float[] oneHot = new float[rows * classes];
            for (int i = 0; i < rows; i++) oneHot[i * classes + i % classes] = 1f;
            cycle = b.upload(oneHot, rows, classes);
            discriminatorLabels = b.allocate(rows, classes);
        }
    }

    @Override public String lossName() { return wasserstein == null ? "discriminator BCE" : "critic Wasserstein loss"; }
    @Override public int latentSize() { return latent; }
    @Override public boolean lossNearZeroIsCollapse() { return settings.wasserstein() == null; }
    /** 0 for an unconditional GAN. */
    @Override public int classes() { return classLabels == null ? 0 : classLabels.classes(); }

    private void requireUnbuilt() {
        if (b != null) throw new IllegalStateException("Gan: already built");
    }

    /** Generates n images into out from z drawn at key (classes cycling when conditional); returns the key after the draw. */
    private RandomKey generate(Tensor out, RandomKey key, boolean training) {
        int n = out.rows();
        Tensor zz = z.rows(0, n);
        b.randomNormal(zz, 0f, 1f, key);
        if (classLabels != null) classLabels.set(cycle.rows(0, n));
        b.copy(ModelShapes.flat(generator.forward(zz, training)), out);
        return key.advance((long) n * latent);
    }

    /** As {@link #generate} with z drawn from the training stream on the device. */
    private void generateTraining(Tensor out) {
        int n = out.rows();
        Tensor zz = z.rows(0, n);
        b.randomNormal(zz, 0f, 1f, zStream.takeDevice((long) n * latent));
        if (classLabels != null) classLabels.set(cycle.rows(0, n));
        b.copy(ModelShapes.flat(generator.forward(zz, true)), out);
    }

    /**
     * Puts n real images over n generated from key in images' first 2n rows, targets real over fake
     * (and, when conditional, the real rows' one-hot labels over the cycling ones); returns the key after the draw.
     */
    private RandomKey stackRealOverFake(Tensor real, Tensor realClasses, RandomKey key, boolean training) {
        stackReal(real, realClasses);
        return generate(images.rows(real.rows(), real.rows()), key, training);
    }

    /** The real half of {@link #stackRealOverFake}: images, targets and (conditional) labels of both halves. */
    private void stackReal(Tensor real, Tensor realClasses) {
        int n = real.rows();
        if (n > maxBatch) throw new IllegalArgumentException("Gan: batch of " + n + " exceeds the built maximum " + maxBatch);
        b.copy(real, images.rows(0, n));
        b.fill(labels.rows(0, n), realTarget);
        b.fill(labels.rows(n, n), fakeTarget);
        if (classLabels != null) {
            requireClasses(realClasses, n);
            b.copy(realClasses, discriminatorLabels.rows(0, n));
            b.copy(cycle.rows(0, n), discriminatorLabels.rows(n, n));
        }
    }

    private void requireClasses(Tensor realClasses, int n) {
        if (realClasses == null || realClasses.rank() != 2 || realClasses.rows() != n || realClasses.cols() != classLabels.classes()) {
            throw new IllegalArgumentException("Gan: a conditional GAN needs one-hot labels [" + n + ", " + classLabels.classes()
                    + "] for its real images, got " + (realClasses == null ? "none" : java.util.Arrays.toString(realClasses.shape())));
        }
    }

    /** {@code target}: for a conditional GAN, the real images' one-hot labels; otherwise unused. */
    @Override
    public void trainStep(Tensor real, Tensor target) {
        int n = real.rows(), two = 2 * n;
        stackReal(real, target);
        generateTraining(images.rows(n, n));
        if (settings.separateBatches()) {
            updateDiscriminator(0, n, 0.5f);
            updateDiscriminator(n, n, 0.5f);
        } else {
            updateDiscriminator(0, two, 1f);
        }
        discriminatorLoss.stepDone();
        // Counted by the optimizer, so a resumed run keeps the rhythm.
        if (discriminatorOptimizer.steps() % discriminatorUpdatesPerRound() != 0) return;
        for (int k = 0; k < settings.generatorSteps(); k++) {
            Tensor zz = z.rows(0, two);
            b.randomNormal(zz, 0f, 1f, zStream.takeDevice((long) two * latent));
            if (classLabels != null) classLabels.set(cycle.rows(0, two));
            discriminate(ModelShapes.flat(generator.forward(zz, true)), ones.rows(0, two), true);
            generator.backwardParameters(ModelShapes.as(discriminator.backward(dLogits.rows(0, two)), generatorOut));
            generatorOptimizer.step();
            generatorLossSum.add(perExample.rows(0, two), 1f);
            generatorLossSum.stepDone();
        }
    }

    /** One discriminator update on rows [from, from + count) of the stacked batch; its mean loss counts with {@code weight}. */
    private void updateDiscriminator(int from, int count, float weight) {
        if (classLabels != null) classLabels.set(discriminatorLabels.rows(from, count));
        discriminate(images.rows(from, count), labels.rows(from, count), true);
        discriminator.backwardParameters(dLogits.rows(0, count));
        discriminatorOptimizer.step();
        if (wasserstein != null) b.clamp(discriminatorOptimizer.parameters().values(), -wasserstein.clip(), wasserstein.clip());
        discriminatorLoss.add(perExample.rows(0, count), weight);
    }

    /** Discriminator optimizer steps between generator rounds: the critic steps, twice over with separate batches. */
    private int discriminatorUpdatesPerRound() {
        return (wasserstein == null ? 1 : wasserstein.criticSteps()) * (settings.separateBatches() ? 2 : 1);
    }

    /** Discriminator forward and the loss of its logits (BCE or Wasserstein): per-example losses (already / n) and their gradient. */
    private Tensor discriminate(Tensor x, Tensor target, boolean training) {
        int n = x.rows();
        Tensor logits = discriminator.forward(x, training);
        if (wasserstein == null) b.bceWithLogits(logits, target, 1f / n, perExample.rows(0, n), dLogits.rows(0, n));
        else b.wasserstein(logits, target, 1f / n, perExample.rows(0, n), dLogits.rows(0, n));
        return logits;
    }

    /** The discriminator's mean loss since the last call; the generator's is kept for {@link #generatorLoss}. */
    @Override
    public double takeMeanLoss() {
        lastGeneratorLoss = generatorLossSum.takeMean();
        lastDiscriminatorLoss = discriminatorLoss.takeMean();
        return lastDiscriminatorLoss;
    }

    @Override
    public double discriminatorLoss() {
        return lastDiscriminatorLoss;
    }

    @Override
    public double generatorLoss() {
        return lastGeneratorLoss;
    }

    /**
     * The discriminator's mean loss, in inference mode, on the set's images (label 1) and as many
     * generated ones (label 0) from a fixed stream, so evaluations repeat exactly.
     */
    @Override
    public double evaluate(Tensor input, Tensor target) {
        double total = 0;
        RandomKey key = new RandomKey(seed, EVAL_Z_STREAM, 0);
        for (int from = 0; from < input.rows(); from += maxBatch) {
            int n = Math.min(maxBatch, input.rows() - from);
            key = stackRealOverFake(input.rows(from, n), classLabels == null ? null : target.rows(from, n), key, false);
            if (classLabels != null) classLabels.set(discriminatorLabels.rows(0, 2 * n));
            discriminate(images.rows(0, 2 * n), labels.rows(0, 2 * n), false);
            total += b.sum(perExample.rows(0, 2 * n)) * 2 * n;
        }
        return total / (2.0 * input.rows());
    }

    /**
     * In inference mode, the fraction of the real images the discriminator calls real (logit > 0) and
     * the fraction of {@code fakes} generated images (fixed evaluation stream) it calls fake.
     * {@code realClasses}: the real images' one-hot labels for a conditional GAN, else ignored.
     */
    @Override
    public double[] discriminatorAccuracy(Tensor real, Tensor realClasses, int fakes) {
        long realRight = 0, fakeRight = 0;
        for (int from = 0; from < real.rows(); from += maxBatch) {
            int n = Math.min(maxBatch, real.rows() - from);
            if (classLabels != null) {
                requireClasses(realClasses == null ? null : realClasses.rows(from, n), n);
                classLabels.set(realClasses.rows(from, n));
            }
            for (float logit : discriminator.forward(real.rows(from, n), false).toArray()) if (logit > 0) realRight++;
        }
        RandomKey key = new RandomKey(seed, EVAL_Z_STREAM, 0);
        for (int from = 0; from < fakes; from += maxBatch) {
            int n = Math.min(maxBatch, fakes - from);
            Tensor batch = images.rows(0, n);
            key = generate(batch, key, false);
            for (float logit : discriminator.forward(batch, false).toArray()) if (logit <= 0) fakeRight++;
        }
        return new double[] {realRight / (double) real.rows(), fakeRight / (double) fakes};
    }

    /** Generated images for codes z [n, latent]; a conditional GAN's row i is of class i mod classes. */
    @Override
    public float[] decode(Tensor zIn) {
        if (classLabels != null) classLabels.set(cycle.rows(0, zIn.rows()));
        return ModelShapes.flat(generator.forward(zIn, false)).toArray();
    }

    /**
     * Generated images [count, pixels] for host codes z [count, latent] and, for a conditional GAN,
     * each row's class (ignored, may be null, for an unconditional one).
     */
    @Override
    public float[] generate(float[] codes, int[] classOf) {
        int count = codes.length / latent;
        if (codes.length != count * latent) throw new IllegalArgumentException("Gan.generate: " + codes.length + " values are not rows of " + latent);
        int classes = classes();
        if (classes > 0 && (classOf == null || classOf.length != count)) {
            throw new IllegalArgumentException("Gan.generate: a conditional GAN needs one class per code (" + count + ")");
        }
        float[] out = new float[count * pixels];
        for (int from = 0; from < count; from += maxBatch) {
            int n = Math.min(maxBatch, count - from);
            Tensor zz = z.rows(0, n);
            b.write(java.util.Arrays.copyOfRange(codes, from * latent, (from + n) * latent), zz);
            if (classes > 0) {
                float[] oneHot = new float[n * classes];
                for (int i = 0; i < n; i++) {
                    int c = classOf[from + i];
                    if (c < 0 || c >= classes) throw new IllegalArgumentException("Gan.generate: class " + c + " outside 0.." + (classes - 1));
                    oneHot[i * classes + c] = 1f;
                }
                Tensor t = discriminatorLabels.rows(0, n);
                b.write(oneHot, t);
                classLabels.set(t);
            }
            System.arraycopy(ModelShapes.flat(generator.forward(zz, false)).toArray(), 0, out, from * pixels, n * pixels);
        }
        return out;
    }
}
