package org.latent.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Image grids (reconstructions, samples, decoded latent points) as PNG: grey levels for
 * one-channel images, colour for three-channel ones ([3, h, w]: R, G and B planes, each mapped like
 * a grey level). Each image is scaled by an integer zoom (nearest neighbour), optionally padded with
 * its background, and separated from its neighbours by a 1-px gap.
 */
public final class ImageGrid {
    static {
        Headless.ensure();
    }

    /** Grey of the gaps and of unused cells: mid grey stands out against black and white images. */
    static final int GAP_GREY = 128;
    static final int GAP = 1;
    private static final int LABEL_PADDING = 4;

    private ImageGrid() {}

    /**
     * images: n images of h*w floats (row-major) in [lo, hi]; writes a PNG grid with `cols` columns
     * (fewer when n < cols), each image scaled by `zoom`, 1-px gaps; grey levels; values outside
     * are clipped (NaN is drawn as lo).
     */
    public static void write(Path png, float[] images, int n, int h, int w, int cols, int zoom,
            float lo, float hi) throws IOException {
        write(png, images, n, 1, h, w, cols, zoom, lo, hi);
    }

    /**
     * The same for images of {@code channels} planes of h*w floats: 1 (grey levels, as above) or 3
     * (an RGB PNG, each plane mapped from [lo, hi] onto 0..255 like a grey level).
     */
    public static void write(Path png, float[] images, int n, int channels, int h, int w, int cols, int zoom,
            float lo, float hi) throws IOException {
        AtomicFiles.writePng(png, render(images, n, channels, h, w, cols, zoom, 0, lo, hi));
    }

    /**
     * The same with a label beside each row (e.g. epoch numbers, class names): `rows * cols`
     * images, row by row, and one label per row drawn to the left of it.
     */
    public static void writeLabelledRows(Path png, float[] images, int rows, int cols, int h, int w,
            int zoom, float lo, float hi, List<String> rowLabels) throws IOException {
        writeLabelledRows(png, images, rows, cols, 1, h, w, zoom, 0, lo, hi, rowLabels);
    }

    /** The same for images of {@code channels} (1 or 3) planes of h*w floats; three give an RGB PNG. */
    public static void writeLabelledRows(Path png, float[] images, int rows, int cols, int channels, int h, int w,
            int zoom, float lo, float hi, List<String> rowLabels) throws IOException {
        writeLabelledRows(png, images, rows, cols, channels, h, w, zoom, 0, lo, hi, rowLabels);
    }

