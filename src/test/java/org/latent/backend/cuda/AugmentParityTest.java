package org.latent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.latent.backend.cuda.GpuTests.CPU;
import static org.latent.backend.cuda.GpuTests.gpu;
import static org.latent.backend.cuda.GpuTests.random;
import static org.latent.backend.cuda.GpuTests.toGpu;

import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.latent.rng.RandomKey;
import org.latent.tensor.Tensor;

/**
 * Image augmentation on the GPU against the CPU, bit for bit: the same Philox words choose the flip
 * and the crop offsets (integer arithmetic), and the output is copies of input values or zeros.
 */
@Tag("gpu")
class AugmentParityTest {
    private static final int[][] SHAPES = {{1, 1, 1, 1}, {3, 1, 2, 3}, {7, 3, 5, 4}, {64, 1, 28, 28}, {33, 3, 32, 32}};
    private static final int[] PADS = {0, 1, 2, 4, 40};
    private static final RandomKey[] KEYS = {new RandomKey(42, 12L << 32, 0), new RandomKey(-3L, 12L << 32, 0xffff_fff0L)};

    @Test
    void flipsAndCropsAreBitIdentical() {
        int seed = 0;
        for (int[] shape : SHAPES) {
            for (int pad : PADS) {
                for (boolean flip : new boolean[] {false, true}) {
                    for (RandomKey key : KEYS) {
                        String what = " shape " + Arrays.toString(shape) + " pad " + pad + " flip " + flip + " " + key;
                        Tensor x = random(++seed, -3, 3, shape), cy = CPU.allocate(shape);
                        Tensor gy = GpuTests.garbage(shape);
                        CPU.augmentImages(x, cy, key, flip, pad);
                        gpu().augmentImages(toGpu(x), gy, key, flip, pad);
                        assertArrayEquals(cy.toArray(), gy.toArray(), "augmented" + what);
                    }
                }
            }
        }
    }

    @Test
    void rowViewsWithOffsets() {
        int rows = 9, from = 2, count = 5;
        int[] shape = {rows, 3, 6, 7};
        RandomKey key = new RandomKey(5, 12L << 32, 7);
        Tensor x = random(1, -2, 2, shape), y = CPU.allocate(shape);
        Tensor gx = toGpu(x), gy = toGpu(y);
        CPU.augmentImages(x.rows(from, count), y.rows(from + 1, count), key, true, 3);
        gpu().augmentImages(gx.rows(from, count), gy.rows(from + 1, count), key, true, 3);
        assertArrayEquals(y.toArray(), gy.toArray(), "a row view written, the other rows untouched");
    }

    @Test
    void sharedArgumentChecksThrow() {
        Tensor x = gpu().allocate(2, 1, 3, 3), other = gpu().allocate(2, 1, 3, 4);
        RandomKey key = new RandomKey(1, 2, 3);
        assertThrows(IllegalArgumentException.class, () -> gpu().augmentImages(x, other, key, true, 1));
        assertThrows(IllegalArgumentException.class, () -> gpu().augmentImages(x, x, key, true, 1));
    }
}
