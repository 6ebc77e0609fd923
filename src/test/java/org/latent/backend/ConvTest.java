package org.latent.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.latent.backend.ConvGeometry.Padding;
import org.latent.backend.cpu.CpuBackend;
import org.latent.tensor.Tensor;
import org.latent.testing.GradCheck;

/**
 * Conv2d through the backend: backward-data and backward-filter against finite differences of the
 * forward, the adjoint identities that make ConvTranspose2d out of the same three ops, values by
 * hand, and shape errors.
 */
class ConvTest {
    private final Backend backend = new CpuBackend();

    /**
     * Stride 1 and 2; VALID, SAME (symmetric), SAME with TensorFlow's extra bottom/right pixel,
     * explicit PyTorch padding; non-square images and kernels; channel counts that are not
     * multiples of 8; batch 1.
     */
    private static final List<ConvGeometry> GEOMETRIES = List.of(
            ConvGeometry.of(2, 3, 7, 6, 5, 3, 3, 1, Padding.VALID),
            ConvGeometry.of(1, 2, 6, 7, 3, 3, 3, 1, Padding.SAME),
            ConvGeometry.of(2, 3, 8, 8, 2, 3, 3, 2, Padding.SAME),
            ConvGeometry.of(3, 2, 6, 6, 3, 4, 4, 2, Padding.SAME),
            ConvGeometry.explicit(2, 3, 5, 7, 4, 3, 3, 2, 1),
            new ConvGeometry(1, 5, 7, 5, 3, 2, 3, 1, 2, 1, 2, 6, 3),
            ConvGeometry.of(2, 7, 5, 4, 1, 5, 5, 1, Padding.SAME));

    private Tensor random(long seed, int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return backend.upload(GradCheck.random(seed, n, -1, 1), shape);
    }

    /** A copy of t that is a view one row into a larger tensor, so that its offset is nonzero. */
    private Tensor offsetView(Tensor t) {
        int[] shape = t.shape();
        shape[0] += 1;
        Tensor big = backend.allocate(shape);
        Tensor view = big.rows(1, t.rows());
        backend.copy(t, view);
        return view;
    }

    private static double dot(Tensor a, Tensor b) {
        return GradCheck.dot(a, b.toArray());
    }

    // The forward is linear in x and in w, so central differences have no truncation error; what
    // is left is float rounding of the objective (about 1e-7 relative) divided by 2h = 2e-2,
    // observed about 1e-5 relative. 1e-3 leaves margin and still catches any wrong index.
    private static final double H = 1e-2, TOLERANCE = 1e-3;

    @Test
    void backwardOpsAreTheGradientsOfTheForward() {
        long seed = 100;
        for (ConvGeometry g : GEOMETRIES) {
            Tensor x = offsetView(random(seed++, g.inputShape())), w = random(seed++, g.weightShape());
            Tensor y = backend.allocate(g.outputShape());
            float[] r = GradCheck.random(seed++, y.size(), -1, 1);
            Tensor dy = backend.upload(r, g.outputShape());
            DoubleSupplier objective = () -> {
                backend.conv2dForward(x, w, y, g);
                return GradCheck.dot(y, r);
            };

            Tensor dx = backend.allocate(g.inputShape()), dw = backend.allocate(g.weightShape());
            backend.conv2dBackwardData(dy, w, dx, g);
            backend.conv2dBackwardFilter(x, dy, dw, g);
            GradCheck.assertClose("dx " + g, GradCheck.numeric(x, objective, H), dx.toArray(), TOLERANCE);
            GradCheck.assertClose("dw " + g, GradCheck.numeric(w, objective, H), dw.toArray(), TOLERANCE);
        }
    }

    /** <conv(x), y> = <x, conv2dBackwardData(y)> and <conv(x, w), dy> = <w, conv2dBackwardFilter(x, dy)>. */
    @Test
    void backwardOpsAreAdjointsOfTheForward() {
        List<ConvGeometry> geometries = List.of(
                ConvGeometry.of(3, 4, 9, 9, 5, 3, 3, 2, Padding.SAME),          // pad 1 both sides
                ConvGeometry.of(3, 4, 28, 28, 6, 3, 3, 2, Padding.SAME),        // pad 0 top, 1 bottom (E6 discriminator)
                ConvGeometry.of(2, 6, 14, 14, 5, 4, 4, 2, Padding.SAME),        // the 4x4 stride-2 transposed conv 7 -> 14
                ConvGeometry.of(2, 3, 10, 7, 4, 5, 3, 3, Padding.SAME),
                ConvGeometry.of(2, 9, 12, 11, 1, 7, 7, 1, Padding.SAME),
                ConvGeometry.of(2, 3, 13, 13, 4, 3, 3, 1, Padding.VALID));
        long seed = 200;
        for (ConvGeometry g : geometries) {
            Tensor x = random(seed++, g.inputShape()), w = random(seed++, g.weightShape());
            Tensor u = random(seed++, g.outputShape());
            Tensor y = backend.allocate(g.outputShape()), v = backend.allocate(g.inputShape());
            Tensor dw = backend.allocate(g.weightShape());
            backend.conv2dForward(x, w, y, g);
            backend.conv2dBackwardData(u, w, v, g);
            backend.conv2dBackwardFilter(x, u, dw, g);
            double yu = dot(y, u);
            assertRelativelyEqual(yu, dot(x, v), "backwardData adjoint " + g);
            assertRelativelyEqual(yu, dot(w, dw), "backwardFilter adjoint " + g);
        }
    }

