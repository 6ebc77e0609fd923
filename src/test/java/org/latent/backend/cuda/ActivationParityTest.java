package org.latent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.latent.backend.cuda.GpuTests.CPU;
import static org.latent.backend.cuda.GpuTests.assertParity;
import static org.latent.backend.cuda.GpuTests.garbage;
import static org.latent.backend.cuda.GpuTests.gpu;
import static org.latent.backend.cuda.GpuTests.random;
import static org.latent.backend.cuda.GpuTests.toGpu;

import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.latent.backend.cuda.GpuTests.Embedded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latent.backend.Activation;
import org.latent.tensor.Shapes;
import org.latent.tensor.Tensor;

@Tag("gpu")
class ActivationParityTest {
    /** Leaky ReLU slope and ELU scale; not 1, so a dropped alpha would show. */
    private static final float ALPHA = 0.3f;
    /** Elementwise outputs vs per-channel sums (DESIGN.md tolerances). */
    private static final double ELEMENTWISE = 1e-5, REDUCTION = 1e-4;

    /** [N, C] and [N, C, ...]: batch 1, sizes not multiples of 32, and one of 113k elements (many blocks). */
    private static final int[][] SHAPES = {{1, 7}, {5, 3, 9}, {2, 3, 5, 7}, {256, 10}, {3, 33, 37, 31}};

    /** What the CPU computed for one case; the GPU gets the same inputs, including the CPU's y. */
    private record Reference(Tensor x, Tensor bias, Tensor slope, Tensor y, Tensor dy, Tensor dx, Tensor dbias,
                             Tensor dslope) {}

    @ParameterizedTest
    @EnumSource(Activation.class)
    void forwardAndBackwardMatchCpu(Activation act) {
        for (int k = 0; k < SHAPES.length; k++) {
            for (boolean withBias : new boolean[] {false, true}) {
                int[] shape = SHAPES[k];
                String what = act + " " + Shapes.str(shape) + (withBias ? " with bias" : " without bias");
                Reference r = reference(act, shape, withBias, 3, 100L * k + (withBias ? 1 : 0));

                Tensor gx = toGpu(r.x), gbias = gpuOrNull(r.bias), gslope = gpuOrNull(r.slope);
                Tensor gy = garbage(shape);
                gpu().biasActivationForward(gx, gbias, act, ALPHA, gslope, gy);
                assertParity(what + " y", r.y, gy, ELEMENTWISE);

                Tensor gdx = garbage(shape), gdbias = withBias ? garbage(shape[1]) : null;
                Tensor gdslope = r.slope != null ? garbage(shape[1]) : null;
                gpu().biasActivationBackward(gx, gbias, act, ALPHA, gslope, toGpu(r.y), toGpu(r.dy), gdx, gdbias,
                        gdslope);
                assertParity(what + " dx", r.dx, gdx, ELEMENTWISE);
                if (withBias) assertParity(what + " dbias", r.dbias, gdbias, REDUCTION);
                if (gdslope != null) assertParity(what + " dslope", r.dslope, gdslope, REDUCTION);
            }
        }
    }

    /** y = x in the forward; dx = dy in the backward, where dslope must still see the original dy. */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void inPlaceMatchesCpu(Activation act) {
        int[] shape = {4, 6, 35};
        Reference r = reference(act, shape, true, 3, 7);
        Tensor gbias = toGpu(r.bias), gslope = gpuOrNull(r.slope);

        Tensor inPlace = toGpu(r.x);
        gpu().biasActivationForward(inPlace, gbias, act, ALPHA, gslope, inPlace);
        assertParity(act + " forward with y = x", r.y, inPlace, ELEMENTWISE);

        Tensor g = toGpu(r.dy), gdbias = garbage(6), gdslope = r.slope != null ? garbage(6) : null;
        gpu().biasActivationBackward(toGpu(r.x), gbias, act, ALPHA, gslope, toGpu(r.y), g, g, gdbias, gdslope);
        assertParity(act + " backward with dx = dy", r.dx, g, ELEMENTWISE);
        assertParity(act + " dbias with dx = dy", r.dbias, gdbias, REDUCTION);
        if (gdslope != null) assertParity(act + " dslope with dx = dy", r.dslope, gdslope, REDUCTION);
    }

    /** Every tensor a view at an offset inside a larger buffer; the elements around the outputs stay untouched. */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void viewsWithOffsetsMatchCpu(Activation act) {
        int[] shape = {3, 5, 7};
        Reference r = reference(act, shape, true, 3, 11);
        Embedded x = Embedded.of(r.x), bias = Embedded.of(r.bias), y = Embedded.garbage(shape);
        Embedded slope = r.slope != null ? Embedded.of(r.slope) : null;
        gpu().biasActivationForward(x.view(), bias.view(), act, ALPHA, slope == null ? null : slope.view(), y.view());
        assertParity(act + " y (views)", r.y, y.view(), ELEMENTWISE);
        y.assertPaddingKept(act + " y");

        Embedded dx = Embedded.garbage(shape), dbias = Embedded.garbage(5);
        Embedded dslope = slope != null ? Embedded.garbage(5) : null;
        gpu().biasActivationBackward(x.view(), bias.view(), act, ALPHA, slope == null ? null : slope.view(),
                Embedded.of(r.y).view(), Embedded.of(r.dy).view(), dx.view(), dbias.view(),
                dslope == null ? null : dslope.view());
        assertParity(act + " dx (views)", r.dx, dx.view(), ELEMENTWISE);
        assertParity(act + " dbias (views)", r.dbias, dbias.view(), REDUCTION);
        dx.assertPaddingKept(act + " dx");
        dbias.assertPaddingKept(act + " dbias");
        if (dslope != null) {
            assertParity(act + " dslope (views)", r.dslope, dslope.view(), REDUCTION);
            dslope.assertPaddingKept(act + " dslope");
        }
    }

