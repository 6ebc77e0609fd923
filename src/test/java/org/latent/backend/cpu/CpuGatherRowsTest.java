package org.latent.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.latent.tensor.Tensor;

/**
 * gatherRows copies the indexed rows (a batch large enough to split over threads), and a bad index
 * (not an integer, negative, past the last row) is refused with its position before any row is
 * written.
 */
class CpuGatherRowsTest {
    private final CpuBackend b = new CpuBackend();

    @Test
    void copiesTheIndexedRows() {
        int rows = 600, cols = 784, batch = 512, offset = 7;
        float[] src = new float[rows * cols], idx = new float[offset + batch];
        for (int i = 0; i < src.length; i++) src[i] = i;
        for (int i = 0; i < idx.length; i++) idx[i] = (i * 37) % rows;
        Tensor dst = b.allocate(batch, cols);
        b.gatherRows(b.upload(src, rows, cols), b.upload(idx, idx.length), offset, dst);
        float[] want = new float[batch * cols];
        for (int i = 0; i < batch; i++) System.arraycopy(src, (int) idx[offset + i] * cols, want, i * cols, cols);
        assertArrayEquals(want, dst.toArray());
    }

    @Test
    void refusesABadIndexBeforeWritingAnyRow() {
        int rows = 600, cols = 784, batch = 512;
        Tensor src = b.upload(new float[rows * cols], rows, cols);
        for (float bad : new float[] {2.5f, -1f, rows}) {
            float[] idx = new float[batch];
            for (int i = 0; i < batch; i++) idx[i] = i;
            idx[batch - 3] = bad;
            float[] garbage = new float[batch * cols];
            Arrays.fill(garbage, 42f);
            Tensor dst = b.upload(garbage, batch, cols);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> b.gatherRows(src, b.upload(idx, batch), 0, dst));
            assertTrue(e.getMessage().contains("position " + (batch - 3)), e.getMessage());
            assertArrayEquals(garbage, dst.toArray(), "dst untouched");
        }
    }
}
