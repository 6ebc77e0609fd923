package org.latent.rng;

/**
 * The address of a run of Philox4x32-10 numbers: key = seed, and element i of a fill uses the
 * counter block (counter + i / 4, stream), word i % 4. Two fills that must not overlap use
 * different streams or counters at least ceil(n / 4) apart; {@link #advance} does that.
 */
public record RandomKey(long seed, long stream, long counter) {
    /** The key of the next fill of {@code n} elements on the same stream. */
    public RandomKey advance(long n) {
        return new RandomKey(seed, stream, counter + (n + 3) / 4);
    }

    public RandomKey withStream(long s) {
        return new RandomKey(seed, s, 0);
    }
}
