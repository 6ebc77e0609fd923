package org.latent.viz;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Figures of a latent space drawn through a decoder. Decoders map a [count, d] float array of
 * latent points to [count, h*w] images with pixels in [0, 1].
 */
public final class LatentFigures {
    static {
        Headless.ensure();
    }

    /** Free pixels kept between a glyph and the plot's border. */
    private static final int GLYPH_MARGIN = 2;

    private LatentFigures() {}

    /**
     * The 2-D manifold (the Kingma & Welling figure): decodes a grid of `steps x steps` latent
     * points z = (Phi^-1(u), Phi^-1(v)) for u, v evenly spaced in (0,1), u_i = (i+1)/(steps+1), and
     * writes the image grid. Columns go along z1 (increasing to the right), rows along z2
     * (increasing upwards, as in a scatter of the latent plane).
     */
    public static Framed.Placement manifold(Path png, Function<float[], float[]> decoder, int steps, int h,
            int w, int zoom) throws IOException {
        return manifold(png, decoder, steps, 1, h, w, zoom);
    }

    /** The same for decoded images of {@code channels} (1 or 3: drawn in colour) planes of h x w. */
    public static Framed.Placement manifold(Path png, Function<float[], float[]> decoder, int steps, int channels, int h,
            int w, int zoom) throws IOException {
        return manifold(png, decoder, steps, channels, h, w, zoom, 0, "The decoder over the latent plane");
    }

    /**
     * The same with {@code pad} background pixels around each image and a title; the z1 value of each
     * column is written under it and the z2 value of each row beside it.
     */
    public static Framed.Placement manifold(Path png, Function<float[], float[]> decoder, int steps, int channels, int h, int w,
            int zoom, int pad, String title) throws IOException {
        float[] z = manifoldGrid(steps);
        float[] images = decoder.apply(z);
        List<String> columns = new ArrayList<>(), rows = new ArrayList<>();
        for (int c = 0; c < steps; c++) columns.add(tick(z[2 * c]));
        for (int r = 0; r < steps; r++) rows.add(tick(z[2 * r * steps + 1]));
        return ImageGrid.writeFramed(png, images, steps * steps, channels, h, w, steps, zoom, pad, 0f, 1f,
                new Framed.Axes(title, "z1", columns, "z2", rows));
    }

    /** The points z(t) = (1-t) a + t b for `steps` values of t in [0,1], decoded, as one strip. */
    public static Framed.Placement interpolation(Path png, Function<float[], float[]> decoder, float[] a,
            float[] b, int steps, int h, int w, int zoom) throws IOException {
        return interpolation(png, decoder, a, b, steps, 1, h, w, zoom);
    }

    /** The same for decoded images of {@code channels} (1 or 3: drawn in colour) planes of h x w. */
    public static Framed.Placement interpolation(Path png, Function<float[], float[]> decoder, float[] a,
            float[] b, int steps, int channels, int h, int w, int zoom) throws IOException {
        return interpolation(png, decoder, a, b, steps, channels, h, w, zoom, 0, "Decoded along a line in the latent space");
    }

    /** The same with {@code pad} background pixels around each image and a title; t is written under each image. */
    public static Framed.Placement interpolation(Path png, Function<float[], float[]> decoder, float[] a, float[] b, int steps,
            int channels, int h, int w, int zoom, int pad, String title) throws IOException {
        float[] images = decoder.apply(segment(a, b, steps));
        List<String> t = new ArrayList<>();
        for (int i = 0; i < steps; i++) t.add(tick((double) i / (steps - 1)));
        return ImageGrid.writeFramed(png, images, steps, channels, h, w, steps, zoom, pad, 0f, 1f,
                new Framed.Axes(title, "t: the image decoded from z = (1 \u2212 t) a + t b", t, null, null));
    }

    /** A coordinate for an axis: two decimals, no trailing zeros, no "-0". */
    static String tick(double v) {
        String s = new BigDecimal(v).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }

    /**
     * A scatter where each point is drawn as its own small glyph image (E7: each font character
     * drawn at its 2-D code): xy = x0, y0, x1, y1, ...; images in [0, 1] are drawn as ink, 1 black
     * and 0 transparent, each pixel `glyphZoom` pixels wide, centred on its point.
     */
    public static void glyphMap(Path png, float[] xy, float[] images, int n, int h, int w,
            int glyphZoom, int width, int height) throws IOException {
        if (n < 1 || h < 1 || w < 1 || glyphZoom < 1) {
            throw new IllegalArgumentException("n, h, w and glyphZoom must be at least 1, got n="
                    + n + " h=" + h + " w=" + w + " glyphZoom=" + glyphZoom);
        }
        if (xy.length != 2 * n || images.length != (long) n * h * w) {
            throw new IllegalArgumentException(xy.length + " coordinates and " + images.length
                    + " floats for " + n + " points with images of " + h + "x" + w);
        }
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = xy[2 * i];
            ys[i] = xy[2 * i + 1];
        }
        XYChart chart = new XYChartBuilder().width(width).height(height).xAxisTitle("z1")
                .yAxisTitle("z2").build();
        XYStyler styler = chart.getStyler();
        ChartStyle.apply(styler);
        styler.setLegendVisible(false);
        styler.setPlotContentSize(1);
        styler.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.addSeries("codes", xs, ys).setMarker(SeriesMarkers.NONE);