    /** The same with {@code pad} background pixels around each image (see {@link #padFor}). */
    public static void writeLabelledRows(Path png, float[] images, int rows, int cols, int channels, int h, int w,
            int zoom, int pad, float lo, float hi, List<String> rowLabels) throws IOException {
        if (rowLabels.size() != rows) {
            throw new IllegalArgumentException(rowLabels.size() + " labels for " + rows + " rows");
        }
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be at least 1, got " + rows);
        }
        BufferedImage grid = render(images, rows * cols, channels, h, w, cols, zoom, pad, lo, hi);
        int rowHeight = h * zoom + 2 * pad;
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(6, Math.min(12, rowHeight)));
        FontMetrics metrics = fontMetrics(grid, font);
        int labelWidth = 2 * LABEL_PADDING
                + rowLabels.stream().mapToInt(metrics::stringWidth).max().orElse(0);

        BufferedImage out = new BufferedImage(labelWidth + grid.getWidth(), grid.getHeight(),
                grid.getType());
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, labelWidth, out.getHeight());
            // The grid's samples are copied as they are (Graphics2D would convert grey levels to linear grey).
            out.getRaster().setRect(labelWidth, 0, grid.getRaster());
            g.setColor(Color.BLACK);
            g.setFont(font);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
                    RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            for (int r = 0; r < rows; r++) {
                int top = r * (rowHeight + GAP);
                int baseline = top + (rowHeight + metrics.getAscent() - metrics.getDescent()) / 2;
                g.drawString(rowLabels.get(r), LABEL_PADDING, baseline);
            }
        } finally {
            g.dispose();
        }
        AtomicFiles.writePng(png, out);
    }

    /**
     * A grid as {@link #write} draws it, framed by {@link Framed}: a title, and labels under the
     * columns and beside the rows; {@code pad} background pixels around each image (see {@link #padFor}).
     * Returns where the grid lies in the written image.
     */
    public static Framed.Placement writeFramed(Path png, float[] images, int n, int h, int w, int cols, int zoom, int pad,
            float lo, float hi, Framed.Axes axes) throws IOException {
        return writeFramed(png, images, n, 1, h, w, cols, zoom, pad, lo, hi, axes);
    }

    /** The same for images of {@code channels} (1 or 3) planes of h*w floats; three give an RGB PNG. */
    public static Framed.Placement writeFramed(Path png, float[] images, int n, int channels, int h, int w, int cols, int zoom,
            int pad, float lo, float hi, Framed.Axes axes) throws IOException {
        BufferedImage grid = render(images, n, channels, h, w, cols, zoom, pad, lo, hi);
        int columns = Math.min(cols, n);
        Framed.Result r = Framed.frame(grid, columns, (n + columns - 1) / columns, w * zoom + 2 * pad, h * zoom + 2 * pad, GAP,
                axes);
        AtomicFiles.writePng(png, r.image());
        return r.grid();
    }

    private static FontMetrics fontMetrics(BufferedImage image, Font font) {
        Graphics2D g = image.createGraphics();
        try {
            return g.getFontMetrics(font);
        } finally {
            g.dispose();
        }
    }

    /** Pixel size of `count` cells of `size` pixels zoomed, with gaps between them. */
    static int extent(int count, int size, int zoom) {
        return extent(count, size, zoom, 0);
    }

    /** Pixel size of `count` cells of `size` pixels zoomed and padded on both sides, with gaps between them. */
    static int extent(int count, int size, int zoom, int pad) {
        return count * (size * zoom + 2 * pad) + (count - 1) * GAP;
    }

    /**
     * The zoom that makes an image of height {@code h} about {@code pixels} tall on screen (at least
     * 1, at most 16): small images (7x5 glyphs, 28x20 faces) are scaled up to be legible.
     */
    public static int zoomFor(int h, int pixels) {
        return Math.max(1, Math.min(16, (int) Math.ceil(pixels / (double) h)));
    }

    /**
     * Background pixels around each image: half an image pixel on each side for tiny images (5x7
     * glyphs, whose ink reaches their edges), so that neighbours are one image pixel apart; none otherwise.
     */
    public static int padFor(int h, int zoom) {
        return h < 16 ? Math.max(1, zoom / 2) : 0;
    }

    static BufferedImage render(float[] images, int n, int h, int w, int cols, int zoom, float lo,
            float hi) {
        return render(images, n, 1, h, w, cols, zoom, 0, lo, hi);
    }

    static BufferedImage render(float[] images, int n, int channels, int h, int w, int cols, int zoom,
            float lo, float hi) {
        return render(images, n, channels, h, w, cols, zoom, 0, lo, hi);
    }

    static BufferedImage render(float[] images, int n, int channels, int h, int w, int cols, int zoom, int pad,
            float lo, float hi) {
        if (n < 1 || h < 1 || w < 1 || cols < 1 || zoom < 1 || pad < 0) {
            throw new IllegalArgumentException("n, h, w, cols and zoom must be at least 1, got n="
                    + n + " h=" + h + " w=" + w + " cols=" + cols + " zoom=" + zoom);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("images must have 1 (grey) or 3 (RGB) channels, not " + channels);
        }
        if (images.length != (long) n * channels * h * w) {
            throw new IllegalArgumentException(images.length + " floats for " + n + " images of "
                    + (channels == 1 ? "" : channels + "x") + h + "x" + w);
        }
        if (!(lo < hi)) {
            throw new IllegalArgumentException("need lo < hi, got [" + lo + ", " + hi + "]");
        }
        int columns = Math.min(cols, n);
        int rows = (n + columns - 1) / columns;
        if (channels == 3) {
            return renderRgb(images, n, h, w, columns, rows, zoom, pad, lo, hi);
        }
        BufferedImage image = new BufferedImage(extent(columns, w, zoom, pad), extent(rows, h, zoom, pad),
                BufferedImage.TYPE_BYTE_GRAY);
        // Samples go straight to the raster: Graphics2D would convert colours to linear grey.
        WritableRaster raster = image.getRaster();
        int[] gapFill = new int[image.getWidth() * image.getHeight()];
        Arrays.fill(gapFill, GAP_GREY);
        raster.setPixels(0, 0, image.getWidth(), image.getHeight(), gapFill);

        int[] block = new int[zoom * zoom];
        int cellW = w * zoom + 2 * pad, cellH = h * zoom + 2 * pad;
        int[] background = new int[cellW * cellH];
        Arrays.fill(background, grey(lo, lo, hi));
        for (int i = 0; i < n; i++) {
            int left = (i % columns) * (cellW + GAP) + pad;
            int top = (i / columns) * (cellH + GAP) + pad;
            if (pad > 0) raster.setPixels(left - pad, top - pad, cellW, cellH, background);
            int offset = i * h * w;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    Arrays.fill(block, grey(images[offset + y * w + x], lo, hi));
                    raster.setPixels(left + x * zoom, top + y * zoom, zoom, zoom, block);
                }
            }
        }
        return image;
    }

    /** Three planes per image mapped like grey levels into the R, G and B samples of an RGB image. */
    private static BufferedImage renderRgb(float[] images, int n, int h, int w, int columns, int rows,
            int zoom, int pad, float lo, float hi) {
        BufferedImage image = new BufferedImage(extent(columns, w, zoom, pad), extent(rows, h, zoom, pad),
                BufferedImage.TYPE_INT_RGB);
        int gap = GAP_GREY << 16 | GAP_GREY << 8 | GAP_GREY;
        int[] fill = new int[image.getWidth() * image.getHeight()];
        Arrays.fill(fill, gap);
        image.setRGB(0, 0, image.getWidth(), image.getHeight(), fill, 0, image.getWidth());
        int plane = h * w;
        int[] block = new int[zoom * zoom];
        int cellW = w * zoom + 2 * pad, cellH = h * zoom + 2 * pad;
        int lowGrey = grey(lo, lo, hi);
        int[] background = new int[cellW * cellH];
        Arrays.fill(background, lowGrey << 16 | lowGrey << 8 | lowGrey);
        for (int i = 0; i < n; i++) {
            int left = (i % columns) * (cellW + GAP) + pad;
            int top = (i / columns) * (cellH + GAP) + pad;
            if (pad > 0) image.setRGB(left - pad, top - pad, cellW, cellH, background, 0, cellW);
            int offset = i * 3 * plane;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = offset + y * w + x;
                    int rgb = grey(images[p], lo, hi) << 16 | grey(images[p + plane], lo, hi) << 8
                            | grey(images[p + 2 * plane], lo, hi);
                    Arrays.fill(block, rgb);
                    image.setRGB(left + x * zoom, top + y * zoom, zoom, zoom, block, 0, zoom);
                }
            }
        }
        return image;
    }

    /** Maps [lo, hi] linearly onto 0..255, clipping outside values; NaN maps to 0. */
    static int grey(float value, float lo, float hi) {
        if (!(value > lo)) {
            return 0;
        }
        if (value >= hi) {
            return 255;
        }
        return Math.round((value - lo) / (hi - lo) * 255f);
    }
}
