package org.latent.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGridTest {
    private static final int H = 3;
    private static final int W = 2;
    private static final int ZOOM = 2;

    @TempDir
    Path dir;

    /** n images of H x W, image i filled with fills[i]. */
    private static float[] filled(float... fills) {
        float[] images = new float[fills.length * H * W];
        for (int i = 0; i < fills.length; i++) {
            Arrays.fill(images, i * H * W, (i + 1) * H * W, fills[i]);
        }
        return images;
    }

    /** Centre pixel of the image in grid cell (row, col). */
    private static int centre(BufferedImage grid, int row, int col) {
        return Pngs.grey(grid, col * (W * ZOOM + 1) + W * ZOOM / 2, row * (H * ZOOM + 1) + H * ZOOM / 2);
    }

    @Test
    void gridHasTheSizeOfItsCellsAndGapsAndClipsToTheRange() throws IOException {
        Path png = dir.resolve("grid.png");
        ImageGrid.write(png, filled(1f, 0f, 2f, -1f, 0.5f), 5, H, W, 3, ZOOM, 0f, 1f);

        BufferedImage grid = Pngs.read(png);
        assertEquals(3 * W * ZOOM + 2, grid.getWidth());
        assertEquals(2 * H * ZOOM + 1, grid.getHeight());
        assertEquals(255, centre(grid, 0, 0));
        assertEquals(0, centre(grid, 0, 1));
        assertEquals(255, centre(grid, 0, 2), "above hi clips to white");
        assertEquals(0, centre(grid, 1, 0), "below lo clips to black");
        assertEquals(128, centre(grid, 1, 1));
        assertEquals(ImageGrid.GAP_GREY, centre(grid, 1, 2), "unused cell");
        assertEquals(ImageGrid.GAP_GREY, Pngs.grey(grid, W * ZOOM, 0), "gap between columns");
        assertEquals(ImageGrid.GAP_GREY, Pngs.grey(grid, 0, H * ZOOM), "gap between rows");
        assertEquals(Set.of("grid.png"), Pngs.files(dir));
    }

    @Test
    void eachPixelIsAZoomedBlockInRowMajorOrder() throws IOException {
        float[] image = {0f, 0.2f, 0.4f, 0.6f, 0.8f, 1f};
        Path png = dir.resolve("one.png");
        ImageGrid.write(png, image, 1, H, W, 4, ZOOM, 0f, 1f);

        BufferedImage grid = Pngs.read(png);
        assertEquals(W * ZOOM, grid.getWidth(), "one image: one column whatever cols says");
        for (int y = 0; y < H * ZOOM; y++) {
            for (int x = 0; x < W * ZOOM; x++) {
                int expected = Math.round(image[(y / ZOOM) * W + x / ZOOM] * 255);
                assertEquals(expected, Pngs.grey(grid, x, y), "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void otherRangesMapLinearlyAndNanIsBlack() throws IOException {
        Path png = dir.resolve("tanh.png");
        ImageGrid.write(png, filled(0f, Float.NaN, 1f), 3, H, W, 3, ZOOM, -1f, 1f);

        BufferedImage grid = Pngs.read(png);
        assertEquals(128, centre(grid, 0, 0));
        assertEquals(0, centre(grid, 0, 1));
        assertEquals(255, centre(grid, 0, 2));
    }

    @Test
    void rewritingReplacesTheFile() throws IOException {
        Path png = dir.resolve("again.png");
        ImageGrid.write(png, filled(0f), 1, H, W, 1, ZOOM, 0f, 1f);
        ImageGrid.write(png, filled(1f), 1, H, W, 1, ZOOM, 0f, 1f);
        assertEquals(255, centre(Pngs.read(png), 0, 0));
        assertEquals(Set.of("again.png"), Pngs.files(dir));
    }

    @Test
    void labelledRowsPutTheLabelsLeftOfTheGrid() throws IOException {
        Path png = dir.resolve("epochs.png");
        float[] images = filled(1f, 0f, 0f, 1f);
        ImageGrid.writeLabelledRows(png, images, 2, 2, H, W, 4, 0f, 1f, List.of("epoch 1", "epoch 20"));

        BufferedImage out = Pngs.read(png);
        int gridWidth = 2 * W * 4 + 1;
        assertEquals(2 * H * 4 + 1, out.getHeight());
        int labelWidth = out.getWidth() - gridWidth;
        assertTrue(labelWidth > 20, "room for the labels: " + labelWidth);
        assertEquals(255, Pngs.grey(out, labelWidth + W * 2, H * 2));
        assertEquals(0, Pngs.grey(out, labelWidth + W * 4 + 1 + W * 2, H * 2));
        assertEquals(0, Pngs.grey(out, labelWidth + W * 2, H * 4 + 1 + H * 2));
        int ink = 0;
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < labelWidth; x++) {
                ink += Pngs.grey(out, x, y) < 128 ? 1 : 0;
            }
        }
        assertTrue(ink > 10, "label text is drawn");
    }

    @Test
    void mismatchedSizesAreRejected() {
        Path png = dir.resolve("bad.png");
        assertThrows(IllegalArgumentException.class,
                () -> ImageGrid.write(png, new float[5], 1, H, W, 1, 1, 0f, 1f));
        assertThrows(IllegalArgumentException.class,
                () -> ImageGrid.write(png, filled(0f), 1, H, W, 1, 1, 1f, 1f));
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.writeLabelledRows(png,
                filled(0f, 0f), 2, 1, H, W, 1, 0f, 1f, List.of("only one")));
    }

    @Test
    void tinyImagesAreScaledUpAndGlyphsKeepOneImagePixelApart() throws IOException {
        assertEquals(12, ImageGrid.zoomFor(7, 84), "5x7 glyphs drawn 84 pixels tall");
        assertEquals(3, ImageGrid.zoomFor(28, 84), "Frey faces (28x20) and MNIST digits");
        assertEquals(1, ImageGrid.zoomFor(200, 84));
        int zoom = 8, pad = ImageGrid.padFor(7, zoom);
        assertEquals(4, pad);
        assertEquals(0, ImageGrid.padFor(28, 3), "no padding around larger images");
        float[] glyphs = new float[2 * 7 * 5];
        java.util.Arrays.fill(glyphs, 1f); // ink to the edges, like most 5x7 glyphs
        Path png = dir.resolve("glyphs.png");
        Framed.Placement at = ImageGrid.writeFramed(png, glyphs, 2, 7, 5, 2, zoom, pad, 0f, 1f, Framed.Axes.titled("Two glyphs"));
        BufferedImage image = Pngs.read(png);
        assertEquals(ImageGrid.extent(2, 5, zoom, pad), at.width());
        int y = at.top() + at.height() / 2, run = 0, longestGap = 0;
        boolean seenInk = false;
        for (int x = at.left(); x < at.left() + at.width(); x++) {
            boolean ink = Pngs.grey(image, x, y) == 255;
            if (ink && seenInk) longestGap = Math.max(longestGap, run);
            run = ink ? 0 : run + 1;
            seenInk |= ink;
        }
        assertEquals(2 * pad + ImageGrid.GAP, longestGap, "between the two glyphs' ink: their padding and the grid line");
        assertTrue(longestGap >= zoom, "at least one glyph pixel apart");
    }
}
