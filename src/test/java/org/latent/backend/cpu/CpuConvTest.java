package org.latent.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.latent.backend.ConvGeometry;
import org.latent.backend.ConvGeometry.Padding;
import org.latent.testing.GradCheck;

/**
 * The tiled, multithreaded convolution paths against the plain reference loops (which ConvTest
 * checks against finite differences). Lives in the cpu package to reach the package-private
 * reference methods.
 */
class CpuConvTest {
    private final CpuBackend backend = new CpuBackend();

    /**
     * Geometries chosen to reach every path: tiles of several whole examples (small images), tiles
     * of a few rows of one example (40x40), stride 2 with TensorFlow's asymmetric SAME padding,
     * padding wider than the stride, a one-pixel-wide output, 1x1 kernels, batch 1; stride 1 with
     * fewer output than input channels (backward-data as a flipped forward), also VALID and with
     * unread bottom rows; fewer than 16 output channels (filter gradient by dot products) and more
     * (by a multiply along the output channels), each with tiles of whole examples and of rows;
     * stride 1 with outputs as wide as the inputs (contiguous unfold), also several examples per tile.
     */
    private static final List<ConvGeometry> GEOMETRIES = List.of(
            ConvGeometry.of(13, 3, 5, 6, 5, 3, 3, 1, Padding.VALID),
            ConvGeometry.of(3, 2, 40, 40, 3, 3, 3, 1, Padding.SAME),
            ConvGeometry.of(5, 3, 9, 7, 6, 3, 3, 2, Padding.SAME),
            ConvGeometry.of(4, 5, 14, 14, 7, 4, 4, 2, Padding.SAME),
            ConvGeometry.of(2, 3, 11, 10, 2, 5, 5, 1, Padding.SAME),
            new ConvGeometry(3, 2, 7, 9, 3, 3, 2, 2, 3, 2, 1, 4, 3),
            ConvGeometry.of(2, 4, 6, 1, 3, 3, 1, 1, Padding.SAME),
            ConvGeometry.of(3, 7, 5, 5, 9, 1, 1, 1, Padding.VALID),
            ConvGeometry.of(1, 3, 8, 5, 1, 7, 7, 1, Padding.SAME),
            new ConvGeometry(3, 6, 9, 8, 4, 3, 2, 1, 1, 0, 0, 7, 7),
            new ConvGeometry(2, 5, 9, 8, 3, 3, 3, 1, 1, 1, 0, 6, 5),
            ConvGeometry.of(3, 3, 9, 8, 17, 3, 3, 2, Padding.SAME),
            ConvGeometry.of(2, 2, 30, 30, 18, 3, 3, 1, Padding.SAME),
            ConvGeometry.of(2, 1, 12, 13, 20, 5, 4, 1, Padding.VALID),
            ConvGeometry.of(9, 3, 5, 4, 5, 3, 3, 1, Padding.SAME),
            // For the batched GEMM paths (16 or more output channels): several chunks of examples
            // (the filter gradient accumulates over chunks), a stride-2 transposed-conv shape, and
            // backward-data as a flipped forward with 16 or more input channels.
            ConvGeometry.of(45, 3, 10, 10, 16, 3, 3, 1, Padding.SAME),
            ConvGeometry.of(5, 16, 14, 14, 16, 4, 4, 2, Padding.SAME),
            ConvGeometry.of(3, 20, 9, 9, 3, 3, 3, 1, Padding.SAME),
            ConvGeometry.of(7, 8, 9, 9, 20, 3, 3, 1, Padding.SAME),
            // One output channel, stride 1 (CpuConvOneOutput with the Vector API): E6's last layer in
            // small, rows wider than one 32-column block, valid, and explicit padding with unread
            // bottom rows and right columns.
            ConvGeometry.of(3, 5, 12, 12, 1, 7, 7, 1, Padding.SAME),
            ConvGeometry.of(2, 2, 6, 45, 1, 3, 3, 1, Padding.SAME),
            ConvGeometry.of(4, 3, 9, 40, 1, 4, 2, 1, Padding.VALID),
            new ConvGeometry(2, 3, 9, 10, 1, 3, 3, 1, 1, 2, 1, 7, 6));

