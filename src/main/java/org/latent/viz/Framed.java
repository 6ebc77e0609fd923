package org.latent.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * An image grid with a title and axes: a label under each column and beside each row (fewer when
 * they would overlap), the axes' titles, on white. The grid's pixels are copied unchanged.
 */
public final class Framed {
    static {
        Headless.ensure();
    }

    private static final int MARGIN = 8, TICK = 4, TITLE_SIZE = 15, LABEL_SIZE = 11;

    private Framed() {}

    /**
     * What is written around a grid; any part may be null or empty: {@code columnLabels} (one per
     * column, left to right) go under the grid, {@code rowLabels} (one per row, top to bottom) to its left.
     */
    public record Axes(String title, String xTitle, List<String> columnLabels, String yTitle, List<String> rowLabels) {
        public static Axes titled(String title) {
            return new Axes(title, null, null, null, null);
        }
    }

    /** Where the grid lies in the framed image. */
    public record Placement(int left, int top, int width, int height) {}

    /** The framed image and where its grid lies. */
    record Result(BufferedImage image, Placement grid) {}

    /** Frames {@code grid}, whose cells are {@code cellWidth} x {@code cellHeight} pixels apart by {@code gap}. */
    static Result frame(BufferedImage grid, int cols, int rows, int cellWidth, int cellHeight, int gap, Axes axes) {
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, TITLE_SIZE);
        Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, LABEL_SIZE);
        FontMetrics tm = metrics(titleFont), lm = metrics(labelFont);
        List<String> colLabels = axes.columnLabels() == null ? List.of() : axes.columnLabels();
        List<String> rowLabels = axes.rowLabels() == null ? List.of() : axes.rowLabels();
        boolean title = axes.title() != null && !axes.title().isBlank();
        boolean xTitle = axes.xTitle() != null && !axes.xTitle().isBlank();
        boolean yTitle = axes.yTitle() != null && !axes.yTitle().isBlank();
        int rowLabelWidth = rowLabels.stream().mapToInt(lm::stringWidth).max().orElse(0);

        int top = MARGIN + (title ? tm.getHeight() + MARGIN : 0);
        int left = MARGIN + (yTitle ? lm.getHeight() + MARGIN : 0) + (rowLabels.isEmpty() ? 0 : rowLabelWidth + TICK + 3);
        int bottom = MARGIN + (colLabels.isEmpty() ? 0 : TICK + 2 + lm.getHeight()) + (xTitle ? lm.getHeight() + 4 : 0);
        int width = Math.max(left + grid.getWidth() + MARGIN, title ? tm.stringWidth(axes.title()) + 2 * MARGIN : 0);
        if (xTitle) width = Math.max(width, left + lm.stringWidth(axes.xTitle()) + MARGIN);
        int height = top + grid.getHeight() + bottom;

        BufferedImage out = new BufferedImage(width, height, grid.getType() == 0 ? BufferedImage.TYPE_INT_RGB : grid.getType());
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            out.getRaster().setRect(left, top, grid.getRaster());
            g.setColor(Color.BLACK);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            if (title) {
                g.setFont(titleFont);
                int x = Math.max(MARGIN, left + (grid.getWidth() - tm.stringWidth(axes.title())) / 2);
                g.drawString(axes.title(), Math.min(x, width - MARGIN - tm.stringWidth(axes.title())), MARGIN + tm.getAscent());
            }
            g.setFont(labelFont);
            int pitchX = cellWidth + gap, pitchY = cellHeight + gap;
            if (!colLabels.isEmpty()) {
                int widest = colLabels.stream().mapToInt(lm::stringWidth).max().orElse(0);
                int every = every(widest + 6, pitchX, cols);
                int y = top + grid.getHeight();
                for (int c = 0; c < Math.min(cols, colLabels.size()); c++) {
                    if (!shown(c, every, cols)) continue;
                    int cx = left + c * pitchX + cellWidth / 2;
                    g.drawLine(cx, y, cx, y + TICK);
                    String s = colLabels.get(c);
                    g.drawString(s, cx - lm.stringWidth(s) / 2, y + TICK + 1 + lm.getAscent());
                }
            }
            if (!rowLabels.isEmpty()) {
                int every = every(lm.getHeight() + 2, pitchY, rows);
                for (int r = 0; r < Math.min(rows, rowLabels.size()); r++) {
                    if (!shown(r, every, rows)) continue;
                    int cy = top + r * pitchY + cellHeight / 2;
                    g.drawLine(left - TICK, cy, left - 1, cy);
                    String s = rowLabels.get(r);
                    g.drawString(s, left - TICK - 2 - lm.stringWidth(s), cy + (lm.getAscent() - lm.getDescent()) / 2);
                }
            }
            if (xTitle) {
                int x = left + (grid.getWidth() - lm.stringWidth(axes.xTitle())) / 2;
                g.drawString(axes.xTitle(), Math.max(MARGIN, x), height - MARGIN - lm.getDescent());
            }
            if (yTitle) {
                AffineTransform saved = g.getTransform();
                int y = top + (grid.getHeight() + lm.stringWidth(axes.yTitle())) / 2;
                g.translate(MARGIN + lm.getAscent(), Math.min(height - MARGIN, y));
                g.rotate(-Math.PI / 2);
                g.drawString(axes.yTitle(), 0, 0);
                g.setTransform(saved);
            }
        } finally {
            g.dispose();
        }
        return new Result(out, new Placement(left, top, grid.getWidth(), grid.getHeight()));
    }

    /** Every how many cells a label fits (1: all). */
    static int every(int labelPixels, int pitch, int count) {
        int every = 1;
        while (every < count && labelPixels > every * pitch) every++;
        return every;
    }

    /** With labels every k cells: cells 0, k, 2k, ... */
    static boolean shown(int i, int every, int count) {
        return i % every == 0 && i < count;
    }

    private static FontMetrics metrics(Font f) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = scratch.createGraphics();
        try {
            return g.getFontMetrics(f);
        } finally {
            g.dispose();
        }
    }
}
