package org.latent.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatentFiguresTest {
    private static final int H = 4;
    private static final int W = 3;

    @TempDir
    Path dir;

    /** Records its input; each image is filled with a logistic of the point's first coordinate. */
    private static final class RecordingDecoder implements Function<float[], float[]> {
        final int d;
        float[] z;

        RecordingDecoder(int d) {
            this.d = d;
        }

        @Override
        public float[] apply(float[] z) {
            this.z = z.clone();
            int count = z.length / d;
            float[] images = new float[count * H * W];
            for (int i = 0; i < count; i++) {
                Arrays.fill(images, i * H * W, (i + 1) * H * W, (float) (1 / (1 + Math.exp(-z[i * d]))));
            }
            return images;
        }
    }

    @Test
    void manifoldDecodesASymmetricGridOfNormalQuantiles() throws IOException {
        int steps = 5;
        RecordingDecoder decoder = new RecordingDecoder(2);
        Path png = dir.resolve("manifold.png");
        Framed.Placement at = LatentFigures.manifold(png, decoder, steps, H, W, 2);

        float[] z = decoder.z;
        assertEquals(2 * steps * steps, z.length);
        float q0 = (float) new NormalDistribution().inverseCumulativeProbability(1.0 / (steps + 1));
        assertEquals(q0, z[0], 1e-6f, "top-left z1");
        assertEquals(-q0, z[1], 1e-6f, "top-left z2: z2 grows upwards");
        int last = steps * steps - 1;
        assertEquals(-z[0], z[2 * last]);
        assertEquals(-z[1], z[2 * last + 1]);
        int middle = (steps * steps) / 2;
        assertEquals(0f, z[2 * middle]);
        assertEquals(0f, z[2 * middle + 1]);
        for (int r = 0; r < steps; r++) {
            for (int c = 0; c < steps; c++) {
                int i = r * steps + c;
                assertEquals(z[2 * c], z[2 * i], "z1 depends on the column only");
                assertEquals(z[2 * r * steps + 1], z[2 * i + 1], "z2 depends on the row only");
            }
        }

        BufferedImage grid = Pngs.read(png);
        assertEquals(ImageGrid.extent(steps, W, 2), at.width());
        assertEquals(ImageGrid.extent(steps, H, 2), at.height());
        assertTrue(grid.getWidth() > at.left() + at.width() && grid.getHeight() > at.top() + at.height(), "a frame around the grid");
        assertTrue(at.top() > 10 && at.left() > 10, "room for the title and the z2 values: " + at);
        double leftGrey = 255 / (1 + Math.exp(-q0));
        assertEquals(leftGrey, Pngs.grey(grid, at.left() + 1, at.top() + 1), 0.6, "first column decoded from z1 = q0");
        assertEquals(255 - leftGrey, Pngs.grey(grid, at.left() + at.width() - 2, at.top() + 1), 0.6,
                "last column from -q0");
        assertTrue(ink(grid, at.left(), at.top() + at.height() + 2, at.width(), grid.getHeight() - at.top() - at.height() - 2) > 20,
                "z1 values under the columns");
        assertTrue(ink(grid, 0, at.top(), at.left() - 1, at.height()) > 20, "z2 values beside the rows");
        assertTrue(ink(grid, 0, 0, grid.getWidth(), at.top() - 1) > 20, "a title");
        assertEquals("-0.97", LatentFigures.tick(q0));
        assertEquals("0", LatentFigures.tick(-0.001));
        assertEquals("1", LatentFigures.tick(1.0));
    }

    @Test
    void interpolationRunsFromAToB() throws IOException {
        float[] a = {-2f, 0.5f, 3f};
        float[] b = {2f, -1.5f, 0.1f};
        int steps = 5;
        RecordingDecoder decoder = new RecordingDecoder(3);
        Path png = dir.resolve("interpolation.png");
        Framed.Placement at = LatentFigures.interpolation(png, decoder, a, b, steps, H, W, 3);

        float[] z = decoder.z;
        assertEquals(steps * 3, z.length);
        assertArrayEquals(a, Arrays.copyOfRange(z, 0, 3));
        assertArrayEquals(b, Arrays.copyOfRange(z, 12, 15));
        assertArrayEquals(new float[] {0f, -0.5f, 1.55f}, Arrays.copyOfRange(z, 6, 9), 1e-6f);

        BufferedImage strip = Pngs.read(png);
        assertEquals(ImageGrid.extent(steps, W, 3), at.width());
        assertEquals(H * 3, at.height());
        assertTrue(ink(strip, 0, at.top() + at.height() + 2, strip.getWidth(), strip.getHeight() - at.top() - at.height() - 2) > 20,
                "t under the images");
    }

    @Test
    void glyphMapDrawsEveryGlyphAtItsPoint() throws IOException {
        int n = 4;
        float[] xy = {0f, 0f, 1f, 0f, 0f, 1f, 1f, 1f};
        float[] images = new float[n * H * W];
        Arrays.fill(images, 1f);
        int zoom = 3;
        Path png = dir.resolve("glyphs.png");
        LatentFigures.glyphMap(png, xy, images, n, H, W, zoom, 400, 300);

        BufferedImage map = Pngs.read(png);
        assertEquals(400, map.getWidth());
        assertEquals(300, map.getHeight());
        assertTrue(Pngs.count(map, 0x000000) >= n * H * W * zoom * zoom, "four solid glyphs");
    }

    /** Dark pixels (text) in a rectangle of a grey image. */
    static int ink(BufferedImage image, int x0, int y0, int width, int height) {
        int n = 0;
        for (int y = Math.max(0, y0); y < Math.min(image.getHeight(), y0 + height); y++) {
            for (int x = Math.max(0, x0); x < Math.min(image.getWidth(), x0 + width); x++) {
                if (Pngs.grey(image, x, y) < 128) n++;
            }
        }
        return n;
    }
}
