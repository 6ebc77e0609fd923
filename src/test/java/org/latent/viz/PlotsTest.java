package org.latent.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {
    @TempDir
    Path dir;

    private static int rgb(int paletteIndex) {
        return ChartStyle.PALETTE[paletteIndex].getRGB() & 0xFFFFFF;
    }

    @Test
    void linesDrawEverySeriesInItsOwnColour() throws IOException {
        double[] epochs = {1, 2, 3, 4, 5};
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("train", new double[] {560, 170, 140, 130, 125});
        series.put("validation", new double[] {300, 180, 150, Double.NaN, 138});
        Path png = dir.resolve("loss.png");
        Plots.lines(png, "Loss", "epoch", "-ELBO", epochs, series, 640, 400);

        BufferedImage image = Pngs.read(png);
        assertEquals(640, image.getWidth());
        assertEquals(400, image.getHeight());
        assertTrue(Pngs.count(image, rgb(0)) > 50, "first series drawn");
        assertTrue(Pngs.count(image, rgb(1)) > 50, "second series drawn");
        assertTrue(Pngs.colours(image).size() > 10);
    }

    @Test
    void scatterHasAColourForEveryClass() throws IOException {
        int n = 300;
        float[] xy = new float[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            double angle = i * 0.37;
            xy[2 * i] = (float) (labels[i] * 3 + Math.cos(angle));
            xy[2 * i + 1] = (float) Math.sin(angle);
        }
        Path png = dir.resolve("latent.png");
        Plots.scatter(png, "Test means", xy, labels, 500, 400);

        BufferedImage image = Pngs.read(png);
        assertEquals(500, image.getWidth());
        assertEquals(400, image.getHeight());
        for (int c = 0; c < 3; c++) {
            assertTrue(Pngs.count(image, rgb(c)) > 20, "class " + c + " drawn");
        }
    }

    @Test
    void scatterColoursCycleAndManyClassesStillPlot() throws IOException {
        int n = 30;
        float[] xy = new float[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i;
            xy[2 * i] = i;
            xy[2 * i + 1] = i % 7;
        }
        Path png = dir.resolve("faces.png");
        Plots.scatter(png, "By image index", xy, labels, 400, 300);
        BufferedImage image = Pngs.read(png);
        for (int c = 0; c < ChartStyle.PALETTE.length; c++) {
            assertTrue(Pngs.count(image, rgb(c)) > 0, "palette colour " + c);
        }
        assertEquals(ChartStyle.PALETTE[3], ChartStyle.colour(13));
    }

    @Test
    void confusionMatrixGrowsWithTheClassCount() throws IOException {
        int k = 10;
        int[][] counts = new int[k][k];
        for (int i = 0; i < k; i++) {
            counts[i][i] = 950 + i;
            counts[i][(i + 1) % k] = 7 * i;
        }
        List<String> names = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        Path png = dir.resolve("confusion.png");
        Plots.confusion(png, "Test set", counts, names);

        BufferedImage image = Pngs.read(png);
        assertTrue(image.getWidth() >= k * 48 && image.getHeight() >= k * 48,
                image.getWidth() + "x" + image.getHeight());
        assertTrue(Pngs.colours(image).size() > 10);
    }

    @Test
    void malformedInputsAreRejected() {
        Path png = dir.resolve("bad.png");
        assertThrows(IllegalArgumentException.class, () -> Plots.lines(png, "t", "x", "y",
                new double[] {1, 2}, Map.of("a", new double[] {1}), 300, 200));
        assertThrows(IllegalArgumentException.class,
                () -> Plots.scatter(png, "t", new float[3], new int[2], 300, 200));
        assertThrows(IllegalArgumentException.class, () -> Plots.confusion(png, "t",
                new int[][] {{1, 2}, {3}}, List.of("a", "b")));
    }

    /** Pixels of a colour inside a rectangle. */
    private static int count(BufferedImage image, int rgb, int x0, int y0, int x1, int y1) {
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) n++;
            }
        }
        return n;
    }

    @Test
    void aCurveOfOnePointIsAVisibleMarker() throws IOException {
        Path png = dir.resolve("one.png");
        Plots.lines(png, "Loss", "epoch", "loss", new double[] {1}, Map.of("train", new double[] {25.98}), 800, 500);
        BufferedImage image = Pngs.read(png);
        // The point lies in the middle of the plot (x axis 0..2); the legend is in the top right corner.
        assertTrue(count(image, rgb(0), 200, 100, 600, 450) > 20, "a marker where the point is");
    }

    @Test
    void aCurveKnownOnlyAtItsLastPointIsAMarkedPointBesideTheOthers() throws IOException {
        Path png = dir.resolve("test-at-end.png");
        double[] epochs = {1, 2, 3, 4};
        Plots.lines(png, "Loss", "epoch", "loss", List.of(
                new Plots.Series("train", epochs, new double[] {160, 130, 120, 115}),
                new Plots.Series("validation", epochs, new double[] {150, 135, 128, 124}),
                new Plots.Series("test", epochs, new double[] {Double.NaN, Double.NaN, Double.NaN, 110})), 800, 500);
        BufferedImage image = Pngs.read(png);
        // The test loss is the lowest value: its marker is at the bottom right, away from the legend.
        assertTrue(count(image, rgb(2), 400, 250, 800, 500) > 20, "the test loss's marker");
        assertTrue(count(image, rgb(0), 0, 0, 800, 500) > 50 && count(image, rgb(1), 0, 0, 800, 500) > 50);
    }

    @Test
    void xTicksAreWholeEpochsOrTwoDecimals() {
        assertEquals("2", Plots.tickLabel(2.0, true));
        assertEquals("", Plots.tickLabel(1.5, true), "no half epochs on an axis of epochs");
        assertEquals("0.12", Plots.tickLabel(0.123931623931624, false));
        assertEquals("1", Plots.tickLabel(1.0, false));
        assertEquals("25.98", Plots.valueLabel(25.977937, 1.8));
        assertEquals("0.800", Plots.valueLabel(0.800371, 0.55));
        assertEquals("1,200", Plots.valueLabel(1200.4, 500));
    }
}
