package org.latent.viz;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        for (Map.Entry<String, double[]> entry : series.entrySet()) {
            if (entry.getValue().length != x.length) {
                throw new IllegalArgumentException("series '" + entry.getKey() + "' has "
                        + entry.getValue().length + " values for " + x.length + " x values");
            }
            chart.addSeries(entry.getKey(), x, entry.getValue()).setMarker(SeriesMarkers.NONE);
        }
        ChartStyle.writePng(png, chart);
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
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        for (Map.Entry<String, double[]> entry : series.entrySet()) {
            if (entry.getValue().length != x.length) {
                throw new IllegalArgumentException("series '" + entry.getKey() + "' has "
                        + entry.getValue().length + " values for " + x.length + " x values");
            }
            chart.addSeries(entry.getKey(), x, entry.getValue()).setMarker(SeriesMarkers.NONE);
        }
        XYSeries r = chart.addSeries(rightName, x, right);
        r.setMarker(SeriesMarkers.NONE);
        r.setYAxisGroup(1);
        chart.setYAxisGroupTitle(1, rightTitle);
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        ChartStyle.writePng(png, chart);
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
