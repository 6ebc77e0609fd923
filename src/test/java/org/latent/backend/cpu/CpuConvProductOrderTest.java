package org.latent.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.latent.backend.ConvGeometry;
import org.latent.backend.ConvGeometry.Padding;
import org.latent.testing.GradCheck;

/**
 * The filter gradient computes dw^T = cols * dyCols^T and transposes it where the GEMM
 * would compute dw = dyCols * cols^T as its transpose; each element
 * must get the bits of the product it replaced, dw = dyCols * cols^T over the same chunks (the
 * first chunk overwriting, later ones adding), which the recorded results were made with. Shapes:
 * E5's second convolution (computed as dw^T) and a stride-2 SAME one, each over several chunks of
 * examples, and E6's 4x4 stride-2 one (computed as dw) with fewer examples.
 */
class CpuConvProductOrderTest {
    private final CpuBackend backend = new CpuBackend();

    @Test
    void transposedProductGivesTheBitsOfTheDirectOne() {
        assumeTrue(CpuConv.viaGemm, "the batched-GEMM paths need the Vector API");
        long seed = 11;
        Set<Boolean> ways = new HashSet<>();
        for (ConvGeometry g : List.of(ConvGeometry.of(40, 64, 13, 13, 64, 3, 3, 1, Padding.VALID),
                ConvGeometry.of(50, 16, 14, 14, 24, 3, 3, 2, Padding.SAME), ConvGeometry.of(45, 128, 14, 14, 128, 4, 4, 2,
                        Padding.SAME))) {
            int patch = g.cIn() * g.kh() * g.kw(), ohw = g.outH() * g.outW(), outH = g.outH(), cOut = g.cOut();
            CpuTensor x = upload(seed++, g.inputShape()), dy = upload(seed++, g.outputShape());
            CpuTensor dw = (CpuTensor) backend.allocate(g.weightShape());
            CpuConv.backwardFilter(x, dy, dw, g);

            int chunk = CpuConv.examplesPerChunk(g, patch), width = chunk * ohw;
            assertEquals(true, chunk < g.n(), "several chunks");
            ways.add(CpuGemm.computesTransposed(false, true, cOut, patch, width, width, width, patch));
            float[] want = new float[cOut * patch];
            for (int n0 = 0; n0 < g.n(); n0 += chunk) {
                int count = Math.min(chunk, g.n() - n0), columns = count * ohw;
                float[] cols = new float[patch * columns], dyCols = new float[cOut * columns];
                CpuIm2col.unfold(x.data, x.offset, g, 0, g.cIn(), n0 * outH, (n0 + count) * outH, cols, 0, columns);
                CpuIm2col.gather(dy.data, dy.offset, cOut, g, n0 * outH, (n0 + count) * outH, dyCols, 0, columns);
                CpuGemm.gemm(false, true, cOut, patch, columns, 1f, dyCols, 0, columns, cols, 0, columns, n0 == 0 ? 0f : 1f,
                        want, 0, patch);
            }
            float[] got = dw.toArray();
            for (int i = 0; i < want.length; i++) {
                assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]), g + " dw at " + i);
            }
        }
        assertEquals(Set.of(true, false), ways, "both ways computed");
    }

    private CpuTensor upload(long seed, int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return (CpuTensor) backend.upload(GradCheck.random(seed, n, -1, 1), shape);
    }
}