    /** PReLU backward without dslope and dbias: dx alone, as for a frozen slope and no bias. */
    @Test
    void preluWithoutParameterGradients() {
        int[] shape = {9, 4, 11};
        Reference r = reference(Activation.PRELU, shape, true, 3, 13);
        Tensor gdx = garbage(shape);
        gpu().biasActivationBackward(toGpu(r.x), toGpu(r.bias), Activation.PRELU, ALPHA, toGpu(r.slope), toGpu(r.y),
                toGpu(r.dy), gdx, null, null);
        assertParity("PRELU dx without dbias, dslope", r.dx, gdx, ELEMENTWISE);
    }

    @Test
    void softmaxWithLargeLogitsMatchesCpu() {
        for (int[] shape : new int[][] {{7, 10}, {4, 5, 6, 6}, {1, 33, 1000}}) {
            Reference r = reference(Activation.SOFTMAX, shape, true, 1000, 17);
            Tensor gy = garbage(shape), gdx = garbage(shape), gdbias = garbage(shape[1]);
            gpu().biasActivationForward(toGpu(r.x), toGpu(r.bias), Activation.SOFTMAX, 0f, null, gy);
            assertParity("softmax y " + Shapes.str(shape), r.y, gy, ELEMENTWISE);
            gpu().biasActivationBackward(toGpu(r.x), toGpu(r.bias), Activation.SOFTMAX, 0f, null, toGpu(r.y),
                    toGpu(r.dy), gdx, gdbias, null);
            assertParity("softmax dx " + Shapes.str(shape), r.dx, gdx, ELEMENTWISE);
            assertParity("softmax dbias " + Shapes.str(shape), r.dbias, gdbias, REDUCTION);
        }
    }

    @Test
    void parameterGradientsRepeatBitForBit() {
        int[] shape = {3, 33, 37, 31};
        Reference r = reference(Activation.PRELU, shape, true, 3, 19);
        float[][] first = null;
        for (int run = 0; run < 2; run++) {
            Tensor gdx = garbage(shape), gdbias = garbage(33), gdslope = garbage(33);
            gpu().biasActivationBackward(toGpu(r.x), toGpu(r.bias), Activation.PRELU, ALPHA, toGpu(r.slope), toGpu(r.y),
                    toGpu(r.dy), gdx, gdbias, gdslope);
            float[][] now = {gdbias.toArray(), gdslope.toArray()};
            if (first == null) {
                first = now;
            } else {
                assertArrayEquals(first[0], now[0], "dbias must be deterministic");
                assertArrayEquals(first[1], now[1], "dslope must be deterministic");
            }
        }
    }

    @Test
    void wrongShapeThrows() {
        Tensor x = gpu().allocate(2, 3, 4);
        assertThrows(IllegalArgumentException.class,
                () -> gpu().biasActivationForward(x, null, Activation.RELU, 0f, null, gpu().allocate(2, 12)));
        assertThrows(IllegalArgumentException.class,
                () -> gpu().biasActivationBackward(x, null, Activation.RELU, 0f, null, x, x, x, gpu().allocate(4),
                        null));
    }

    /**
     * Runs the CPU forward and backward on fresh inputs: x uniform in [-range, range), and without
     * a bias every 11th element exactly on a kink (0, 1 or -1), so the GPU must follow the CPU's
     * conventions there; bias in [-0.5, 0.5), PReLU slope in [0.05, 0.6), dy in [-1, 1).
     */
    private static Reference reference(Activation act, int[] shape, boolean withBias, double range, long seed) {
        int c = shape[1];
        float[] xs = random(seed, -range, range, shape).toArray();
        if (!withBias) {
            float[] kinks = {0f, 1f, -1f};
            for (int i = 0; i < xs.length; i += 11) xs[i] = kinks[(i / 11) % 3];
        }
        Tensor x = CPU.upload(xs, shape);
        Tensor bias = withBias ? random(seed + 1, -0.5, 0.5, c) : null;
        Tensor slope = act == Activation.PRELU ? random(seed + 2, 0.05, 0.6, c) : null;
        Tensor y = CPU.allocate(shape), dy = random(seed + 3, -1, 1, shape), dx = CPU.allocate(shape);
        Tensor dbias = withBias ? CPU.allocate(c) : null, dslope = slope != null ? CPU.allocate(c) : null;
        CPU.biasActivationForward(x, bias, act, ALPHA, slope, y);
        CPU.biasActivationBackward(x, bias, act, ALPHA, slope, y, dy, dx, dbias, dslope);
        return new Reference(x, bias, slope, y, dy, dx, dbias, dslope);
    }

    private static Tensor gpuOrNull(Tensor cpu) {
        return cpu == null ? null : toGpu(cpu);
    }
}
