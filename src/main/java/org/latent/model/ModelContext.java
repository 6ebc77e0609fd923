package org.latent.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.latent.backend.Backend;
import org.latent.backend.StepState;
import org.latent.nn.ParameterSet;
import org.latent.nn.Sequential;
import org.latent.optim.Optimizer;
import org.latent.rng.RandomKey;
import org.latent.tensor.Tensor;

/**
 * A model built on a backend. While {@link Model#build} runs it is where the model declares what it
 * consists of: parameter sets, the networks built on them, one optimizer per set and the random
 * streams it draws from. Afterwards it is the model's handle for the trainer and for checkpoints,
 * which save and restore exactly what was declared here: parameters by "network.parameter" name,
 * each optimizer's state and step count, and every random stream (the dropout layers' included).
 */
public final class ModelContext {
    private final Model model;
    private final Backend backend;
    private final int[] inputShape;
    private final int maxBatch;
    private final long seed;
    private final Function<ParameterSet, Optimizer> optimizerFactory;
    private final List<ParameterSet> sets = new ArrayList<>();
    private final Map<String, Sequential> networks = new LinkedHashMap<>();
    private final Map<String, Optimizer> optimizers = new LinkedHashMap<>();
    private final Map<String, RandomStream> streams = new LinkedHashMap<>();
    private final Map<String, LossAccumulator> runningLosses = new LinkedHashMap<>();
    private final StepState stepState;
    private boolean building = true;

    private ModelContext(Model model, Backend backend, int[] inputShape, int maxBatch, long seed,
                         Function<ParameterSet, Optimizer> optimizerFactory) {
        this.model = model;
        this.backend = backend;
        this.inputShape = inputShape.clone();
        this.maxBatch = maxBatch;
        this.seed = seed;
        this.optimizerFactory = optimizerFactory;
        this.stepState = new StepState(backend);
    }

    /**
     * Builds {@code model} on {@code backend} for examples of per-example shape {@code inputShape}
     * (flat rows of its size are what the model's steps receive), batches of up to
     * {@code maxBatch}, initial values and random streams keyed by {@code seed}, and the optimizer
     * {@code optimizers} makes for each parameter set.
     */
    public static ModelContext build(Model model, Backend backend, int[] inputShape, int maxBatch, long seed,
                                     Function<ParameterSet, Optimizer> optimizers) {
        Objects.requireNonNull(model, "model");
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch " + maxBatch + " must be at least 1");
        for (int d : inputShape) {
            if (d < 1) throw new IllegalArgumentException("input shape " + java.util.Arrays.toString(inputShape) + " must have positive sizes");
        }
        ModelContext c = new ModelContext(model, backend, inputShape, maxBatch, seed, optimizers);
        model.build(c);
        c.building = false;
        for (ParameterSet s : c.sets) {
            if (!c.hasOptimizer(s)) {
                throw new IllegalStateException(model.getClass().getSimpleName() + ".build: a parameter set has no optimizer; "
                        + "call context.optimizer(name, set) after building its networks");
            }
        }
        return c;
    }

    public Model model() { return model; }
    public Backend backend() { return backend; }
    /** The per-example shape of the inputs, e.g. [1, 28, 28]. */
    public int[] inputShape() { return inputShape.clone(); }
    /** The features per example: the product of {@link #inputShape}. */
    public int inputSize() {
        int n = 1;
        for (int d : inputShape) n *= d;
        return n;
    }
    public int maxBatch() { return maxBatch; }
    public long seed() { return seed; }

    /** A new set of parameters keyed by the run's seed: their initial values and dropout masks are drawn from it. */
    public ParameterSet parameters() {
        return parameters(seed);
    }

    /** A new set of parameters keyed by {@code key} (a GAN's discriminator uses the complement of the seed). */
    public ParameterSet parameters(long key) {
        requireBuilding("parameters");
        ParameterSet s = new ParameterSet(backend, key, stepState);
        sets.add(s);
        return s;
    }

    /** Builds {@code net} on {@code set} for per-example {@code input} and up to {@link #maxBatch} rows; {@code name} prefixes its parameters in checkpoints. */
    public Sequential network(String name, Sequential net, ParameterSet set, int[] input) {
        return network(name, net, set, input, maxBatch);
    }

    /** As {@link #network(String, Sequential, ParameterSet, int[])} for up to {@code rows} rows (a GAN's stacked batches). */
    public Sequential network(String name, Sequential net, ParameterSet set, int[] input, int rows) {
        requireBuilding("network");
        if (networks.containsKey(name)) throw new IllegalArgumentException("two networks named " + name);
        if (!sets.contains(set)) throw new IllegalArgumentException("network " + name + ": its parameter set was not made by this context");
        net.build(set, input, rows);
        networks.put(name, net);
        return net;
    }

    /** Allocates {@code set} (after its networks are built) and gives it the run's optimizer, saved in checkpoints under {@code name}. */
    public Optimizer optimizer(String name, ParameterSet set) {
        requireBuilding("optimizer");
        if (optimizers.containsKey(name)) throw new IllegalArgumentException("two optimizers named " + name);
        if (hasOptimizer(set)) throw new IllegalArgumentException("optimizer " + name + ": the set already has one");
        set.allocate();
        Optimizer o = optimizerFactory.apply(set);
        optimizers.put(name, o);
        return o;
    }

