package org.latent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.latent.backend.cuda.GpuTests.CPU;
import static org.latent.backend.cuda.GpuTests.assertParity;
import static org.latent.backend.cuda.GpuTests.gpu;
import static org.latent.backend.cuda.GpuTests.random;
import static org.latent.backend.cuda.GpuTests.toGpu;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.latent.backend.PoolGeometry;
import org.latent.tensor.Tensor;

@Tag("gpu")
class PoolParityTest {
    private static final double TOL = 1e-5;

    private static final PoolGeometry[] POOLS = {
        new PoolGeometry(3, 64, 26, 26, 2, 2, 2, 2),    // E5 first pool
        new PoolGeometry(3, 64, 11, 11, 2, 2, 2, 2),    // E5 second pool: 11 -> 5, last row and column unused
        new PoolGeometry(2, 5, 7, 9, 3, 2, 2, 1),       // overlapping windows
        new PoolGeometry(1, 3, 11, 13, 3, 3, 3, 3),     // batch 1, stride 3, leftovers
        new PoolGeometry(1, 3, 10, 11, 3, 4, 1, 2),     // non-square window, overlapping rows
        new PoolGeometry(4, 16, 64, 64, 2, 2, 2, 2),    // 262k inputs
    };

    /** Uniform values, or (ties) values rounded to halves so that windows often hold several maxima. */
    private static Tensor input(long seed, boolean ties, int... shape) {
        Tensor t = random(seed, -2, 2, shape);
        if (!ties) return t;
        float[] v = t.toArray();
        for (int i = 0; i < v.length; i++) v[i] = Math.round(v[i] * 2) / 2f;
        return CPU.upload(v, shape);
    }

    @Test
    void maxPoolMatchesCpuIncludingTies() {
        gpu();
        for (PoolGeometry g : POOLS) {
            for (boolean ties : new boolean[] {false, true}) {
                String what = "maxPool " + g + (ties ? " with ties" : "");
                Tensor x = input(g.hashCode(), ties, g.inputShape()), dy = random(g.hashCode() + 1, -1, 1, g.outputShape());
                Tensor y = CPU.allocate(g.outputShape()), dx = CPU.allocate(g.inputShape());
                CPU.maxPool2dForward(x, y, g);
                CPU.maxPool2dBackward(x, y, dy, dx, g);
                Tensor gx = toGpu(x), gy = gpu().allocate(g.outputShape()), gdx = gpu().allocate(g.inputShape());
                gpu().fill(gdx, Float.NaN);
                gpu().maxPool2dForward(gx, gy, g);
                assertParity(what + " forward", y, gy, TOL);
                gpu().maxPool2dBackward(gx, gy, toGpu(dy), gdx, g);
                assertParity(what + " backward", dx, gdx, TOL);
            }
        }
    }

    @Test
    void maxPoolOnViews() {
        gpu();
        PoolGeometry g = new PoolGeometry(2, 5, 7, 9, 3, 2, 2, 1);
        Tensor x = input(7, true, g.inputShape()), dy = random(8, -1, 1, g.outputShape());
        Tensor y = CPU.allocate(g.outputShape()), dx = CPU.allocate(g.inputShape());
        CPU.maxPool2dForward(x, y, g);
        CPU.maxPool2dBackward(x, y, dy, dx, g);
        int in = x.size(), out = y.size();
        Tensor xBuf = gpu().allocate(in + 3), gx = xBuf.view(3, g.inputShape());
        gpu().write(x.toArray(), gx);
        Tensor gy = gpu().allocate(out + 1).view(1, g.outputShape()), gdx = gpu().allocate(in + 2).view(2, g.inputShape());
        gpu().maxPool2dForward(gx, gy, g);
        gpu().maxPool2dBackward(gx, gy, toGpu(dy), gdx, g);
        assertParity("maxPool forward on views", y, gy, TOL);
        assertParity("maxPool backward on views", dx, gdx, TOL);
    }

    @Test
    void upsampleMatchesCpu() {
        gpu();
        int[][] cases = {{3, 64, 7, 7, 2, 2}, {2, 5, 3, 4, 3, 1}, {1, 3, 6, 5, 1, 4}, {4, 32, 28, 28, 2, 2}};
        for (int[] c : cases) {
            int n = c[0], ch = c[1], h = c[2], w = c[3], sh = c[4], sw = c[5];
            String what = "upsample [" + n + ", " + ch + ", " + h + ", " + w + "] by " + sh + "x" + sw;
            Tensor x = random(h * 31 + w, -1, 1, n, ch, h, w), dy = random(h * 37 + w, -1, 1, n, ch, h * sh, w * sw);
            Tensor y = CPU.allocate(n, ch, h * sh, w * sw), dx = CPU.allocate(n, ch, h, w);
            CPU.upsample2dForward(x, y, sh, sw);
            CPU.upsample2dBackward(dy, dx, sh, sw);
            Tensor gy = gpu().allocate(y.shape()), gdx = gpu().allocate(dx.shape());
            gpu().fill(gy, Float.NaN);
            gpu().fill(gdx, Float.NaN);
            gpu().upsample2dForward(toGpu(x), gy, sh, sw);
            gpu().upsample2dBackward(toGpu(dy), gdx, sh, sw);
            assertParity(what + " forward", y, gy, TOL);
            assertParity(what + " backward", dx, gdx, TOL);
        }
    }

    @Test
    void wrongShapeIsRejected() {
        PoolGeometry g = new PoolGeometry(1, 2, 6, 6, 2, 2, 2, 2);
        Tensor x = gpu().allocate(g.inputShape()), y = gpu().allocate(1, 2, 3, 4);
        assertThrows(IllegalArgumentException.class, () -> gpu().maxPool2dForward(x, y, g));
        assertThrows(IllegalArgumentException.class, () -> gpu().upsample2dForward(x, gpu().allocate(1, 2, 12, 11), 2, 2));
    }
}
