package org.latent.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.latent.backend.Backend;
import org.latent.nn.ClassLabels;
import org.latent.nn.ParameterSet;
import org.latent.nn.Sequential;
import org.latent.optim.Optimizer;
import org.latent.rng.RandomKey;
import org.latent.tensor.Tensor;

/**
 * A generative adversarial network (E6). The generator maps z ~ N(0, I) to flat images; the
 * discriminator maps flat images to one logit. Each has its own ParameterSet and optimizer.
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
 * <p>A conditional GAN ({@link ClassLabels} given) shows both networks a one-hot class label beside
 * their input. Real images carry their data set's labels (the batch's target rows); generated ones
 * cycle through the classes (row i of a batch is class i mod classes), so every batch is balanced;
 * {@link #decode} and {@link #reconstruct} cycle the same way and {@link #generate} takes the classes.
 *
 * <p>Outside training {@link #reconstruct} ignores its input's values and gives the images generated
 * from the first rows of a fixed set of latent vectors, so the per-epoch "reconstructions" in the
 * checkpoint are the same samples seen as training goes on.
 */
public final class Gan implements Model {
    /** Stream ids (the generator's ParameterSet has the run's seed, the discriminator's its complement). */
    private static final long Z_STREAM = 7L << 32, FIXED_Z_STREAM = 8L << 32, EVAL_Z_STREAM = 9L << 32;

    private final Backend b;
    private final Sequential generator, discriminator;
    private final ParameterSet generatorParams, discriminatorParams;
    private final int latent, pixels, generatorSteps, maxBatch;
    private final long seed;
    private final Wasserstein wasserstein;
    private final boolean separateBatches;
    /** Null for an unconditional GAN; else the labels both networks read, the cycling fake labels and the discriminator's batch labels. */
    private final ClassLabels classLabels;
    private final Tensor cycle, discriminatorLabels;
    /** Targets of the loss: BCE labels 1 / 0, or the Wasserstein signs −1 / +1 (real / generated). */
    private final float realTarget, fakeTarget;
    private final Tensor z, images, labels, ones, perExample, dLogits;
    private final LossAccumulator discriminatorLoss, generatorLossSum;
    private RandomKey zKey;
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

    /** An unconditional GAN trained with binary cross-entropy on stacked batches. */
    public Gan(Backend backend, Sequential generator, Sequential discriminator, int latent, int pixels, int generatorSteps,
               int maxBatch, long seed) {
        this(backend, generator, discriminator, latent, pixels, maxBatch, seed, new Settings(generatorSteps, null, false), null);
    }

    /**
     * {@code generator} maps [latent] to [pixels], {@code discriminator} [pixels] to [1]; {@code maxBatch}
     * is the most real images per step (the networks are built for twice that); {@code classLabels}
     * is the object both networks' {@link org.latent.nn.ClassInput} layers were built with, or null.
     */
    public Gan(Backend backend, Sequential generator, Sequential discriminator, int latent, int pixels, int maxBatch, long seed,
               Settings settings, ClassLabels classLabels) {
        Wasserstein wasserstein = settings.wasserstein();
        int generatorSteps = settings.generatorSteps();
        checkShape("generator", generator.outputShape(new int[] {latent}), pixels);
        checkShape("discriminator", discriminator.outputShape(new int[] {pixels}), 1);
        this.b = backend;
        this.generator = generator;
        this.discriminator = discriminator;
        this.latent = latent;
        this.pixels = pixels;
        this.generatorSteps = generatorSteps;
        this.maxBatch = maxBatch;
        this.seed = seed;
        this.wasserstein = wasserstein;
        this.separateBatches = settings.separateBatches();
        this.classLabels = classLabels;
        realTarget = wasserstein == null ? 1f : -1f;
        fakeTarget = wasserstein == null ? 0f : 1f;
        int rows = 2 * maxBatch;
        generatorParams = new ParameterSet(backend, seed);
        generator.build(generatorParams, new int[] {latent}, rows);
        generatorParams.allocate();
        discriminatorParams = new ParameterSet(backend, ~seed);
        discriminator.build(discriminatorParams, new int[] {pixels}, rows);
        discriminatorParams.allocate();
        z = b.allocate(rows, latent);
        images = b.allocate(rows, pixels);
        labels = b.allocate(rows, 1);
        ones = b.allocate(rows, 1);
        b.fill(ones, realTarget);
        perExample = b.allocate(rows);
        dLogits = b.allocate(rows, 1);
        discriminatorLoss = new LossAccumulator(b, rows);
        generatorLossSum = new LossAccumulator(b, rows);
        zKey = new RandomKey(seed, Z_STREAM, 0);
        if (classLabels == null) {
            cycle = discriminatorLabels = null;
        } else {
            int classes = classLabels.classes();
            float[] oneHot = new float[rows * classes];
            for (int i = 0; i < rows; i++) oneHot[i * classes + i % classes] = 1f;
            cycle = b.upload(oneHot, rows, classes);
            discriminatorLabels = b.allocate(rows, classes);
        }
    }

    private static void checkShape(String which, int[] shape, int expected) {
        if (shape.length != 1 || shape[0] != expected) {
            throw new IllegalArgumentException("Gan: the " + which + " gives " + Arrays.toString(shape)
                    + " per example, expected [" + expected + "]");
        }
    }

