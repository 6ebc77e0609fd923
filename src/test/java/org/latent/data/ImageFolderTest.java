package org.latent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.latent.data.DataAsserts.assertDataError;
import static org.latent.data.ImageFolderFixtures.grey;
import static org.latent.data.ImageFolderFixtures.rgb;
import static org.latent.data.ImageFolderFixtures.write;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {
    @TempDir
    Path dir;

    /** A 3 x 2 greyscale image (width 3, height 2), row-major. */
    private static final byte[] GREY = NpyFiles.bytes(0, 1, 127, 128, 254, 255);
    /** A 3 x 2 RGB image, row-major. */
    private static final int[] RGB = {0xff0000, 0x00ff00, 0x0000ff, 0x102030, 0xfedcba, 0x7f8081};

    private static final ImageOptions GREY_UNIT = ImageOptions.of(1, PixelScale.UNIT);
    private static final ImageOptions RGB_UNIT = ImageOptions.of(3, PixelScale.UNIT);

    /** The scaled values of RGB's three planes. */
    private static float[] rgbPlanes(PixelScale scale) {
        float[] out = new float[3 * RGB.length];
        for (int i = 0; i < RGB.length; i++) {
            out[i] = scale.fromByte(RGB[i] >> 16 & 0xff);
            out[RGB.length + i] = scale.fromByte(RGB[i] >> 8 & 0xff);
            out[2 * RGB.length + i] = scale.fromByte(RGB[i] & 0xff);
        }
        return out;
    }

    private static float[] scaled(byte[] values, PixelScale scale, int repeat) {
        float[] out = new float[values.length * repeat];
        for (int i = 0; i < out.length; i++) {
            out[i] = scale.fromByte(values[i % values.length] & 0xff);
        }
        return out;
    }

    /** PIL's convert('L') of RGB. */
    private static byte[] luminance(int[] rgb) {
        byte[] out = new byte[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            int r = rgb[i] >> 16 & 0xff;
            int g = rgb[i] >> 8 & 0xff;
            int b = rgb[i] & 0xff;
            out[i] = (byte) Math.round((r * 299 + g * 587 + b * 114) / 1000.0);
        }
        return out;
    }

    @Test
    void pngGreyAndRgbReadExactlyInEitherChannelCount() {
        Path g = write(grey(3, 2, GREY), "png", dir.resolve("g/a.png"));
        Path c = write(rgb(3, 2, RGB), "png", dir.resolve("c/a.png"));
        for (PixelScale scale : PixelScale.values()) {
            Dataset g1 = ImageFolder.load("g", g.getParent(), ImageOptions.of(1, scale));
            assertArrayEquals(new int[] {1, 2, 3}, g1.shape());
            assertArrayEquals(scaled(GREY, scale, 1), g1.featuresCopy());
            assertFalse(g1.hasLabels());
            Dataset g3 = ImageFolder.load("g", g.getParent(), ImageOptions.of(3, scale));
            assertArrayEquals(new int[] {3, 2, 3}, g3.shape());
            assertArrayEquals(scaled(GREY, scale, 3), g3.featuresCopy());
            Dataset c3 = ImageFolder.load("c", c.getParent(), ImageOptions.of(3, scale));
            assertArrayEquals(rgbPlanes(scale), c3.featuresCopy());
            Dataset c1 = ImageFolder.load("c", c.getParent(), ImageOptions.of(1, scale));
            assertArrayEquals(scaled(luminance(RGB), scale, 1), c1.featuresCopy());
        }
    }

    @Test
    void sixteenBitGreyIsRoundedAndAlphaIsDropped() {
        BufferedImage g16 = new BufferedImage(4, 1, BufferedImage.TYPE_USHORT_GRAY);
        g16.getRaster().setDataElements(0, 0, 4, 1, new short[] {0, (short) (257 * 200), (short) 65535, 128});
        Path g = write(g16, "png", dir.resolve("g16/a.png"));
        assertArrayEquals(new float[] {0, 200, 255, 0},
                ImageFolder.load("g", g.getParent(), ImageOptions.of(1, PixelScale.BYTE)).featuresCopy());
        BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 2, 1, new int[] {0x80102030, 0x00fedcba}, 0, 2);
        Path a = write(argb, "png", dir.resolve("argb/a.png"));
        assertArrayEquals(new float[] {0x10, 0xfe, 0x20, 0xdc, 0x30, 0xba},
                ImageFolder.load("a", a.getParent(), ImageOptions.of(3, PixelScale.BYTE)).featuresCopy());
    }

    @Test
    void bmpAndGifReadExactly() {
        Path bmp = dir.resolve("bmp");
        write(rgb(3, 2, RGB), "bmp", bmp.resolve("c.bmp"));
        assertArrayEquals(rgbPlanes(PixelScale.UNIT), ImageFolder.load("b", bmp, RGB_UNIT).featuresCopy());
        Path bmpGrey = dir.resolve("bmpg");
        write(grey(3, 2, GREY), "bmp", bmpGrey.resolve("g.BMP"));
        assertArrayEquals(scaled(GREY, PixelScale.UNIT, 1), ImageFolder.load("b", bmpGrey, GREY_UNIT).featuresCopy());

        // GIF: palette images; ImageIO writes them interlaced, so 6 rows (see smallInterlacedGif...).
        int[] tall = new int[18];
        byte[] indices = new byte[18];
        byte[] r = new byte[8];
        byte[] gr = new byte[8];
        byte[] b = new byte[8];
        for (int i = 0; i < 6; i++) {
            r[i] = (byte) (RGB[i] >> 16);
            gr[i] = (byte) (RGB[i] >> 8);
            b[i] = (byte) RGB[i];
        }
        for (int i = 0; i < 18; i++) {
            indices[i] = (byte) ((i * 5) % 6);
            tall[i] = RGB[indices[i]];
        }
        BufferedImage indexed = new BufferedImage(3, 6, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 8, r, gr, b));
        indexed.getRaster().setDataElements(0, 0, 3, 6, indices);
        Path gif = dir.resolve("gif");
        write(indexed, "gif", gif.resolve("c.gif"));
        Path png = write(rgb(3, 6, tall), "png", dir.resolve("same/c.png"));
        assertArrayEquals(ImageFolder.load("p", png.getParent(), RGB_UNIT).featuresCopy(),
                ImageFolder.load("g", gif, RGB_UNIT).featuresCopy());
        Path gifGrey = dir.resolve("gifg");
        byte[] grey5 = new byte[15];
        for (int i = 0; i < grey5.length; i++) {
            grey5[i] = (byte) (i * 17);
        }
        write(grey(3, 5, grey5), "gif", gifGrey.resolve("g.gif"));
        assertArrayEquals(scaled(grey5, PixelScale.UNIT, 1), ImageFolder.load("g", gifGrey, GREY_UNIT).featuresCopy());
    }

    @Test
    void smallInterlacedGifIsRefusedNotMisread() {
        Path p = dir.resolve("p");
        Path f = write(grey(3, 2, GREY), "gif", p.resolve("g.gif"));
        assertDataError(() -> ImageFolder.load("g", p, GREY_UNIT), f.toString(), "interlaced GIF 2 rows high",
                "without interlacing");
    }

    @Test
    void jpegReadsApproximately() {
        // JPEG is lossy: smooth images come back within a few levels.
        int w = 16;
        int h = 16;
        int[] smooth = new int[w * h];
        byte[] ramp = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                smooth[y * w + x] = (100 + 4 * x) << 16 | (50 + 3 * y) << 8 | 200;
                ramp[y * w + x] = (byte) (60 + 5 * x + 2 * y);
            }
        }
        Path c = dir.resolve("c");
        write(rgb(w, h, smooth), "jpeg", c.resolve("a.jpg"));
        Dataset d = ImageFolder.load("c", c, ImageOptions.of(3, PixelScale.BYTE));
        assertArrayEquals(new int[] {3, h, w}, d.shape());
        for (int i = 0; i < w * h; i++) {
            assertEquals(smooth[i] >> 16 & 0xff, d.feature(0, i), 6);
            assertEquals(smooth[i] >> 8 & 0xff, d.feature(0, w * h + i), 6);
            assertEquals(smooth[i] & 0xff, d.feature(0, 2 * w * h + i), 6);
        }
        Path g = dir.resolve("g");
        write(grey(w, h, ramp), "jpeg", g.resolve("a.jpeg"));
        Dataset dg = ImageFolder.load("g", g, ImageOptions.of(1, PixelScale.BYTE));
        for (int i = 0; i < w * h; i++) {
            assertEquals(ramp[i] & 0xff, dg.feature(0, i), 4);
        }
    }

    @Test
    void classFoldersGiveSortedClassesLabelsAndOrder() throws IOException {
        write(grey(3, 2, GREY), "png", dir.resolve("dog/b.png"));
        write(grey(3, 2, GREY), "png", dir.resolve("dog/a.png"));
        write(grey(3, 2, GREY), "png", dir.resolve("cat/z.png"));
        write(grey(3, 2, GREY), "png", dir.resolve("emu/deeper/x.png"));
        // Ignored: hidden files and folders (with undecodable content), other extensions.
        TestFiles.write(dir, "cat/.hidden.png", NpyFiles.bytes(1, 2, 3));
        TestFiles.write(dir, "cat/notes.txt", NpyFiles.bytes(1, 2, 3));
        TestFiles.write(dir, "dog/.cache/y.png", NpyFiles.bytes(1, 2, 3));
        TestFiles.write(dir, ".DS_Store", NpyFiles.bytes(1, 2, 3));
        Files.createDirectories(dir.resolve(".git/objects"));
        ImageFolder f = ImageFolder.scan(dir);
        assertTrue(f.labelled());
        assertEquals(List.of("cat", "dog", "emu"), f.classes());
        assertEquals(List.of(dir.resolve("cat/z.png"), dir.resolve("dog/a.png"), dir.resolve("dog/b.png"),
                dir.resolve("emu/deeper/x.png")), f.files());
        assertArrayEquals(new int[] {0, 1, 1, 2}, f.labels());
        Dataset d = f.load("pets", GREY_UNIT);
        assertArrayEquals(new int[] {0, 1, 1, 2}, d.labels());
        assertEquals(4, d.size());
    }

    @Test
    void mnistLikePngFolderReadsBackExactlyAsFromBytes() {
        int n = 30;
        byte[] pixels = new byte[n * 28 * 28];
        int[] labels = new int[n];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7919 + (i >> 5));
        }
        for (int i = 0; i < n; i++) {
            labels[i] = (i * 7) % 10;
        }
        Path flat = ImageFolderFixtures.writePngFolder(dir.resolve("flat"), pixels, null, 28, 28);
        Path classes = ImageFolderFixtures.writePngFolder(dir.resolve("classes"), pixels, labels, 28, 28);
        // The labelled folder loads class by class: the same examples, stably sorted by label.
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Integer.compare(labels[a], labels[b]));
        int[] byClass = Arrays.stream(order).mapToInt(Integer::intValue).toArray();
        for (PixelScale scale : new PixelScale[] {PixelScale.UNIT, PixelScale.SYMMETRIC}) {
            Dataset idx = Dataset.fromBytes("mnist", pixels, labels, scale, 1, 28, 28);
            Dataset png = ImageFolder.load("png", flat, ImageOptions.of(1, scale));
            assertArrayEquals(idx.shape(), png.shape());
            assertArrayEquals(idx.featuresCopy(), png.featuresCopy());
            Dataset labelled = ImageFolder.load("png", classes, ImageOptions.of(1, scale));
            Dataset expected = idx.subset(byClass);
            assertArrayEquals(expected.featuresCopy(), labelled.featuresCopy());
            assertArrayEquals(expected.labels(), labelled.labels());
        }
    }

    @Test
    void resizeUsesTheAntialiasedBilinearFilter() {
        // One row 0, 40, 80, 120 shrunk to 2: each output weighs its 3 nearest sources 0.75, 0.75,
        // 0.25 (support 2, edge-clipped): (0*.75 + 40*.75 + 80*.25) / 1.75 = 28.57 -> 29, and
        // (40*.25 + 80*.75 + 120*.75) / 1.75 = 91.43 -> 91.
        Path shrink = dir.resolve("s");
        write(grey(4, 1, NpyFiles.bytes(0, 40, 80, 120)), "png", shrink.resolve("a.png"));
        Dataset s = ImageFolder.load("s", shrink, ImageOptions.of(1, PixelScale.BYTE).withSize(1, 2, ImageOptions.Fit.RESIZE));
        assertArrayEquals(new float[] {29, 91}, s.featuresCopy());
        // 0, 100 enlarged to 4: centres at 0.25, 0.75, 1.25, 1.75 in source pixels -> 0, 25, 75, 100.
        Path grow = dir.resolve("g");
        write(grey(2, 1, NpyFiles.bytes(0, 100)), "png", grow.resolve("a.png"));
        Dataset g = ImageFolder.load("g", grow, ImageOptions.of(1, PixelScale.BYTE).withSize(1, 4, ImageOptions.Fit.RESIZE));
        assertArrayEquals(new float[] {0, 25, 75, 100}, g.featuresCopy());
        // A constant image stays constant at any size, mixed sizes are fine with a fit, and RGB
        // planes are resized alike.
        Path mixed = dir.resolve("m");
        write(rgb(5, 3, filled(15, 0x336699)), "png", mixed.resolve("a.png"));
        write(rgb(2, 7, filled(14, 0x336699)), "png", mixed.resolve("b.png"));
        Dataset m = ImageFolder.load("m", mixed, ImageOptions.of(3, PixelScale.BYTE).withSize(4, 4, ImageOptions.Fit.RESIZE));
        assertArrayEquals(new int[] {3, 4, 4}, m.shape());
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 48; j++) {
                assertEquals(j < 16 ? 0x33 : j < 32 ? 0x66 : 0x99, m.feature(i, j));
            }
        }
    }

    @Test
    void centerCropAndResizeCenterCrop() {
        byte[] v = new byte[6 * 5];
        for (int i = 0; i < v.length; i++) {
            v[i] = (byte) (i * 3);
        }
        Path p = dir.resolve("p");
        write(grey(6, 5, v), "png", p.resolve("a.png"));
        ImageOptions bytes = ImageOptions.of(1, PixelScale.BYTE);
        // 6 x 5 -> centre 3 x 2 window: left (6-3)/2 = 1, top (5-2)/2 = 1.
        Dataset crop = ImageFolder.load("c", p, bytes.withSize(2, 3, ImageOptions.Fit.CENTER_CROP));
        assertArrayEquals(new float[] {v[7], v[8], v[9], v[13], v[14], v[15]}, crop.featuresCopy());
        // 6 x 5 to 5 x 5: the largest 5 x 5 window (columns 0.5 to 5.5), resampled 1:1, each
        // output pixel halfway between two source columns.
        Dataset rc = ImageFolder.load("rc", p, bytes.withSize(5, 5, ImageOptions.Fit.RESIZE_CENTER_CROP));
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 5; x++) {
                float expected = Math.round(((v[y * 6 + x] & 0xff) + (v[y * 6 + x + 1] & 0xff)) / 2.0);
                assertEquals(expected, rc.feature(0, y * 5 + x));
            }
        }
        // 6 x 2 to 2 x 2: full height, the window is columns 2 and 3, copied exactly.
        Path wide = dir.resolve("w");
        write(grey(6, 2, NpyFiles.bytes(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)), "png", wide.resolve("a.png"));
        Dataset square = ImageFolder.load("w", wide, bytes.withSize(2, 2, ImageOptions.Fit.RESIZE_CENTER_CROP));
        assertArrayEquals(new float[] {3, 4, 9, 10}, square.featuresCopy());
    }

    @Test
    void estimateFromTheFirstHeaderOrTheTargetSize() {
        write(grey(3, 2, GREY), "png", dir.resolve("a/x.png"));
        write(grey(3, 2, GREY), "png", dir.resolve("a/y.png"));
        write(grey(3, 2, GREY), "png", dir.resolve("b/z.png"));
        assertEquals(3L * 1 * 2 * 3 * 4 + 3 * 4, ImageFolder.estimateBytes(dir, GREY_UNIT));
        assertEquals(3L * 3 * 64 * 32 * 4 + 3 * 4,
                ImageFolder.estimateBytes(dir, RGB_UNIT.withSize(64, 32, ImageOptions.Fit.RESIZE)));
        Path flat = dir.resolve("a");
        assertEquals(2L * 3 * 2 * 3 * 4, ImageFolder.estimateBytes(flat, RGB_UNIT));
    }

    @Test
    void mixedSizesWithoutAFitNameTheFileAndBothSizes() {
        Path p = dir.resolve("p");
        write(grey(3, 2, GREY), "png", p.resolve("a.png"));
        write(grey(3, 2, GREY), "png", p.resolve("b.png"));
        write(grey(2, 3, GREY), "png", p.resolve("c.png"));
        write(grey(4, 4, new byte[16]), "png", p.resolve("d.png"));
        assertDataError(() -> ImageFolder.load("p", p, GREY_UNIT), p.resolve("c.png") + ": the image is 2 x 3",
                "first image, " + p.resolve("a.png") + ", is 3 x 2", "need a target size");
    }

    @Test
    void undecodableFileIsNamedNotSkipped() {
        Path p = dir.resolve("p");
        write(grey(3, 2, GREY), "png", p.resolve("a.png"));
        TestFiles.write(dir, "p/b.png", "not an image at all".getBytes());
        assertDataError(() -> ImageFolder.load("p", p, GREY_UNIT), p.resolve("b.png").toString(),
                "not an image any installed decoder recognises");
    }

    @Test
    void truncatedPngAndJpegAreCorrupt() throws IOException {
        int[] big = new int[32 * 32];
        for (int i = 0; i < big.length; i++) {
            big[i] = i * 2654435761L > 0 ? (int) (i * 2654435761L) : i;
        }
        for (String format : new String[] {"png", "jpeg"}) {
            Path folder = dir.resolve(format);
            Path f = write(rgb(32, 32, big), format, folder.resolve("a." + format));
            byte[] whole = Files.readAllBytes(f);
            Files.write(f, Arrays.copyOf(whole, whole.length / 2));
            assertDataError(() -> ImageFolder.load("t", folder, RGB_UNIT), f.toString(), "corrupt");
        }
    }

    @Test
    void unreadableFileIsNamed() throws IOException {
        Path p = dir.resolve("p");
        write(grey(3, 2, GREY), "png", p.resolve("a.png"));
        Files.createSymbolicLink(p.resolve("b.png"), dir.resolve("gone.png"));
        assertDataError(() -> ImageFolder.load("p", p, GREY_UNIT), p.resolve("b.png").toString(), "no such file");
    }

    @Test
    void aTinyFileDeclaringAHugeImageIsRefusedBeforeDecoding() throws IOException {
        Path p = dir.resolve("p");
        Path f = write(grey(3, 2, GREY), "png", p.resolve("bomb.png"));
        byte[] png = Files.readAllBytes(f);
        // IHDR: length at 8, "IHDR" at 12, width and height at 16 and 20, CRC of bytes 12-28 at 29.
        java.nio.ByteBuffer.wrap(png).putInt(16, 100_000).putInt(20, 100_000);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(png, 12, 17);
        java.nio.ByteBuffer.wrap(png).putInt(29, (int) crc.getValue());
        Files.write(f, png);
        assertDataError(() -> ImageFolder.load("p", p, GREY_UNIT.withSize(8, 8, ImageOptions.Fit.RESIZE)),
                f + " (100000 x 100000 pixels): needs about 74.5 GiB of heap", "-Xmx");
        assertDataError(() -> ImageFolder.load("p", p, GREY_UNIT), p.toString(), "10000000000 values",
                "more than the 2147483639 one data set can hold");
    }

    @Test
    void emptyFoldersAreErrors() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertDataError(() -> ImageFolder.scan(empty), empty.toString(), "no images");
        Path onlyIgnored = dir.resolve("ignored");
        TestFiles.write(onlyIgnored, "notes.txt", NpyFiles.bytes(1));
        TestFiles.write(onlyIgnored, ".x.png", NpyFiles.bytes(1));
        assertDataError(() -> ImageFolder.scan(onlyIgnored), onlyIgnored.toString(), "no images", "ignored");
        Path emptyClass = dir.resolve("classes");
        write(grey(3, 2, GREY), "png", emptyClass.resolve("a/x.png"));
        TestFiles.write(emptyClass, "b/readme.md", NpyFiles.bytes(1));
        assertDataError(() -> ImageFolder.scan(emptyClass), emptyClass.resolve("b").toString(),
                "class folder 'b' holds no");
    }

    @Test
    void classFoldersBesideImagesAndMissingRootsAreErrors() {
        Path p = dir.resolve("p");
        write(grey(3, 2, GREY), "png", p.resolve("a/x.png"));
        write(grey(3, 2, GREY), "png", p.resolve("loose.png"));
        assertDataError(() -> ImageFolder.scan(p), p.toString(), "both class folders ('a') and images ('loose.png')");
        Path missing = dir.resolve("missing");
        assertDataError(() -> ImageFolder.scan(missing), missing.toString(), "no such folder");
        Path file = p.resolve("loose.png");
        assertDataError(() -> ImageFolder.scan(file), file.toString(), "not a folder");
    }

    @Test
    void centerCropLargerThanTheImage() {
        Path p = dir.resolve("p");
        write(grey(3, 2, GREY), "png", p.resolve("a.png"));
        assertDataError(() -> ImageFolder.load("p", p, GREY_UNIT.withSize(3, 3, ImageOptions.Fit.CENTER_CROP)),
                p.resolve("a.png").toString(), "3 x 2 (width x height), smaller than the center crop of 3 x 3");
    }

    @Test
    void optionsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> ImageOptions.of(2, PixelScale.UNIT));
        assertThrows(IllegalArgumentException.class, () -> GREY_UNIT.withSize(0, 4, ImageOptions.Fit.RESIZE));
        assertThrows(IllegalArgumentException.class, () -> GREY_UNIT.withSize(4, 4, ImageOptions.Fit.NONE));
        assertNull(ImageFolder.scan(write(grey(3, 2, GREY), "png", dir.resolve("a.png")).getParent()).labels());
    }

    private static int[] filled(int n, int rgb) {
        int[] out = new int[n];
        Arrays.fill(out, rgb);
        return out;
    }
}
