package org.latent.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.latent.backend.ConvGeometry;
import org.latent.backend.ConvGeometry.Padding;
import org.latent.testing.GradCheck;

/**
 * The batched-GEMM filter gradient computes dw^T = cols * dyCols^T and transposes it (when the patch
 * is at least as long as there are output channels); each element
 * must get the bits of the product it replaced, dw = dyCols * cols^T over the same chunks (the
 * first chunk overwriting, later ones adding), which the recorded results were made with. Shapes:
 * E5's second convolution and a stride-2 SAME one, each over several chunks of examples, and one
 * with fewer patch elements than output channels (computed directly).
 */
class CpuConvFilterOrderTest {
    private final CpuBackend backend = new CpuBackend();

    @Test
    void transposedProductGivesTheBitsOfTheDirectOne() {
        assumeTrue(CpuConv.viaGemm, "the batched-GEMM paths need the Vector API");
        long seed = 11;
        for (ConvGeometry g : List.of(ConvGeometry.of(40, 64, 13, 13, 64, 3, 3, 1, Padding.VALID),
                ConvGeometry.of(50, 16, 14, 14, 24, 3, 3, 2, Padding.SAME), ConvGeometry.of(9, 1, 28, 28, 32, 3, 3, 1,
                        Padding.VALID))) {
            int patch = g.cIn() * g.kh() * g.kw(), ohw = g.outH() * g.outW(), outH = g.outH(), cOut = g.cOut();
            CpuTensor x = upload(seed++, g.inputShape()), dy = upload(seed++, g.outputShape());
            CpuTensor dw = (CpuTensor) backend.allocate(g.weightShape());
            CpuConv.backwardFilter(x, dy, dw, g);

            int chunk = CpuConv.examplesPerChunk(g, patch);
            assertEquals(true, chunk < g.n(), "several chunks");
            float[] want = new float[cOut * patch];
            for (int n0 = 0; n0 < g.n(); n0 += chunk) {
                int count = Math.min(chunk, g.n() - n0), width = count * ohw;
                float[] cols = new float[patch * width], dyCols = new float[cOut * width];
                CpuIm2col.unfold(x.data, x.offset, g, 0, g.cIn(), n0 * outH, (n0 + count) * outH, cols, 0, width);
                CpuIm2col.gather(dy.data, dy.offset, cOut, g, n0 * outH, (n0 + count) * outH, dyCols, 0, width);
                CpuGemm.gemm(false, true, cOut, patch, width, 1f, dyCols, 0, width, cols, 0, width, n0 == 0 ? 0f : 1f, want,
                        0, patch);
            }
            float[] got = dw.toArray();
            for (int i = 0; i < want.length; i++) {
                assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]), g + " dw at " + i);
            }
        }
    }

    private CpuTensor upload(long seed, int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return (CpuTensor) backend.upload(GradCheck.random(seed, n, -1, 1), shape);
    }
}
