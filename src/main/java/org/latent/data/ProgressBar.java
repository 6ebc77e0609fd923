package org.latent.data;

import java.io.PrintStream;

/** A one-line download progress display (bytes, percent, MB/s), redrawn in place with '\r'. */
final class ProgressBar {
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final double MB = 1e6;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final long start = System.nanoTime();
    private long lastDraw;

    ProgressBar(PrintStream out, String label, long total) {
        this.out = out;
        this.label = label;
        this.total = total;
    }

    void update(long done) {
        long now = System.nanoTime();
        if (now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            draw(done, now);
        }
    }

    void finish(long done) {
        draw(done, System.nanoTime());
        out.println();
    }

    private void draw(long done, long now) {
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        int percent = total > 0 ? (int) Math.min(100, done * 100 / total) : 0;
        int filled = percent / 5;
        out.printf("\r%s [%s%s] %.1f/%.1f MB %3d%% %.1f MB/s ", label, "=".repeat(filled), " ".repeat(20 - filled),
                done / MB, total / MB, percent, done / MB / seconds);
        out.flush();
    }
}
