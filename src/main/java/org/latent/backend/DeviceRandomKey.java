package org.latent.backend;

import org.latent.rng.RandomKey;
import org.latent.tensor.Tensor;

/**
 * A {@link RandomKey} whose counter is read from device memory when the op runs: key = seed, the
 * stream id, and counter = the value of the {@link StepCounter} tensor {@code counter} (two floats,
 * see {@link StepState}) plus {@code offset}. The seed, the stream and the offset are the same in
 * every step of a given batch shape, so a step that draws with it can be recorded once and replayed
 * ({@link StepPlan}, a CUDA graph) while its draws move on from step to step.
 */
public record DeviceRandomKey(long seed, long stream, Tensor counter, long offset) {
    public DeviceRandomKey {
        if (offset < 0) throw new IllegalArgumentException("DeviceRandomKey: offset " + offset + " is negative");
    }

    /** The host key this resolves to when the counter holds {@code counterValue}. */
    public RandomKey at(long counterValue) {
        return new RandomKey(seed, stream, counterValue + offset);
    }
}