    /** A random stream that starts at (seed, {@code stream}, 0) and is saved in checkpoints under {@code name}. */
    public RandomStream randomStream(String name, long stream) {
        requireBuilding("randomStream");
        if (streams.containsKey(name)) throw new IllegalArgumentException("two random streams named " + name);
        RandomStream s = new RandomStream(name, new RandomKey(seed, stream, 0), stepState.counter("random stream " + name, 0));
        streams.put(name, s);
        return s;
    }

    /**
     * The per-step values on the device: every optimizer's step count and learning rate, every
     * random stream's counter (the dropout layers' too) and what the training loop keeps there (the
     * batch index). Ops of a training step read them there; {@link #endStep} moves the counters on.
     */
    public StepState stepState() {
        return stepState;
    }

    /**
     * Ends a training step: one op moves every counter the step took from on, on the device (see
     * {@link StepState#endStep}). The training loop calls it after each {@link Model#trainStep};
     * calling trainStep without it still trains the same way, but such steps cannot be replayed.
     */
    public void endStep() {
        stepState.endStep();
    }

    /**
     * A running loss summed on the device over up to {@code rows} examples a step, saved in
     * checkpoints under {@code name} (with its partial sums), so a resumed run reports the same losses.
     */
    public LossAccumulator runningLoss(String name, int rows) {
        requireBuilding("runningLoss");
        if (runningLosses.containsKey(name)) throw new IllegalArgumentException("two running losses named " + name);
        LossAccumulator a = new LossAccumulator(backend, rows);
        runningLosses.put(name, a);
        return a;
    }

    /** The running losses by name. */
    public Map<String, LossAccumulator> runningLosses() {
        return Collections.unmodifiableMap(runningLosses);
    }

    /** Each running loss's step count since its last read, by name. */
    public Map<String, Integer> runningLossSteps() {
        Map<String, Integer> m = new LinkedHashMap<>();
        runningLosses.forEach((k, a) -> m.put(k, a.steps()));
        return m;
    }

    /**
     * A random stream the trainer draws from beside the model (the training images' augmentation),
     * starting at (seed, {@code stream}, 0) and saved in checkpoints under {@code name} like the
     * model's own. Declared after the build and before a checkpoint is loaded (a resume restores
     * its position then); declaring the same name again returns the stream already declared.
     */
    public RandomStream trainerStream(String name, long stream) {
        RandomStream s = streams.get(name);
        if (s != null) {
            if (s.key().stream() != stream) {
                throw new IllegalArgumentException("two random streams named " + name + " (streams " + s.key().stream()
                        + " and " + stream + ")");
            }
            return s;
        }
        s = new RandomStream(name, new RandomKey(seed, stream, 0), stepState.counter("random stream " + name, 0));
        streams.put(name, s);
        return s;
    }

    /** A buffer on the backend, for use in steps (allocate everything here, nothing in a step). */
    public Tensor allocate(int... shape) {
        return backend.allocate(shape);
    }

    public Map<String, Sequential> networks() { return Collections.unmodifiableMap(networks); }
    public Map<String, Optimizer> optimizers() { return Collections.unmodifiableMap(optimizers); }
    public List<ParameterSet> parameterSets() { return Collections.unmodifiableList(sets); }

    /** Trainable values over all parameter sets. */
    public long trainableCount() {
        long n = 0;
        for (ParameterSet s : sets) n += s.trainableCount();
        return n;
    }

    /** Every optimizer's step count, by name. */
    public Map<String, Long> optimizerSteps() {
        Map<String, Long> m = new LinkedHashMap<>();
        optimizers.forEach((k, o) -> m.put(k, o.steps()));
        return m;
    }

    /** The name under which states of format 1 (one step count, before optimizers were named) give theirs. */
    public static final String ONLY_OPTIMIZER = "";

    /** Puts every optimizer's step count back (names as {@link #optimizerSteps} gave them). */
    public void restoreOptimizerSteps(Map<String, Long> steps) {
        if (steps.size() == 1 && steps.containsKey(ONLY_OPTIMIZER)) {
            if (optimizers.size() != 1) {
                throw new IllegalArgumentException("the checkpoint was written by an older Latent with one optimizer step count; this model has "
                        + optimizers.size() + " optimizers: start the run again");
            }
            optimizers.values().iterator().next().restoreSteps(steps.get(ONLY_OPTIMIZER));
            return;
        }
        for (Map.Entry<String, Optimizer> e : optimizers.entrySet()) {
            Long s = steps.get(e.getKey());
            if (s == null) throw new IllegalArgumentException("no step count for optimizer " + e.getKey());
            e.getValue().restoreSteps(s);
        }
    }

    /** Every random stream at its current position: the declared ones, then each dropout layer's ("network.dropoutI"). */
    public Map<String, RandomKey> randomKeys() {
        Map<String, RandomKey> keys = new LinkedHashMap<>();
        streams.forEach((k, s) -> keys.put(k, s.key()));
        keys.putAll(RandomStreams.dropoutKeys(networks));
        return keys;
    }

    /** Puts the streams back where {@link #randomKeys} found them (after a checkpoint is loaded). */
    public void restoreRandomKeys(Map<String, RandomKey> keys) {
        for (RandomStream s : streams.values()) {
            RandomKey k = keys.get(s.name());
            if (k == null) throw new IllegalArgumentException("the checkpoint has no random stream " + s.name());
            s.restore(k);
        }
        RandomStreams.restoreDropoutKeys(networks, keys);
    }

    private boolean hasOptimizer(ParameterSet s) {
        for (Optimizer o : optimizers.values()) if (o.parameters() == s) return true;
        return false;
    }

    private void requireBuilding(String what) {
        if (!building) throw new IllegalStateException("ModelContext." + what + ": only while the model is being built");
    }
}
