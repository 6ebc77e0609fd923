package org.latent.data;

import java.util.function.LongToDoubleFunction;

/**
 * Input corruption for denoising autoencoders: {@link #apply} returns a corrupted copy of its
 * input. The random numbers come from functions of the element index, so that a corruption is
 * reproducible and the same on every backend: callers pass Philox draws, e.g.
 * {@code i -> Philox.uniform(key, i)} and {@code i -> Philox.normal(key, i)} (see org.latent.rng),
 * with a fresh key for every call so that two calls do not see the same noise. {@code uniform(i)}
 * must lie in [0, 1); {@code normal(i)} is standard normal.
 */
@FunctionalInterface
public interface Corruption {
    /** A corrupted copy of {@code x}; element i uses the draws for index i. */
    float[] apply(float[] x);

    /**
     * Each element flipped with probability {@code p}: x -> low + high - x, which is 1 - x for
     * binary {0, 1} data in the UNIT range.
     */
    static Corruption flip(double p, PixelScale range, LongToDoubleFunction uniform) {
        checkProbability(p);
        float sum = range.low() + range.high();
        return x -> {
            float[] y = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                y[i] = uniform.applyAsDouble(i) < p ? sum - x[i] : x[i];
            }
            return y;
        };
    }

    /**
     * Each element, with probability {@code p}, set to the low or the high end of the range with
     * equal chance. One uniform draw u per element decides both: u < p/2 gives low, p/2 <= u < p high.
     */
    static Corruption saltAndPepper(double p, PixelScale range, LongToDoubleFunction uniform) {
        checkProbability(p);
        double half = p / 2;
        return x -> {
            float[] y = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                double u = uniform.applyAsDouble(i);
                y[i] = u < half ? range.low() : u < p ? range.high() : x[i];
            }
            return y;
        };
    }

    /** x + sigma * normal(i), clipped to the range. */
    static Corruption gaussian(double sigma, PixelScale range, LongToDoubleFunction normal) {
        if (!(sigma >= 0)) {
            throw new IllegalArgumentException("gaussian corruption: sigma must be >= 0, got " + sigma);
        }
        return x -> {
            float[] y = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                float v = (float) (x[i] + sigma * normal.applyAsDouble(i));
                y[i] = Math.max(range.low(), Math.min(range.high(), v));
            }
            return y;
        };
    }

    /**
     * {@code k} corrupted copies of every example of {@code clean}, with the clean examples as
     * targets. Both sets hold k * n examples in copy-major order: example e's copy c is at
     * c * n + e, so the corruption's element index is (c * n + e) * d + j. Labels are repeated
     * alongside.
     */
    static NoisyCopies noisyCopies(Dataset clean, int k, Corruption corruption) {
        if (k < 1) {
            throw new IllegalArgumentException("noisyCopies: k must be >= 1, got " + k);
        }
        int n = clean.size();
        int block = n * clean.exampleSize();
        float[] targets = new float[Math.multiplyExact(k, block)];
        int[] labels = clean.hasLabels() ? new int[k * n] : null;
        int[] cleanLabels = clean.hasLabels() ? clean.labels() : null;
        for (int c = 0; c < k; c++) {
            clean.copyExamples(0, n, targets, c * block);
            if (labels != null) {
                System.arraycopy(cleanLabels, 0, labels, c * n, n);
            }
        }
        float[] inputs = corruption.apply(targets);
        int[] shape = clean.shape();
        return new NoisyCopies(Dataset.owning(clean.name() + "-noisy", inputs, labels, shape),
                Dataset.owning(clean.name() + "-clean", targets, labels == null ? null : labels.clone(), shape));
    }

    private static void checkProbability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("corruption probability must be in [0, 1], got " + p);
        }
    }
}
