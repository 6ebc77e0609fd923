package org.latent.cli;

import java.util.Locale;

/** Seconds as "3.2ms", "0.04s", "4.2s", "3m05s" or "1h02m". */
final class Durations {
    private Durations() {}

    static String format(double seconds) {
        if (seconds < 0.01) return String.format(Locale.ROOT, "%.1fms", seconds * 1000);
        if (seconds < 1) return String.format(Locale.ROOT, "%.2fs", seconds);
        if (seconds < 60) return String.format(Locale.ROOT, "%.1fs", seconds);
        long s = Math.round(seconds);
        if (s < 3600) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
