package org.latent.model;

import org.latent.backend.DeviceRandomKey;
import org.latent.backend.StepCounter;
import org.latent.rng.RandomKey;

/**
 * A named Philox stream a model draws from while training (a VAE's ε, a GAN's z), declared with
 * {@link ModelContext#randomStream} so that checkpoints save its position and a resume puts it back.
 * Its counter lives in the context's step state on the device ({@link StepCounter}): a training step
 * draws with {@link #takeDevice}, whose key the op resolves on the device, so the step can be
 * replayed; {@link #take} gives the same numbers as a host key.
 */
public final class RandomStream {
    private final String name;
    private long seed, stream;
    private final StepCounter counter;

    RandomStream(String name, RandomKey start, StepCounter counter) {
        this.name = name;
        this.seed = start.seed();
        this.stream = start.stream();
        this.counter = counter;
    }

    public String name() {
        return name;
    }

    /** Where the next draw starts. */
    public RandomKey key() {
        return new RandomKey(seed, stream, counter.value());
    }

    /**
     * The host key to draw {@code count} numbers from; the stream moves past them. A host key is a
     * value that changes from step to step: a step that passes one to an op cannot be replayed
     * ({@link org.latent.backend.StepPlan} refuses it); use {@link #takeDevice} in training steps.
     */
    public RandomKey take(long count) {
        RandomKey k = key();
        counter.take((count + 3) / 4);
        return k;
    }

    /** The device key to draw {@code count} numbers from (the same numbers as {@link #take}); the stream moves past them. */
    public DeviceRandomKey takeDevice(long count) {
        return counter.randomKey(seed, stream, count);
    }

    /** Its counter in the step state. */
    public StepCounter counter() {
        return counter;
    }

    void restore(RandomKey k) {
        seed = k.seed();
        stream = k.stream();
        counter.set(k.counter());
    }
}
