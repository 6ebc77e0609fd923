package org.latent.viz;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Charts of a run as PNG: metric curves, 2-D point clouds by class, confusion matrices. */
public final class Plots {
    static {
        Headless.ensure();
    }

    /** Above this many classes a scatter's legend would hide the plot, so it is left out. */
    static final int MAX_LEGEND_ENTRIES = 20;
    private static final int SCATTER_MARKER_SIZE = 4;
    private static final int CONFUSION_CELL = 48;

    private Plots() {}

    /**
     * Line chart: one series per entry (name -> y values over x), axis titles, legend; PNG of
     * width x height.
     */
    public static void lines(Path png, String title, String xTitle, String yTitle, double[] x,
            Map<String, double[]> series, int width, int height) throws IOException {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("no series to plot in '" + title + "'");
        }
        List<Series> all = new ArrayList<>();
        for (Map.Entry<String, double[]> entry : series.entrySet()) {
            if (entry.getValue().length != x.length) {
                throw new IllegalArgumentException("series '" + entry.getKey() + "' has "
                        + entry.getValue().length + " values for " + x.length + " x values");
            }
            all.add(new Series(entry.getKey(), x, entry.getValue()));
        }
        lines(png, title, xTitle, yTitle, all, width, height);
    }

    /** A curve: its own x values (e.g. only the last epoch for a test loss measured at the end); NaN points are left out. */
    public record Series(String name, double[] x, double[] y) {
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException("series '" + name + "' has " + y.length + " values for " + x.length + " x values");
            }
        }
    }

    /** Curves with at most this many points are drawn with a marker at each point, so one point alone is visible. */
    static final int MARKED_POINTS = 30;

    /**
     * Line chart of curves with x values of their own: a curve of up to {@value #MARKED_POINTS} points
     * has a marker at each (a single point is a visible dot); non-finite points are left out. When every
     * x is a whole number (epochs) only whole numbers label the x axis; otherwise at most two decimals.
     */
    public static void lines(Path png, String title, String xTitle, String yTitle, List<Series> series, int width,
            int height) throws IOException {
        ChartStyle.writePng(png, lineChart(title, xTitle, yTitle, series, width, height));
    }

    /**
     * The same with one more curve on a right-hand axis of its own (e.g. the learning rate beside the
     * losses), drawn in the next colour.
     */
    public static void lines(Path png, String title, String xTitle, String yTitle, List<Series> series, Series right,
            String rightTitle, int width, int height) throws IOException {
        XYChart chart = lineChart(title, xTitle, yTitle, series, width, height);
        List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
        for (int i = 0; i < right.x().length; i++) {
            if (Double.isFinite(right.x()[i]) && Double.isFinite(right.y()[i])) {
                xs.add(right.x()[i]);
                ys.add(right.y()[i]);
            }
        }
        if (!xs.isEmpty()) {
            XYSeries r = chart.addSeries(right.name(), xs, ys);
            r.setLineColor(ChartStyle.colour(chart.getSeriesMap().size() - 1));
            r.setMarkerColor(ChartStyle.colour(chart.getSeriesMap().size() - 1));
            r.setMarker(xs.size() <= MARKED_POINTS ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            r.setYAxisGroup(1);
            chart.setYAxisGroupTitle(1, rightTitle);
            chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
            // The loss axis's tick labels would also format the right axis: both keep XChart's patterns here.
            chart.getStyler().setyAxisTickLabelsFormattingFunction(null);
        }
        ChartStyle.writePng(png, chart);
    }

    private static XYChart lineChart(String title, String xTitle, String yTitle, List<Series> series, int width,
            int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setMarkerSize(8);
        double xMin = Double.POSITIVE_INFINITY, xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY, yMax = Double.NEGATIVE_INFINITY;
        boolean whole = true;
        int index = 0;
        for (Series s : series) {
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (int i = 0; i < s.x().length; i++) {
                if (!Double.isFinite(s.x()[i]) || !Double.isFinite(s.y()[i])) continue;
                xs.add(s.x()[i]);
                ys.add(s.y()[i]);
                xMin = Math.min(xMin, s.x()[i]);
                xMax = Math.max(xMax, s.x()[i]);
                yMin = Math.min(yMin, s.y()[i]);
                yMax = Math.max(yMax, s.y()[i]);
                whole &= s.x()[i] == Math.rint(s.x()[i]);
            }
            if (xs.isEmpty()) continue;
            XYSeries added = chart.addSeries(s.name(), xs, ys);
            added.setLineColor(ChartStyle.colour(index));
            added.setMarkerColor(ChartStyle.colour(index));
            added.setMarker(xs.size() <= MARKED_POINTS ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            index++;
        }
        if (index == 0) {
            throw new IllegalArgumentException("no finite points to plot in '" + title + "'");
        }
        // One x value (one epoch, one log interval): an axis around it rather than XChart's degenerate one.
        if (xMin == xMax) {
            xMin = whole ? xMin - 1 : Math.floor(xMin);
            xMax = whole ? xMax + 1 : Math.floor(xMax) + 1;
            chart.getStyler().setXAxisMin(xMin).setXAxisMax(xMax);
        }
        if (yMin == yMax) {
            double pad = Math.max(Math.abs(yMin) * 0.05, 1e-3);
            chart.getStyler().setYAxisMin(yMin - pad).setYAxisMax(yMax + pad);
        }
        boolean wholeX = whole;
        chart.getStyler().setxAxisTickLabelsFormattingFunction(v -> tickLabel(v, wholeX));
        double ySpan = Math.max(yMax - yMin, Math.max(Math.abs(yMax), Math.abs(yMin)) * 1e-3);
        chart.getStyler().setyAxisTickLabelsFormattingFunction(v -> valueLabel(v, ySpan));
        return chart;
    }

    /** A y tick's label with as many decimals as a span of {@code span} needs to tell ticks apart (about 3 significant digits of it). */
    static String valueLabel(double v, double span) {
        int decimals = span > 0 && Double.isFinite(span) ? (int) Math.max(0, Math.min(6, Math.ceil(2 - Math.log10(span)))) : 2;
        String s = String.format(Locale.ROOT, "%,." + decimals + "f", v);
        return s.matches("-0[.,]?0*") ? s.substring(1) : s;
    }

    /** An x tick's label: whole numbers only on an axis of whole numbers (epochs), else at most two decimals. */
    static String tickLabel(double v, boolean whole) {
        if (whole) return Math.abs(v - Math.rint(v)) < 1e-9 ? String.format(Locale.ROOT, "%d", (long) Math.rint(v)) : "";
        String s = new java.math.BigDecimal(v).setScale(2, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }

    /**
     * {@link #lines} plus one more series on a second y axis at the right (the learning rate beside
     * the losses), titled {@code rightTitle}.
     */
    public static void linesWithRightAxis(Path png, String title, String xTitle, String yTitle, double[] x,
            Map<String, double[]> series, String rightName, String rightTitle, double[] right, int width, int height)
            throws IOException {
        if (series.isEmpty() || right.length != x.length) {
            throw new IllegalArgumentException("'" + title + "': no series, or " + right.length + " right-axis values for "
                    + x.length + " x values");
        }
        List<Series> all = new ArrayList<>();
        for (Map.Entry<String, double[]> entry : series.entrySet()) all.add(new Series(entry.getKey(), x, entry.getValue()));
        lines(png, title, xTitle, yTitle, all, new Series(rightName, x, right), rightTitle, width, height);
    }

    /**
     * Scatter of 2-D points (xy = x0, y0, x1, y1, ...) coloured by integer class: a legend with one
     * entry per class (none above {@value #MAX_LEGEND_ENTRIES} classes), 10 distinct colours, more
     * classes cycle; e.g. the 2-D latent means of test digits. Axes are titled z1 and z2.
     */
    public static void scatter(Path png, String title, float[] xy, int[] labels, int width,
            int height) throws IOException {
        scatter(png, title, xy, labels, Map.of(), width, height);
    }

    /** The same with a legend name per class (classes not in {@code names} are named by their number). */
    public static void scatter(Path png, String title, float[] xy, int[] labels, Map<Integer, String> names,
            int width, int height) throws IOException {
        if (xy.length != 2 * labels.length || labels.length == 0) {
            throw new IllegalArgumentException(xy.length + " coordinates for " + labels.length
                    + " labels; need two per point and at least one point");
        }
        Map<Integer, List<Integer>> pointsByClass = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            pointsByClass.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(i);
        }
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle("z1").yAxisTitle("z2").build();
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(SCATTER_MARKER_SIZE);
        chart.getStyler().setLegendVisible(pointsByClass.size() <= MAX_LEGEND_ENTRIES);
        for (Map.Entry<Integer, List<Integer>> entry : pointsByClass.entrySet()) {
            List<Integer> points = entry.getValue();
            double[] xs = new double[points.size()];
            double[] ys = new double[points.size()];
            for (int j = 0; j < points.size(); j++) {
                xs[j] = xy[2 * points.get(j)];
                ys[j] = xy[2 * points.get(j) + 1];
            }
            XYSeries series = chart.addSeries(names.getOrDefault(entry.getKey(), String.valueOf(entry.getKey())), xs, ys);
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setMarkerColor(ChartStyle.colour(entry.getKey()));
        }
        ChartStyle.writePng(png, chart);
    }

    /**
     * Confusion matrix heat map with counts written in cells (k x k, row = true class, class 0 at
     * the top; columns are the predicted classes). The size follows from k.
     */
    public static void confusion(Path png, String title, int[][] counts, List<String> classNames)
            throws IOException {
        int k = counts.length;
        if (k == 0 || classNames.size() != k) {
            throw new IllegalArgumentException(k + " rows of counts for " + classNames.size()
                    + " class names");
        }
        List<Number[]> cells = new ArrayList<>(k * k);
        for (int actual = 0; actual < k; actual++) {
            if (counts[actual].length != k) {
                throw new IllegalArgumentException("row " + actual + " has " + counts[actual].length
                        + " counts, expected " + k);
            }
            for (int predicted = 0; predicted < k; predicted++) {
                // The heat map's y axis runs upwards; flip it so the first class is the top row.
                cells.add(new Number[] {predicted, k - 1 - actual, counts[actual][predicted]});
            }
        }
        List<String> rowNames = new ArrayList<>(classNames);
        Collections.reverse(rowNames);

        int side = k * CONFUSION_CELL;
        HeatMapChart chart = new HeatMapChartBuilder().width(Math.max(420, side + 160))
                .height(Math.max(380, side + 130)).title(title).xAxisTitle("predicted class")
                .yAxisTitle("true class").build();
        HeatMapStyler styler = chart.getStyler();
        ChartStyle.apply(styler);
        styler.setLegendVisible(false);
        styler.setPlotContentSize(1);
        styler.setShowValue(true);
        styler.setHeatMapValueDecimalPattern("0");
        styler.setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, k > 15 ? 9 : 12));
        styler.setValueFontColor(Color.BLACK);
        // Light to medium blues, so that the black counts stay readable in every cell.
        styler.setRangeColors(new Color[] {
                new Color(247, 251, 255), new Color(158, 202, 225), new Color(66, 146, 198)});
        chart.addSeries("counts", classNames, rowNames, cells);
        ChartStyle.writePng(png, chart);
    }
}
