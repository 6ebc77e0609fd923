package org.latent.cli;

import java.util.Locale;

/** A command-line value that cannot be used: the message names the option, the value and what is valid (exit status 2). */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }

    /** Returns {@code value} if it lies in [lo, hi], else refuses naming the command, the option, the value and the range. */
    static long inRange(String command, String option, long value, long lo, long hi, String meaning) {
        if (value < lo || value > hi) {
            throw new UsageException("latent " + command + ": " + option + " " + value + " is out of range: " + meaning
                    + " must be " + range(lo, hi));
        }
        return value;
    }

    private static String range(long lo, long hi) {
        if (hi == Long.MAX_VALUE || hi == Integer.MAX_VALUE) return "at least " + lo;
        return String.format(Locale.ROOT, "%,d to %,d", lo, hi);
    }
}
