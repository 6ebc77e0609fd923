package org.latent.io;

import java.io.PrintStream;

/**
 * A one-line progress display: label, a bar, the percentage and a caller-supplied detail (sizes,
 * rates, ETA, loss). On a terminal it is redrawn in place with '\r' at most five times a second;
 * elsewhere (logs, tests) it prints a line at most once a minute, so that a log of a long CPU epoch
 * shows progress, and the final state as the last line.
 */
public final class ProgressBar {
    /** The text after the percentage, given the work done, the total and the seconds since the start. */
    @FunctionalInterface
    public interface Detail {
        String describe(long done, long total, double seconds);
    }

    private static final long REDRAW_NANOS = 200_000_000L;
    private static final long LOG_NANOS = 60_000_000_000L;
    private static final int WIDTH = 20;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final boolean live;
    private final Detail detail;
    private final long start = System.nanoTime();
    /** The shortest time between two lines when not live. */
    private final long logNanos;
    private long lastDraw;
    private int lastLength;

    public ProgressBar(PrintStream out, String label, long total, boolean live, Detail detail) {
        this(out, label, total, live, detail, LOG_NANOS);
    }

    ProgressBar(PrintStream out, String label, long total, boolean live, Detail detail, long logNanos) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.live = live;
        this.detail = detail;
        this.logNanos = logNanos;
        this.lastDraw = live ? 0 : start;
    }

    /** Whether this JVM talks to a terminal, where redrawing in place makes sense. */
    public static boolean terminal() {
        return System.console() != null;
    }

    public void update(long done) {
        long now = System.nanoTime();
        if (now - lastDraw < (live ? REDRAW_NANOS : logNanos)) return;
        lastDraw = now;
        draw(done, now);
        if (!live) out.println();
    }

    public void finish(long done) {
        draw(done, System.nanoTime());
        out.println();
        out.flush();
    }

    private void draw(long done, long now) {
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        int percent = total > 0 ? (int) Math.min(100, done * 100 / total) : 0;
        int filled = percent * WIDTH / 100;
        String line = String.format("%s [%s%s] %3d%% %s", label, "=".repeat(filled), " ".repeat(WIDTH - filled), percent,
                detail.describe(done, total, seconds));
        // Blank out what is left of a longer previous line.
        String pad = " ".repeat(Math.max(0, lastLength - line.length()));
        lastLength = line.length();
        out.print((live ? "\r" : "") + line + pad);
        out.flush();
    }
}
