package org.latent.model;

import org.latent.rng.RandomKey;

/**
 * A named Philox stream a model draws from while training (a VAE's ε, a GAN's z), declared with
 * {@link ModelContext#randomStream} so that checkpoints save its position and a resume puts it back.
 */
public final class RandomStream {
    private final String name;
    private RandomKey key;

    RandomStream(String name, RandomKey start) {
        this.name = name;
        this.key = start;
    }

    public String name() {
        return name;
    }

    /** Where the next draw starts. */
    public RandomKey key() {
        return key;
    }

    /** The key to draw {@code count} numbers from; the stream moves past them. */
    public RandomKey take(long count) {
        RandomKey k = key;
        key = key.advance(count);
        return k;
    }

    void restore(RandomKey k) {
        key = k;
    }
}