    private CpuTensor random(long seed, int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return (CpuTensor) backend.upload(GradCheck.random(seed, n, -1, 1), shape);
    }

    /** A tensor that is a view at a nonzero offset into a larger buffer of garbage. */
    private CpuTensor view(CpuTensor t) {
        int[] shape = t.shape();
        shape[0] += 2;
        CpuTensor big = (CpuTensor) backend.upload(GradCheck.random(99, t.size() + 2 * t.cols(), 5, 9), shape);
        CpuTensor v = (CpuTensor) big.rows(1, t.rows());
        backend.copy(t, v);
        return v;
    }

    private static void assertMatches(String what, ConvGeometry g, float[] fast, float[] reference) {
        double err = GradCheck.relativeError(fast, reference);
        assertTrue(err <= 1e-5, what + " " + g + " (Vector API paths: " + CpuConv.viaGemm + "): relative error " + err
                + " against the reference");
    }

    /** Both kinds of fast path: with the Vector API (batched im2col GEMMs, CpuConvOneOutput) and the tiled loops. */
    @Test
    void fastPathsMatchTheReference() {
        boolean saved = CpuConv.viaGemm;
        try {
            for (boolean viaGemm : CpuGemm.VECTOR ? new boolean[] {true, false} : new boolean[] {false}) {
                CpuConv.viaGemm = viaGemm;
                fastPathMatchesTheReference();
            }
        } finally {
            CpuConv.viaGemm = saved;
        }
    }

    private void fastPathMatchesTheReference() {
        long seed = 1;
        for (ConvGeometry g : GEOMETRIES) {
            CpuTensor x = view(random(seed++, g.inputShape())), w = random(seed++, g.weightShape());
            CpuTensor dy = view(random(seed++, g.outputShape()));

            CpuTensor y = (CpuTensor) backend.allocate(g.outputShape()), yRef = (CpuTensor) backend.allocate(g.outputShape());
            CpuConv.forward(x, w, y, g);
            CpuConv.referenceForward(x, w, yRef, g);
            assertMatches("forward", g, y.toArray(), yRef.toArray());

            CpuTensor dx = view(random(seed++, g.inputShape())), dxRef = (CpuTensor) backend.allocate(g.inputShape());
            CpuConv.backwardData(dy, w, dx, g);
            CpuConv.referenceBackwardData(dy, w, dxRef, g);
            assertMatches("backwardData", g, dx.toArray(), dxRef.toArray());

            CpuTensor dw = random(seed++, g.weightShape()), dwRef = (CpuTensor) backend.allocate(g.weightShape());
            CpuConv.backwardFilter(x, dy, dw, g);
            CpuConv.referenceBackwardFilter(x, dy, dwRef, g);
            assertMatches("backwardFilter", g, dw.toArray(), dwRef.toArray());
        }
    }

    /** Reused scratch buffers must not leak one call's values into the next, whatever ran in between. */
    @Test
    void repeatedCallsGiveIdenticalBits() {
        ConvGeometry g = GEOMETRIES.get(3), other = GEOMETRIES.get(1);
        CpuTensor x = random(11, g.inputShape()), w = random(12, g.weightShape()), dy = random(13, g.outputShape());
        float[][] first = runAll(g, x, w, dy);
        runAll(other, random(14, other.inputShape()), random(15, other.weightShape()), random(16, other.outputShape()));
        float[][] second = runAll(g, x, w, dy);
        for (int i = 0; i < first.length; i++) assertArrayEquals(first[i], second[i]);
    }

    private float[][] runAll(ConvGeometry g, CpuTensor x, CpuTensor w, CpuTensor dy) {
        CpuTensor y = (CpuTensor) backend.allocate(g.outputShape()), dx = (CpuTensor) backend.allocate(g.inputShape());
        CpuTensor dw = (CpuTensor) backend.allocate(g.weightShape());
        CpuConv.forward(x, w, y, g);
        CpuConv.backwardData(dy, w, dx, g);
        CpuConv.backwardFilter(x, dy, dw, g);
        return new float[][] {y.toArray(), dx.toArray(), dw.toArray()};
    }
}
