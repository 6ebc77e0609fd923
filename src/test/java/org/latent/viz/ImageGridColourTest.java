package org.latent.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three-channel examples [3, h, w] drawn in colour; one channel stays grey, byte for byte. */
class ImageGridColourTest {
    @TempDir
    Path dir;

    private static int rgb(BufferedImage img, int x, int y) {
        return img.getRGB(x, y) & 0xffffff;
    }

    /** Two 1 x 2 RGB images, planes R, G, B each: image 0 is red then (0, 0.5, 1); image 1 is (0.2, 0.4, 0.6) twice. */
    private static final float[] TWO = {1f, 0f, 0f, 0.5f, 0f, 1f, 0.2f, 0.2f, 0.4f, 0.4f, 0.6f, 0.6f};

    @Test
    void planesBecomeTheRedGreenAndBlueOfEachPixel() throws IOException {
        Path png = dir.resolve("rgb.png");
        ImageGrid.write(png, TWO, 2, 3, 1, 2, 2, 2, 0f, 1f);
        BufferedImage img = Pngs.read(png);
        assertEquals(2 * 2 * 2 + 1, img.getWidth());
        assertEquals(2, img.getHeight());
        assertEquals(0xff0000, rgb(img, 0, 0));
        assertEquals(0xff0000, rgb(img, 1, 1), "zoomed 2 x 2");
        assertEquals(0x0080ff, rgb(img, 2, 0), "0.5 -> 128 (round(127.5)), 1 -> 255");
        assertEquals(0x808080, rgb(img, 4, 0), "the gap is mid grey");
        assertEquals(0x336699, rgb(img, 5, 0), "0.2, 0.4, 0.6 -> 51, 102, 153");
        assertEquals(0x336699, rgb(img, 8, 1));
    }

    @Test
    void symmetricPixelsAndLabelledRowsInColour() throws IOException {
        Path png = dir.resolve("rows.png");
        float[] sym = new float[TWO.length];
        for (int i = 0; i < sym.length; i++) sym[i] = 2 * TWO[i] - 1;
        ImageGrid.writeLabelledRows(png, sym, 2, 1, 3, 1, 2, 4, -1f, 1f, List.of("input", "epoch 1"));
        BufferedImage img = Pngs.read(png);
        int label = img.getWidth() - 2 * 4;
        assertTrue(label > 10, "room for labels");
        assertEquals(0xff0000, rgb(img, label, 0));
        assertEquals(0x336699, rgb(img, label + 4, 5), "second row, below a 1-px gap");
        assertEquals(0xffffff, rgb(img, 0, 0), "the label area is white");
    }

    @Test
    void oneChannelIsTheGreyGridAsBefore() throws IOException {
        float[] grey = {0f, 0.25f, 0.5f, 1f, 0.1f, 0.9f};
        Path a = dir.resolve("a.png"), b = dir.resolve("b.png");
        ImageGrid.write(a, grey, 3, 1, 2, 2, 3, 0f, 1f);
        ImageGrid.write(b, grey, 3, 1, 1, 2, 2, 3, 0f, 1f);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, ImageGrid.render(grey, 3, 1, 2, 2, 3, 0f, 1f).getType());
    }

    @Test
    void otherChannelCountsAndSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.write(dir.resolve("x.png"), new float[8], 2, 2, 1, 2, 2, 1, 0f, 1f));
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.write(dir.resolve("x.png"), new float[11], 2, 3, 1, 2, 2, 1, 0f, 1f));
    }
}
