package org.latent.backend.cpu;

import org.latent.backend.StepState;
import org.latent.tensor.Shapes;

/**
 * The step-state ops and the reads of device values by the other ops: counters are [lo, hi] pairs
 * of whole floats (value lo + hi * 2^24), scalars single floats. Ops read them at their start and
 * pass them to their unchanged loops, so the arithmetic is the host-argument versions'.
 */
final class CpuStepState {
    private CpuStepState() {}

    /** The counter's value plus offset; throws when the floats are not a counter. */
    static long counter(String op, CpuTensor c, long offset) {
        return StepState.value(op, c.data[c.offset], c.data[c.offset + 1]) + offset;
    }

    static float scalar(CpuTensor t) {
        return t.data[t.offset];
    }

    static void advance(CpuTensor state, int[] slots, long[] by) {
        for (int i = 0; i < slots.length; i++) {
            int at = state.offset + slots[i];
            long v = StepState.value("advanceStepState", state.data[at], state.data[at + 1]) + by[i];
            Shapes.require(v < StepState.COUNTER_LIMIT, "advanceStepState: counter at slot " + slots[i] + " would reach " + v
                    + ", beyond 2^48");
            float[] e = StepState.encode(v);
            state.data[at] = e[0];
            state.data[at + 1] = e[1];
        }
    }

    static void lookup(CpuTensor table, CpuTensor counter, long offset, CpuTensor dst) {
        long i = counter("lookupStepValue", counter, offset);
        Shapes.require(i < table.size(), "lookupStepValue: index " + i + " outside the table of " + table.size() + " values");
        dst.data[dst.offset] = table.data[table.offset + (int) i];
    }

    static void warmupScale(CpuTensor counter, long offset, float value, long steps, float divisor, CpuTensor dst) {
        long k = counter("warmupScale", counter, offset) + 1;
        float w = k >= steps ? value : (float) (value * ((double) k / steps));
        dst.data[dst.offset] = w / divisor;
    }
}
