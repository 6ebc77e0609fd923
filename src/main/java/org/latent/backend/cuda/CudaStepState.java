package org.latent.backend.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The step-state ops on the GPU (kernels/stepstate.cu); twin of CpuStepState. Single-thread
 * launches on a few floats; advance_step_state takes its counters as a struct by value, so a
 * captured graph holds them with the launch.
 */
final class CudaStepState {
    static final String FAMILY = "stepstate";
    /** kernels/stepstate.cu's MAX_ADVANCE. */
    static final int MAX_ADVANCE = 64;

    private CudaStepState() {}

    /** struct Advance { int count; int slot[64]; long long by[64]; }: count at 0, slots at 4, by at 264 (8-aligned); 776 bytes. */
    static byte[] advanceStruct(int[] slots, long[] by) {
        ByteBuffer buf = ByteBuffer.allocate(776).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(0, slots.length);
        for (int i = 0; i < slots.length; i++) {
            buf.putInt(4 + 4 * i, slots[i]);
            buf.putLong(264 + 8 * i, by[i]);
        }
        return buf.array();
    }

    static void advance(CudaBackend b, CudaTensor state, int[] slots, long[] by) {
        b.kernels.launchGrid(FAMILY, "advance_step_state", 1, 1, 1, MAX_ADVANCE, 1, 1, 0, state, advanceStruct(slots, by));
    }

    static void lookup(CudaBackend b, CudaTensor table, CudaTensor counter, long offset, CudaTensor dst) {
        b.kernels.launchGrid(FAMILY, "lookup_step_value", 1, 1, 1, 1, 1, 1, 0, table.size(), table, counter, offset, dst);
    }

    static void warmupScale(CudaBackend b, CudaTensor counter, long offset, float value, long steps, float divisor, CudaTensor dst) {
        b.kernels.launchGrid(FAMILY, "warmup_scale", 1, 1, 1, 1, 1, 1, 0, counter, offset, value, steps, divisor, dst);
    }
}
