package org.latent.backend;

import org.latent.tensor.Tensor;

/**
 * One exact whole-number counter of a {@link StepState} (an optimizer's step count, a random
 * stream's Philox block counter, the batch index of the epoch): two floats of the state tensor,
 * {@code [lo, hi]} with value = lo + hi * 2^24, each a whole number below 2^24 (exact in float32),
 * so values up to 2^48 are exact. Ops read it on the device; only
 * {@link Backend#advanceStepState} changes it there.
 *
 * <p>The host keeps a mirror: {@link #value()} = the value on the device after the last
 * {@link StepState#endStep} plus what was {@link #take taken} since. An op issued within a step
 * reads the device value plus the offset {@code take} returned, which is the same in every step of
 * a given shape once each step ends with {@code endStep}: that is what lets a recorded step be
 * replayed. Without {@code endStep} the offsets grow and eager results are still right.
 */
public final class StepCounter {
    private final StepState state;
    private final String name;
    private final int slot;
    private final Tensor tensor;
    long flushed, pending;

    StepCounter(StepState state, String name, int slot, Tensor tensor, long start) {
        this.state = state;
        this.name = name;
        this.slot = slot;
        this.tensor = tensor;
        this.flushed = start;
    }

    public String name() { return name; }

    /** Its first float in the state tensor. */
    public int slot() { return slot; }

    /** The two floats [lo, hi] on the backend (a view of the state tensor). */
    public Tensor tensor() { return tensor; }

    /** The host's mirror of the counter: the device value plus what this step has taken so far. */
    public long value() { return flushed + pending; }

    /** What this step has taken so far: the offset an op issued now adds to the device value. */
    public long offset() { return pending; }

    /** Returns the offset of a use of {@code n} units and moves the counter past them (on the device at the step's end). */
    public long take(long n) {
        if (n < 0) throw new IllegalArgumentException("StepCounter " + name + ": take(" + n + ")");
        long o = pending;
        pending += n;
        if (flushed + pending >= StepState.COUNTER_LIMIT) {
            throw new IllegalStateException("StepCounter " + name + ": " + (flushed + pending) + " reaches 2^48, the exact range of two floats");
        }
        return o;
    }

    /** A random key drawing {@code count} numbers (ceil(count / 4) Philox blocks) from this counter's next position. */
    public DeviceRandomKey randomKey(long seed, long stream, long count) {
        return new DeviceRandomKey(seed, stream, tensor, take((count + 3) / 4));
    }

    /** Puts the counter at {@code v} on the host and the device (a host write: outside steps only). */
    public void set(long v) {
        StepState.checkRange(name, v);
        state.write(this, v);
        flushed = v;
        pending = 0;
    }

    @Override
    public String toString() {
        return "StepCounter " + name + " = " + value();
    }
}
