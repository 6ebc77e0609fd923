package org.latent.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.latent.backend.Backend;
import org.latent.backend.StepState;
import org.latent.init.Initializer;
import org.latent.rng.RandomKey;
import org.latent.tensor.Tensor;

/**
 * The parameters of one or more networks trained by one optimizer, stored in two flat buffers:
 * trainable values (with a gradient buffer of the same layout) and non-trainable state. Layers
 * declare parameters while they are built; {@link #allocate} then creates the buffers, binds every
 * parameter to its view and initializes it from Philox streams numbered in declaration order, so a
 * seed fixes every initial weight on every backend.
 */
public final class ParameterSet {
    /** The most values one flat buffer holds (an int-indexed tensor). */
    static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    private final Backend backend;
    private final long seed;
    private final List<Parameter> params = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private int streams;
    private Tensor values, grads, buffers;
    private StepState stepState;

    public ParameterSet(Backend backend, long seed) {
        this(backend, seed, null);
    }

    /**
     * A set whose optimizer's step count and learning rate and whose dropout layers' counters live in
     * {@code stepState} (a ModelContext's); null: the set makes its own when first asked.
     */
    public ParameterSet(Backend backend, long seed, StepState stepState) {
        this.backend = backend;
        this.seed = seed;
        this.stepState = stepState;
    }

    public Backend backend() { return backend; }

    /** Where the per-step counters and scalars of this set's optimizer and layers live on the device. */
    public StepState stepState() {
        if (stepState == null) stepState = new StepState(backend);
        return stepState;
    }
    public long seed() { return seed; }

    /** A trainable parameter drawn from {@code init} with the given fans. */
    public Parameter trainable(String name, int[] shape, Initializer init, int fanIn, int fanOut) {
        return add(new Parameter(name, shape, init, 0f, fanIn, fanOut, true));
    }

    /** A trainable parameter filled with a constant (PReLU's initial slope). */
    public Parameter trainableConstant(String name, int[] shape, float value) {
        return add(new Parameter(name, shape, null, value, 0, 0, true));
    }

    /** A saved, non-trainable buffer filled with a constant (running statistics). */
    public Parameter buffer(String name, int[] shape, float value) {
        return add(new Parameter(name, shape, null, value, 0, 0, false));
    }

    /** A fresh random stream id for a layer that draws numbers while training (dropout). */
    public RandomKey randomStream() {
        return new RandomKey(seed, 1L << 32 | streams++, 0);
    }

    private Parameter add(Parameter p) {
        if (values != null) throw new IllegalStateException("parameter " + p.name() + " declared after allocate()");
        if (!names.add(p.name())) throw new IllegalArgumentException("duplicate parameter name " + p.name());
        params.add(p);
        return p;
    }

    /** Creates the flat buffers, binds every parameter and initializes it. */
    public void allocate() {
        if (values != null) throw new IllegalStateException("ParameterSet already allocated");
        long trainable = 0, state = 0;
        Parameter largest = null;
        for (Parameter p : params) {
            if (p.trainable()) trainable += p.size(); else state += p.size();
            if (largest == null || p.size() > largest.size()) largest = p;
        }
        if (Math.max(trainable, state) > MAX_VALUES) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "the model has %,d %s values (%.1f GiB as"
                    + " float32), more than the %,d one parameter buffer holds; the largest is %s %s. Make the layers smaller",
                    Math.max(trainable, state), trainable >= state ? "trainable parameter" : "buffer",
                    4.0 * Math.max(trainable, state) / (1L << 30), MAX_VALUES, largest.name(), java.util.Arrays.toString(largest.shape())));
        }
        values = backend.allocate((int) Math.max(trainable, 1));
        grads = backend.allocate((int) Math.max(trainable, 1));
        buffers = backend.allocate((int) Math.max(state, 1));
        int t = 0, s = 0, index = 0;
        for (Parameter p : params) {
            if (p.trainable()) {
                p.value = values.view(t, p.shape());
                p.grad = grads.view(t, p.shape());
                t += p.size();
            } else {
                p.value = buffers.view(s, p.shape());
                s += p.size();
            }
            if (p.initializer() != null) {
                p.initializer().init(backend, p.value, p.fanIn(), p.fanOut(), new RandomKey(seed, index, 0));
            } else {
                backend.fill(p.value, p.constant());
            }
            index++;
        }
    }

    public List<Parameter> parameters() { return Collections.unmodifiableList(params); }

    /** All trainable values as one flat tensor (what the optimizer updates). */
    public Tensor values() { requireAllocated(); return values.view(0, trainableCount()); }

    /** All gradients, in the same layout as {@link #values()}. */
    public Tensor grads() { requireAllocated(); return grads.view(0, trainableCount()); }

    public int trainableCount() {
        int n = 0;
        for (Parameter p : params) if (p.trainable()) n += p.size();
        return n;
    }

    private void requireAllocated() {
        if (values == null) throw new IllegalStateException("ParameterSet used before allocate()");
    }
}
