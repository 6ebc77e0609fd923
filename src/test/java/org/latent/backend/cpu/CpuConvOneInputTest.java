package org.latent.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.latent.backend.ConvGeometry;
import org.latent.backend.ConvGeometry.Padding;
import org.latent.testing.GradCheck;

/**
 * CpuConvOneInput (stride 1, one input channel, with the Vector API) against the tiled path it
 * replaces, bit for bit: E5's first layer, the backward-data pass of E6's last layer (a flipped
 * forward with one input channel and 7x7 kernels), rows narrower than a vector and as wide as one
 * or two, a 1x1 kernel, odd kernels, explicit padding with unread rows and columns.
 */
class CpuConvOneInputTest {
    private final CpuBackend backend = new CpuBackend();

    @Test
    void givesTheTiledPathsBits() {
        assumeTrue(CpuConv.viaGemm, "CpuConvOneInput needs the Vector API");
        long seed = 21;
        for (ConvGeometry g : List.of(ConvGeometry.of(5, 1, 28, 28, 64, 3, 3, 1, Padding.VALID),
                ConvGeometry.of(3, 1, 28, 28, 9, 7, 7, 1, Padding.SAME), ConvGeometry.of(4, 1, 5, 7, 3, 3, 3, 1, Padding.SAME),
                ConvGeometry.of(2, 1, 16, 16, 4, 1, 1, 1, Padding.VALID), ConvGeometry.of(2, 1, 10, 34, 4, 3, 3, 1, Padding.VALID),
                ConvGeometry.of(2, 1, 9, 18, 5, 5, 2, 1, Padding.SAME), new ConvGeometry(2, 1, 9, 10, 3, 3, 3, 1, 1, 2, 1, 7, 6))) {
            assertEquals(true, CpuConvOneInput.handles(g));
            CpuTensor x = upload(seed++, g.inputShape()), w = upload(seed++, g.weightShape());
            CpuTensor fast = (CpuTensor) backend.allocate(g.outputShape()), tiled = (CpuTensor) backend.allocate(g.outputShape());
            CpuConv.forward(x, w, fast, g);
            CpuConv.viaGemm = false;
            try {
                CpuConv.forward(x, w, tiled, g);
            } finally {
                CpuConv.viaGemm = true;
            }
            float[] got = fast.toArray(), want = tiled.toArray();
            for (int i = 0; i < want.length; i++) {
                assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]), g + " y at " + i);
            }
        }
    }

    /** Values with zeros of both signs, so that the sum's start from +0 shows. */
    private CpuTensor upload(long seed, int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        float[] v = GradCheck.random(seed, n, -1, 1);
        for (int i = 0; i < n; i += 5) v[i] = i % 10 == 0 ? -0f : 0f;
        return (CpuTensor) backend.upload(v, shape);
    }
}
