package org.latent.runs;

/**
 * A metrics.csv that cannot be read back: the message names the file, the line and the column of
 * the first bad cell, and what is wrong with it.
 */
public class MetricsException extends IllegalArgumentException {
    public MetricsException(String message) {
        super(message);
    }
}