    @Override public String family() { return "gan"; }
    @Override public String lossName() { return wasserstein == null ? "discriminator BCE" : "critic Wasserstein loss"; }
    /** The generator's parameters (the network that is the product); see {@link #discriminatorParameters}. */
    @Override public ParameterSet parameters() { return generatorParams; }
    public ParameterSet discriminatorParameters() { return discriminatorParams; }
    @Override public int inputSize() { return pixels; }
    @Override public int latentSize() { return latent; }
    @Override public int maxBatch() { return maxBatch; }
    @Override public boolean samplesFromPrior() { return true; }
    public int generatorSteps() { return generatorSteps; }
    /** Null for a BCE GAN. */
    public Wasserstein wasserstein() { return wasserstein; }
    public boolean separateBatches() { return separateBatches; }
    /** 0 for an unconditional GAN. */
    public int classes() { return classLabels == null ? 0 : classLabels.classes(); }

    @Override
    public Map<String, Sequential> networks() {
        Map<String, Sequential> m = new LinkedHashMap<>();
        m.put("generator", generator);
        m.put("discriminator", discriminator);
        return m;
    }

    @Override
    public void optimizers(Function<ParameterSet, Optimizer> create) {
        generatorOptimizer = create.apply(generatorParams);
        discriminatorOptimizer = create.apply(discriminatorParams);
    }

    @Override
    public void optimizer(Optimizer o) {
        throw new UnsupportedOperationException("a GAN trains two ParameterSets; give it optimizers(...)");
    }

    @Override
    public Optimizer optimizer() {
        if (generatorOptimizer == null) return null;
        return new GanOptimizers(generatorOptimizer, discriminatorOptimizer, generatorSteps, discriminatorUpdatesPerRound());
    }

    @Override
    public Map<String, RandomKey> randomKeys() {
        Map<String, RandomKey> keys = new LinkedHashMap<>();
        keys.put("gan.z", zKey);
        keys.putAll(RandomStreams.dropoutKeys(networks()));
        return keys;
    }

    @Override
    public void restoreRandomKeys(Map<String, RandomKey> keys) {
        RandomKey k = keys.get("gan.z");
        if (k == null) throw new IllegalArgumentException("the checkpoint has no random stream gan.z");
        zKey = k;
        RandomStreams.restoreDropoutKeys(networks(), keys);
    }

    /** Generates n images into out from z drawn at key (classes cycling when conditional); returns the key after the draw. */
    private RandomKey generate(Tensor out, RandomKey key, boolean training) {
        int n = out.rows();
        Tensor zz = z.rows(0, n);
        b.randomNormal(zz, 0f, 1f, key);
        if (classLabels != null) classLabels.set(cycle.rows(0, n));
        b.copy(generator.forward(zz, training), out);
        return key.advance((long) n * latent);
    }

    /**
     * Puts n real images over n generated from key in images' first 2n rows, targets real over fake
     * (and, when conditional, the real rows' one-hot labels over the cycling ones); returns the key after the draw.
     */
    private RandomKey stackRealOverFake(Tensor real, Tensor realClasses, RandomKey key, boolean training) {
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
        return generate(images.rows(n, n), key, training);
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
        if (discriminatorOptimizer == null) throw new IllegalStateException("Gan: set the optimizers before training");
        int n = real.rows(), two = 2 * n;
        zKey = stackRealOverFake(real, target, zKey, true);
        if (separateBatches) {
            updateDiscriminator(0, n, 0.5f);
            updateDiscriminator(n, n, 0.5f);
        } else {
            updateDiscriminator(0, two, 1f);
        }
        discriminatorLoss.stepDone();
        // Counted by the optimizer, so a resumed run keeps the rhythm.
        if (discriminatorOptimizer.steps() % discriminatorUpdatesPerRound() != 0) return;
        for (int k = 0; k < generatorSteps; k++) {
            Tensor zz = z.rows(0, two);
            b.randomNormal(zz, 0f, 1f, zKey);
            zKey = zKey.advance((long) two * latent);
            if (classLabels != null) classLabels.set(cycle.rows(0, two));
            discriminate(generator.forward(zz, true), ones.rows(0, two), true);
            generator.backwardParameters(discriminator.backward(dLogits.rows(0, two)));
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
        if (wasserstein != null) b.clamp(discriminatorParams.values(), -wasserstein.clip(), wasserstein.clip());
        discriminatorLoss.add(perExample.rows(0, count), weight);
    }

    /** Discriminator optimizer steps between generator rounds: the critic steps, twice over with separate batches. */
    private int discriminatorUpdatesPerRound() {
        return (wasserstein == null ? 1 : wasserstein.criticSteps()) * (separateBatches ? 2 : 1);
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

    /** The discriminator's mean loss per example over the interval of the last {@link #takeMeanLoss} call. */
    public double discriminatorLoss() {
        return lastDiscriminatorLoss;
    }

    /** The generator's mean loss per example over the interval of the last {@link #takeMeanLoss} call. */
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

    /** Generated images [n, pixels] from the first n of the fixed latent vectors (input's values unused). */
    @Override
    public float[] reconstruct(Tensor input) {
        Tensor out = images.rows(0, input.rows());
        generate(out, new RandomKey(seed, FIXED_Z_STREAM, 0), false);
        return out.toArray();
    }

    @Override
    public float[] encode(Tensor x) {
        throw new UnsupportedOperationException("a GAN has no encoder");
    }

    /** Generated images for codes z [n, latent]; a conditional GAN's row i is of class i mod classes. */
    @Override
    public float[] decode(Tensor zIn) {
        if (classLabels != null) classLabels.set(cycle.rows(0, zIn.rows()));
        return generator.forward(zIn, false).toArray();
    }

    /**
     * Generated images [count, pixels] for host codes z [count, latent] and, for a conditional GAN,
     * each row's class (ignored, may be null, for an unconditional one).
     */
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
            System.arraycopy(generator.forward(zz, false).toArray(), 0, out, from * pixels, n * pixels);
        }
        return out;
    }
}