        int glyphWidth = w * glyphZoom;
        int glyphHeight = h * glyphZoom;
        fitAxesAroundGlyphs(chart, xs, ys, glyphWidth, glyphHeight);
        BufferedImage canvas = ChartStyle.render(chart);
        Graphics2D g = canvas.createGraphics();
        try {
            for (int i = 0; i < n; i++) {
                BufferedImage glyph = inkGlyph(images, i * h * w, h, w, glyphZoom);
                int left = (int) Math.round(chart.getScreenXFromChart(xs[i]) - glyphWidth / 2.0);
                int top = (int) Math.round(chart.getScreenYFromChart(ys[i]) - glyphHeight / 2.0);
                g.drawImage(glyph, left, top, null);
            }
        } finally {
            g.dispose();
        }
        AtomicFiles.writePng(png, canvas);
    }

    /** z for row r, column c at [2 (r steps + c)]: (q_c, q_{steps-1-r}) with q_i = Phi^-1(u_i). */
    static float[] manifoldGrid(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        NormalDistribution normal = new NormalDistribution();
        float[] quantiles = new float[steps];
        // Mirrored from the lower half so the grid is exactly symmetric about 0.
        for (int i = 0; i < steps / 2; i++) {
            quantiles[i] = (float) normal.inverseCumulativeProbability((i + 1.0) / (steps + 1));
            quantiles[steps - 1 - i] = -quantiles[i];
        }
        float[] z = new float[2 * steps * steps];
        for (int r = 0; r < steps; r++) {
            for (int c = 0; c < steps; c++) {
                z[2 * (r * steps + c)] = quantiles[c];
                z[2 * (r * steps + c) + 1] = quantiles[steps - 1 - r];
            }
        }
        return z;
    }

    /** [steps, d] points from a to b inclusive, evenly spaced. */
    static float[] segment(float[] a, float[] b, int steps) {
        if (a.length != b.length || a.length == 0 || steps < 2) {
            throw new IllegalArgumentException("interpolation needs two points of one size >= 1"
                    + " and steps >= 2, got sizes " + a.length + ", " + b.length
                    + " and steps " + steps);
        }
        int d = a.length;
        float[] z = new float[steps * d];
        for (int i = 0; i < steps; i++) {
            float t = (float) i / (steps - 1);
            for (int j = 0; j < d; j++) {
                z[i * d + j] = (1 - t) * a[j] + t * b[j];
            }
        }
        return z;
    }

    private static BufferedImage inkGlyph(float[] images, int offset, int h, int w, int zoom) {
        BufferedImage glyph = new BufferedImage(w * zoom, h * zoom, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < h * zoom; y++) {
            for (int x = 0; x < w * zoom; x++) {
                int alpha = ImageGrid.grey(images[offset + (y / zoom) * w + x / zoom], 0f, 1f);
                glyph.setRGB(x, y, alpha << 24);
            }
        }
        return glyph;
    }

    /** Sets the axes so that glyphs centred on the extreme points stay inside the plot. */
    private static void fitAxesAroundGlyphs(XYChart chart, double[] xs, double[] ys,
            int glyphWidth, int glyphHeight) {
        Range xRange = Range.of(xs);
        Range yRange = Range.of(ys);
        fitAxes(chart, xRange, yRange);
        ChartStyle.render(chart); // lays the plot out, which screen coordinates depend on
        double plotWidth =
                chart.getScreenXFromChart(xRange.max) - chart.getScreenXFromChart(xRange.min);
        double plotHeight =
                chart.getScreenYFromChart(yRange.min) - chart.getScreenYFromChart(yRange.max);
        fitAxes(chart, xRange.widenedFor(glyphWidth / 2.0 + GLYPH_MARGIN, plotWidth),
                yRange.widenedFor(glyphHeight / 2.0 + GLYPH_MARGIN, plotHeight));
    }

    private static void fitAxes(XYChart chart, Range x, Range y) {
        chart.getStyler().setXAxisMin(x.min).setXAxisMax(x.max);
        chart.getStyler().setYAxisMin(y.min).setYAxisMax(y.max);
    }

    private record Range(double min, double max) {
        static Range of(double[] values) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double v : values) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            if (!(min <= max) || Double.isInfinite(min) || Double.isInfinite(max)) {
                throw new IllegalArgumentException("coordinates must be finite");
            }
            return min == max ? new Range(min - 1, max + 1) : new Range(min, max);
        }

        /**
         * The range whose ends lie `pixels` beyond this one's on a plot `plotPixels` long: with the
         * new span s, pixels / plotPixels = pad / s and s = span + 2 pad.
         */
        Range widenedFor(double pixels, double plotPixels) {
            double fraction = Math.min(0.4, pixels / plotPixels);
            double pad = fraction * (max - min) / (1 - 2 * fraction);
            return new Range(min - pad, max + pad);
        }
    }
}
