package org.latent.backend;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.latent.tensor.Tensor;

/**
 * The per-step values of a training step, in device memory: one small backend tensor of
 * {@link #CAPACITY} floats holding exact counters ({@link StepCounter}: each optimizer's step count,
 * each random stream's Philox counter, the batch index of the epoch) and scalars (each optimizer's
 * learning rate, a VAE's KL weight of the step). Ops that need them read them there when they run
 * (adamStep's step count and rate, the device-keyed random fills, gatherRows' batch index), and
 * {@link #endStep} issues the one op that moves every counter on, {@link Backend#advanceStepState}.
 * Nothing in a step then takes a host value that changes from step to step, so a step can be
 * recorded once per batch shape and replayed ({@link StepPlan} on the CPU, a CUDA graph on the GPU).
 *
 * <p>Counters are two floats [lo, hi], value = lo + hi * 2^24, each a whole number below 2^24, so
 * every value below 2^48 is exact in float32 and the ops compute on whole numbers (a 64-bit integer
 * on the GPU). Scalars are plain floats written by the host outside steps (a learning rate without
 * schedule) or by ops inside them ({@link Backend#lookupStepValue} from a per-epoch table,
 * {@link Backend#warmupScale}).
 *
 * <p>A {@code ModelContext} owns one (its optimizers, random streams and the training loop's batch
 * index live there); a {@code ParameterSet} made outside a context makes its own.
 */
public final class StepState {
    /** Floats in the state tensor: room for 500 counters. */
    public static final int CAPACITY = 1024;
    /** Counters are exact below 2^48. */
    public static final long COUNTER_LIMIT = 1L << 48;
    static final long LO = 1L << 24;

    private final Backend backend;
    private final Tensor tensor;
    private final List<StepCounter> counters = new ArrayList<>();
    private int used;

    public StepState(Backend backend) {
        this.backend = backend;
        this.tensor = backend.allocate(CAPACITY);
    }

    public Backend backend() { return backend; }

    /** The whole state tensor [CAPACITY]. */
    public Tensor tensor() { return tensor; }

    /** A new counter starting at {@code start} (written to the device now); {@code name} is for messages. */
    public StepCounter counter(String name, long start) {
        checkRange(name, start);
        int slot = reserve(name, 2);
        StepCounter c = new StepCounter(this, name, slot, tensor.view(slot, 2), start);
        counters.add(c);
        write(c, start);
        return c;
    }

    /** A new scalar slot [1] holding {@code value} (written to the device now). */
    public Tensor scalar(String name, float value) {
        int slot = reserve(name, 1);
        Tensor t = tensor.view(slot, 1);
        backend.write(new float[] {value}, t);
        return t;
    }

    public List<StepCounter> counters() {
        return Collections.unmodifiableList(counters);
    }

    /**
     * Ends a step: one {@link Backend#advanceStepState} moves every counter taken from in this step
     * on by what was taken, and the host's mirrors follow (as bookkeeping, so a replayed step moves
     * them too). Issues nothing when nothing was taken.
     */
    public void endStep() {
        int n = 0;
        for (StepCounter c : counters) if (c.pending > 0) n++;
        if (n == 0) return;
        StepCounter[] moved = new StepCounter[n];
        int[] slots = new int[n];
        long[] by = new long[n];
        int i = 0;
        for (StepCounter c : counters) {
            if (c.pending == 0) continue;
            moved[i] = c;
            slots[i] = c.slot();
            by[i++] = c.pending;
        }
        backend.advanceStepState(tensor, slots, by);
        backend.bookkeeping(() -> {
            for (int k = 0; k < moved.length; k++) {
                moved[k].flushed += by[k];
                moved[k].pending = 0;
            }
        });
    }

    /**
     * Reads the state back (a synchronization) and checks that every counter's device value is the
     * host's mirror after the last {@link #endStep}; throws {@link IllegalStateException} naming the
     * first that is not (a step whose counters moved on one side only).
     */
    public void check() {
        float[] host = new float[CAPACITY];
        backend.download(tensor, host);
        for (StepCounter c : counters) {
            long device = (long) host[c.slot()] + ((long) host[c.slot() + 1] << 24);
            if (device != c.flushed) {
                throw new IllegalStateException("StepState: counter " + c.name() + " is " + device + " on the device but "
                        + c.flushed + " on the host");
            }
        }
    }

    /** The value of a counter [lo, hi] given as two floats (each a whole number below 2^24); throws when they are not. */
    public static long value(String op, float lo, float hi) {
        if (!(lo >= 0 && lo < LO && hi >= 0 && hi < LO && lo == Math.rint(lo) && hi == Math.rint(hi))) {
            throw new IllegalArgumentException(op + ": counter [" + lo + ", " + hi + "] is not two whole numbers in [0, 2^24)");
        }
        return (long) lo + ((long) hi << 24);
    }

    /** The two floats of a counter value below 2^48. */
    public static float[] encode(long v) {
        return new float[] {(float) (v & (LO - 1)), (float) (v >>> 24)};
    }

    static void checkRange(String name, long v) {
        if (v < 0 || v >= COUNTER_LIMIT) {
            throw new IllegalArgumentException("StepCounter " + name + ": " + v + " is outside [0, 2^48), the exact range of two floats");
        }
    }

    void write(StepCounter c, long v) {
        backend.write(encode(v), c.tensor());
    }

    private int reserve(String name, int floats) {
        if (used + floats > CAPACITY) {
            throw new IllegalStateException("StepState: no room for " + name + " (" + CAPACITY + " floats hold " + used + " already)");
        }
        int slot = used;
        used += floats;
        return slot;
    }
}
