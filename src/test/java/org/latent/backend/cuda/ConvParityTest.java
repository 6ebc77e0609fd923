package org.latent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.latent.backend.cuda.GpuTests.CPU;
import static org.latent.backend.cuda.GpuTests.assertParity;
import static org.latent.backend.cuda.GpuTests.gpu;
import static org.latent.backend.cuda.GpuTests.random;
import static org.latent.backend.cuda.GpuTests.toGpu;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.latent.backend.ConvGeometry;
import org.latent.backend.ConvGeometry.Padding;
import org.latent.backend.cuda.CudaBackend.ConvPath;
import org.latent.tensor.Tensor;

/**
 * conv2dForward, conv2dBackwardData (also ConvTranspose2d's forward) and conv2dBackwardFilter on
 * cuDNN and on each version of our kernels against the CPU, at the shapes of the real models
 * (smaller batches and, for the 14 -> 28 transposed layer, fewer channels, to keep the CPU quick)
 * and at awkward ones.
 */
@Tag("gpu")
class ConvParityTest {
    private static final double TOL = 1e-4;

    private record Case(String name, ConvGeometry g) {}

    private static final List<Case> CASES = List.of(
            new Case("E5 conv1 1->64 3x3 valid 28x28", ConvGeometry.of(3, 1, 28, 28, 64, 3, 3, 1, Padding.VALID)),
            new Case("E5 conv2 64->64 3x3 valid 13x13", ConvGeometry.of(3, 64, 13, 13, 64, 3, 3, 1, Padding.VALID)),
            new Case("E6 D conv1 1->64 3x3 s2 same 28->14 (pad 0/1)", ConvGeometry.of(4, 1, 28, 28, 64, 3, 3, 2, Padding.SAME)),
            new Case("E6 D conv2 64->64 3x3 s2 same 14->7 (pad 0/1)", ConvGeometry.of(4, 64, 14, 14, 64, 3, 3, 2, Padding.SAME)),
            new Case("E6 G convT 128->128 4x4 s2 same 7->14", ConvGeometry.of(2, 128, 14, 14, 128, 4, 4, 2, Padding.SAME)),
            new Case("E6 G convT 32->32 4x4 s2 same 14->28", ConvGeometry.of(2, 32, 28, 28, 32, 4, 4, 2, Padding.SAME)),
            new Case("E6 G conv 128->1 7x7 same 28x28", ConvGeometry.of(2, 128, 28, 28, 1, 7, 7, 1, Padding.SAME)),
            new Case("batch 1, 3->5, 3x5 kernel, stride 3x2, pad 1,2", new ConvGeometry(1, 3, 17, 23, 5, 3, 5, 3, 2, 1, 2, 6, 12)),
            new Case("output shorter than the input allows (own kernels on both paths)",
                    new ConvGeometry(2, 3, 17, 23, 13, 3, 5, 3, 2, 1, 2, 5, 11)),
            new Case("7->9 3x3 stride 3 same 20->7 (pad 0/1)", ConvGeometry.of(2, 7, 20, 20, 9, 3, 3, 3, Padding.SAME)),
            new Case("batch 1, 7->9 3x3 stride 3 valid 20->6", ConvGeometry.of(1, 7, 20, 20, 9, 3, 3, 3, Padding.VALID)),
            new Case("13->11 5x5 same 31x29, many blocks", ConvGeometry.of(5, 13, 31, 29, 11, 5, 5, 1, Padding.SAME)));

    /** CPU inputs and results of one geometry, computed once for all paths. */
    private record Reference(Tensor x, Tensor w, Tensor dy, Tensor y, Tensor dx, Tensor dw) {}

    private static final Map<ConvGeometry, Reference> REFERENCES = new HashMap<>();

    private static Reference reference(ConvGeometry g) {
        return REFERENCES.computeIfAbsent(g, k -> {
            long seed = g.hashCode();
            Tensor x = random(seed, -1, 1, g.inputShape()), w = random(seed + 1, -0.5, 0.5, g.weightShape());
            Tensor dy = random(seed + 2, -1, 1, g.outputShape());
            Tensor y = CPU.allocate(g.outputShape()), dx = CPU.allocate(g.inputShape()), dw = CPU.allocate(g.weightShape());
            CPU.conv2dForward(x, w, y, g);
            CPU.conv2dBackwardData(dy, w, dx, g);
            CPU.conv2dBackwardFilter(x, dy, dw, g);
            return new Reference(x, w, dy, y, dx, dw);
        });
    }

    /** Runs body with the given path and own kernel version, restoring the previous choice. */
    private static void on(ConvPath path, int version, Runnable body) {
        CudaBackend b = gpu();
        ConvPath savedPath = b.convPath();
        int savedVersion = b.conv.ownVersion;
        b.convPath(path);
        b.conv.ownVersion = version;
        try {
            body.run();
        } finally {
            b.convPath(savedPath);
            b.conv.ownVersion = savedVersion;
        }
    }

    /** A GPU tensor filled with NaN, so that an op that leaves any element unwritten fails. */
    private static Tensor nan(int... shape) {
        Tensor t = gpu().allocate(shape);
        gpu().fill(t, Float.NaN);
        return t;
    }

    private static void allOpsMatch(String label) {
        for (Case c : CASES) {
            ConvGeometry g = c.g();
            Reference r = reference(g);
            Tensor x = toGpu(r.x()), w = toGpu(r.w()), dy = toGpu(r.dy());
            Tensor y = nan(g.outputShape()), dx = nan(g.inputShape()), dw = nan(g.weightShape());
            gpu().conv2dForward(x, w, y, g);
            assertParity(label + " forward, " + c.name(), r.y(), y, TOL);
            gpu().conv2dBackwardData(dy, w, dx, g);
            assertParity(label + " backward data, " + c.name(), r.dx(), dx, TOL);
            gpu().conv2dBackwardFilter(x, dy, dw, g);
            assertParity(label + " backward filter, " + c.name(), r.dw(), dw, TOL);
        }
    }

