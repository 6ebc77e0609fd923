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
 * Dropout on the GPU against the CPU, bit for bit: the mask comes from the same Philox uniforms
 * compared with rate, the scale 1f / (1f - rate) is computed on the host, and y = x * mask and
 * dx = dy * mask are single correctly rounded products.
 */
@Tag("gpu")
class DropoutParityTest {
    private static final int[][] SHAPES = {{1}, {3}, {1, 7}, {13, 77}, {100_003}, {64, 1, 28, 28}};
    private static final float[] RATES = {0f, 0.3f, 0.5f, 0.9f};
    private static final RandomKey[] KEYS = {new RandomKey(77, 12, 5), new RandomKey(-3L, 1L << 40, 0xffff_ffffL)};

    @Test
    void forwardMaskOutputAndBackwardAreBitIdentical() {
        int seed = 0;
        for (int[] shape : SHAPES) {
            for (float rate : RATES) {
                for (RandomKey key : KEYS) {
                    String what = " shape " + Arrays.toString(shape) + " rate " + rate + " " + key;
                    Tensor x = random(++seed, -3, 3, shape), dy = random(++seed, -1, 1, shape);
                    Tensor cm = CPU.allocate(shape), cy = CPU.allocate(shape), cdx = CPU.allocate(shape);
                    Tensor gx = toGpu(x), gdy = toGpu(dy);
                    Tensor gm = gpu().allocate(shape), gy = gpu().allocate(shape), gdx = gpu().allocate(shape);
                    CPU.dropoutForward(x, rate, key, cm, cy);
                    gpu().dropoutForward(gx, rate, key, gm, gy);
                    assertArrayEquals(cm.toArray(), gm.toArray(), "mask" + what);
                    assertArrayEquals(cy.toArray(), gy.toArray(), "y" + what);
                    CPU.dropoutBackward(dy, cm, cdx);
                    gpu().dropoutBackward(gdy, gm, gdx);
                    assertArrayEquals(cdx.toArray(), gdx.toArray(), "dx" + what);
                }
            }
        }
    }

    @Test
    void inPlaceOnViewsWithOffsets() {
        int rows = 11, cols = 37, from = 3, count = 5;
        float rate = 0.4f;
        RandomKey key = new RandomKey(5, 6, 7);
        Tensor x = random(1, -2, 2, rows, cols), dy = random(2, -1, 1, rows, cols);
        Tensor mask = CPU.allocate(rows, cols);
        Tensor gx = toGpu(x), gdy = toGpu(dy), gmask = gpu().allocate(rows, cols);
        Tensor xv = x.rows(from, count), gxv = gx.rows(from, count);
        CPU.dropoutForward(xv, rate, key, mask.rows(from, count), xv);
        gpu().dropoutForward(gxv, rate, key, gmask.rows(from, count), gxv);
        assertArrayEquals(mask.toArray(), gmask.toArray(), "mask of a row view");
        assertArrayEquals(x.toArray(), gx.toArray(), "in-place y over a row view, other rows untouched");
        Tensor dyv = dy.rows(from, count), gdyv = gdy.rows(from, count);
        CPU.dropoutBackward(dyv, mask.rows(from, count), dyv);
        gpu().dropoutBackward(gdyv, gmask.rows(from, count), gdyv);
        assertArrayEquals(dy.toArray(), gdy.toArray(), "in-place dx over a row view, other rows untouched");
    }

    @Test
    void sharedArgumentChecksThrow() {
        Tensor x = gpu().allocate(4, 5), mask = gpu().allocate(5, 4), y = gpu().allocate(4, 5);
        RandomKey key = new RandomKey(1, 2, 3);
        assertThrows(IllegalArgumentException.class, () -> gpu().dropoutForward(x, 0.5f, key, mask, y));
        assertThrows(IllegalArgumentException.class, () -> gpu().dropoutForward(x, 1f, key, y, y));
    }
}
