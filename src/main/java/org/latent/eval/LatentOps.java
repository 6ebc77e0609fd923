package org.latent.eval;

import org.latent.rng.Philox;
import org.latent.rng.RandomKey;

/** Operations on latent codes: rows of a flat code array, interpolation, VAE-based augmentation. */
public final class LatentOps {
    private LatentOps() {}

    /** A flat row-major array [n * width] (what an encoder's output downloads to) as [n][width]. */
    public static float[][] rows(float[] flat, int width) {
        if (width < 1 || flat.length % width != 0) {
            throw new IllegalArgumentException("rows: " + flat.length + " values do not split into rows of " + width);
        }
        float[][] out = new float[flat.length / width][width];
        for (int i = 0; i < out.length; i++) System.arraycopy(flat, i * width, out[i], 0, width);
        return out;
    }

    /**
     * {@code steps} equally spaced codes on the segment from a to b, both included: code i is
     * (1 - t) a + t b with t = i / (steps - 1), which gives a and b exactly at the ends.
     */
    public static float[][] interpolate(float[] a, float[] b, int steps) {
        if (a.length != b.length) throw new IllegalArgumentException("interpolate: codes of sizes " + a.length + " and " + b.length);
        if (steps < 2) throw new IllegalArgumentException("interpolate: steps " + steps + " must be at least 2 (the two ends)");
        float[][] out = new float[steps][a.length];
        for (int i = 0; i < steps; i++) {
            double t = (double) i / (steps - 1);
            for (int j = 0; j < a.length; j++) out[i][j] = (float) ((1 - t) * a[j] + t * b[j]);
        }
        return out;
    }

    /** New codes and, for each, the index of the real code it was drawn around (to carry its label). */
    public record Augmented(float[][] codes, int[] sources) {}

    /**
     * m new codes near the real ones: code j is drawn around source i = j mod n as
     * mu[i] + sigma[i] * eps, eps ~ N(0, I) elementwise, with eps element j * d + c taken from the
     * Philox normal fill addressed by {@code key} (the numbers {@code Backend.randomNormal} would
     * give). For a VAE, mu and sigma = exp(logVar / 2) are the encoder's outputs.
     */
    public static Augmented augment(float[][] mu, float[][] sigma, int m, RandomKey key) {
        if (sigma.length != mu.length) throw new IllegalArgumentException("augment: " + mu.length + " means but " + sigma.length + " sigmas");
        int d = width(mu);
        for (int i = 0; i < sigma.length; i++) {
            if (sigma[i].length != d) throw new IllegalArgumentException("augment: sigma row " + i + " has " + sigma[i].length + " values, expected " + d);
        }
        return draw(mu, m, key, (i, c) -> sigma[i][c]);
    }

    /** As {@link #augment(float[][], float[][], int, RandomKey)} with one scale for every coordinate. */
    public static Augmented augment(float[][] mu, float scale, int m, RandomKey key) {
        width(mu);
        return draw(mu, m, key, (i, c) -> scale);
    }

    private interface Scale {
        float at(int source, int coordinate);
    }

    private static Augmented draw(float[][] mu, int m, RandomKey key, Scale scale) {
        if (m < 0) throw new IllegalArgumentException("augment: m " + m + " is negative");
        int n = mu.length, d = mu[0].length;
        float[] eps = normals(key, (long) m * d);
        float[][] codes = new float[m][d];
        int[] sources = new int[m];
        for (int j = 0; j < m; j++) {
            int i = j % n;
            sources[j] = i;
            for (int c = 0; c < d; c++) codes[j][c] = mu[i][c] + scale.at(i, c) * eps[j * d + c];
        }
        return new Augmented(codes, sources);
    }

    private static int width(float[][] mu) {
        if (mu.length == 0) throw new IllegalArgumentException("augment: no source codes");
        int d = mu[0].length;
        for (int i = 1; i < mu.length; i++) {
            if (mu[i].length != d) throw new IllegalArgumentException("augment: code " + i + " has " + mu[i].length + " values, code 0 has " + d);
        }
        return d;
    }

    private static float[] normals(RandomKey key, long count) {
        if (count > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("augment: " + count + " values are too many for one array");
        float[] out = new float[(int) count];
        int[] words = new int[4];
        for (int at = 0; at < out.length; at += 4) {
            Philox.block(key, at / 4, words);
            Philox.normals(words, out, at, Math.min(4, out.length - at));
        }
        return out;
    }
}