    private static void assertRelativelyEqual(double expected, double actual, String what) {
        assertTrue(Math.abs(expected) > 1e-3, what + ": degenerate test, <y, u> = " + expected);
        assertEquals(expected, actual, 1e-5 * Math.abs(expected), what);
    }

    /**
     * ConvTranspose2d from the [n, cOut, outH, outW] side to the [n, cIn, h, w] side: forward =
     * conv2dBackwardData; its input gradient = conv2dForward; its weight gradient =
     * conv2dBackwardFilter with the roles of x and dy swapped. Checked by finite differences.
     */
    @Test
    void transposedConvolutionGradients() {
        for (ConvGeometry g : List.of(ConvGeometry.of(2, 3, 10, 10, 5, 4, 4, 2, Padding.SAME),
                ConvGeometry.of(1, 2, 9, 7, 3, 3, 3, 2, Padding.SAME))) {
            Tensor u = offsetView(random(300, g.outputShape())), w = random(301, g.weightShape());
            Tensor v = backend.allocate(g.inputShape());
            float[] r = GradCheck.random(302, v.size(), -1, 1);
            Tensor dv = backend.upload(r, g.inputShape());
            DoubleSupplier objective = () -> {
                backend.conv2dBackwardData(u, w, v, g);
                return GradCheck.dot(v, r);
            };
            Tensor du = backend.allocate(g.outputShape()), dw = backend.allocate(g.weightShape());
            backend.conv2dForward(dv, w, du, g);
            backend.conv2dBackwardFilter(dv, u, dw, g);
            GradCheck.assertClose("transposed du " + g, GradCheck.numeric(u, objective, H), du.toArray(), TOLERANCE);
            GradCheck.assertClose("transposed dw " + g, GradCheck.numeric(w, objective, H), dw.toArray(), TOLERANCE);
        }
    }

    /** TensorFlow's SAME with stride 2 on an even size pads only at the bottom/right: out[0] reads rows 0..2. */
    @Test
    void asymmetricSamePaddingByHand() {
        ConvGeometry g = ConvGeometry.of(1, 1, 4, 4, 1, 3, 3, 2, Padding.SAME);
        assertEquals(0, g.padTop());
        float[] image = new float[16];
        for (int i = 0; i < 16; i++) image[i] = i;
        Tensor x = backend.upload(image, 1, 1, 4, 4), w = backend.upload(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, 1, 1, 3, 3);
        Tensor y = backend.allocate(1, 1, 2, 2);
        backend.conv2dForward(x, w, y, g);
        // windows: rows 0-2 x cols 0-2, rows 0-2 x cols 2-3 (+ zero column), rows 2-3 x ..., rows 2-3 x cols 2-3
        float[] expected = {0 + 1 + 2 + 4 + 5 + 6 + 8 + 9 + 10, 2 + 3 + 6 + 7 + 10 + 11, 8 + 9 + 10 + 12 + 13 + 14, 10 + 11 + 14 + 15};
        assertArrayEquals(expected, y.toArray());
    }

    @Test
    void wrongShapesAreRejectedNamingTheOp() {
        ConvGeometry g = GEOMETRIES.get(0);
        Tensor x = backend.allocate(g.inputShape()), w = backend.allocate(g.weightShape()), y = backend.allocate(g.outputShape());
        Tensor badW = backend.allocate(g.cOut(), g.cIn() + 1, g.kh(), g.kw());
        Tensor badY = backend.allocate(g.n(), g.cOut(), g.outH() + 1, g.outW());
        assertMessage("conv2dForward", () -> backend.conv2dForward(x, badW, y, g));
        assertMessage("conv2dForward", () -> backend.conv2dForward(x, w, badY, g));
        assertMessage("conv2dBackwardData", () -> backend.conv2dBackwardData(y, badW, x, g));
        assertMessage("conv2dBackwardData", () -> backend.conv2dBackwardData(badY, w, x, g));
        assertMessage("conv2dBackwardFilter", () -> backend.conv2dBackwardFilter(x, y, badW, g));
        assertMessage("conv2dBackwardFilter", () -> backend.conv2dBackwardFilter(y, y, w, g));
    }

    private static void assertMessage(String op, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(op), "message should name " + op + ": " + e.getMessage());
    }
}