    @Test
    void cudnnMatchesCpu() {
        on(ConvPath.CUDNN, CudaConv.FORWARD_VERSIONS, () -> allOpsMatch("cuDNN"));
    }

    @Test
    void ownKernelsV1MatchCpu() {
        on(ConvPath.OWN, 1, () -> allOpsMatch("own v1"));
    }

    @Test
    void ownKernelsV2MatchCpu() {
        on(ConvPath.OWN, 2, () -> allOpsMatch("own v2"));
    }

    @Test
    void cudnnPlansPadOnlyWhereThePaddingIsAsymmetric() {
        CudaConv conv = gpu().conv;
        ConvGeometry transposed = ConvGeometry.of(2, 128, 14, 14, 128, 4, 4, 2, Padding.SAME);
        assertFalse(conv.plan(transposed).padded, "the 4x4 stride 2 same geometry has symmetric padding");
        CudnnConvPlan asymmetric = conv.plan(ConvGeometry.of(1, 1, 28, 28, 64, 3, 3, 2, Padding.SAME));
        assertNotNull(asymmetric);
        assertTrue(asymmetric.padded);
        assertEquals(29, asymmetric.h);
        assertEquals(29, asymmetric.w);
        assertFalse(conv.plan(ConvGeometry.of(1, 7, 20, 20, 9, 3, 3, 3, Padding.VALID)).padded,
                "rows no output reads need no padding");
        assertNull(conv.plan(new ConvGeometry(1, 3, 17, 23, 13, 3, 5, 3, 2, 1, 2, 5, 11)));
    }

    /** Weights and outputs as views at offsets that are not multiples of 16 bytes, inside buffers whose other elements must stay. */
    @Test
    void viewsAtOddOffsets() {
        gpu();
        ConvGeometry g = ConvGeometry.of(2, 64, 14, 14, 64, 3, 3, 2, Padding.SAME);
        Reference r = reference(g);
        int wSize = r.w().size(), ySize = r.y().size(), dwSize = r.dw().size(), dxSize = r.dx().size();
        for (ConvPath path : ConvPath.values()) {
            on(path, CudaConv.FORWARD_VERSIONS, () -> {
                Tensor wBuf = gpu().allocate(wSize + 5), yBuf = gpu().allocate(ySize + 6);
                Tensor dxBuf = gpu().allocate(dxSize + 7), dwBuf = gpu().allocate(dwSize + 3);
                Tensor w = wBuf.view(1, g.weightShape()), y = yBuf.view(3, g.outputShape());
                gpu().write(r.w().toArray(), w);
                Tensor dx = dxBuf.view(5, g.inputShape()), dw = dwBuf.view(1, g.weightShape());
                gpu().conv2dForward(toGpu(r.x()), w, y, g);
                gpu().conv2dBackwardData(toGpu(r.dy()), w, dx, g);
                gpu().conv2dBackwardFilter(toGpu(r.x()), toGpu(r.dy()), dw, g);
                assertParity(path + " forward into a view", r.y(), y, TOL);
                assertParity(path + " backward data into a view", r.dx(), dx, TOL);
                assertParity(path + " backward filter into a view", r.dw(), dw, TOL);
                assertUntouched(path + " forward", yBuf, 3, ySize);
                assertUntouched(path + " backward data", dxBuf, 5, dxSize);
                assertUntouched(path + " backward filter", dwBuf, 1, dwSize);
            });
        }
    }

    /** Elements of buf outside [from, from + count) are still zero. */
    private static void assertUntouched(String what, Tensor buf, int from, int count) {
        float[] all = buf.toArray();
        for (int i = 0; i < all.length; i++) {
            if (i >= from && i < from + count) continue;
            assertEquals(0f, all[i], what + " wrote outside its view at " + i);
        }
    }

    @Test
    void backwardPassesRepeatBitForBit() {
        gpu();
        ConvGeometry g = ConvGeometry.of(4, 64, 14, 14, 64, 3, 3, 2, Padding.SAME);
        Reference r = reference(g);
        for (ConvPath path : ConvPath.values()) {
            on(path, CudaConv.FORWARD_VERSIONS, () -> {
                Tensor x = toGpu(r.x()), w = toGpu(r.w()), dy = toGpu(r.dy());
                Tensor dx = gpu().allocate(g.inputShape()), dw = gpu().allocate(g.weightShape());
                gpu().conv2dBackwardData(dy, w, dx, g);
                gpu().conv2dBackwardFilter(x, dy, dw, g);
                float[] dx1 = dx.toArray(), dw1 = dw.toArray();
                gpu().conv2dBackwardData(dy, w, dx, g);
                gpu().conv2dBackwardFilter(x, dy, dw, g);
                assertArrayEquals(dx1, dx.toArray(), path + " backward data must be deterministic");
                assertArrayEquals(dw1, dw.toArray(), path + " backward filter must be deterministic");
            });
        }
    }

    @Test
    void wrongShapeIsRejected() {
        ConvGeometry g = ConvGeometry.of(2, 3, 10, 10, 4, 3, 3, 1, Padding.VALID);
        Tensor x = gpu().allocate(g.inputShape()), w = gpu().allocate(g.weightShape()), y = gpu().allocate(2, 4, 9, 8);
        assertThrows(IllegalArgumentException.class, () -> gpu().conv2dForward(x, w, y, g));
    }
}
