package org.latent.eval;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.latent.backend.cpu.CpuThreads;
import org.latent.rng.Philox;
import org.latent.rng.RandomKey;

/**
 * k-means (Lloyd's algorithm with k-means++ seeding), best of several restarts by inertia.
 *
 * <p>Written here rather than with commons-math3's {@code KMeansPlusPlusClusterer} because that
 * one returns clusters as lists of wrapped points (assignments must be recovered by identity),
 * its multi-start variant ranks runs by the sum of cluster variances rather than by inertia, and
 * its seeding would bring a second random-number family next to Philox. Here a {@link RandomKey}
 * fixes every run, points stay in their float rows (MNIST-sized inputs are not copied to double)
 * and all sums are taken in double in a fixed order, so results do not depend on the thread count.
 */
public final class KMeans {
    private KMeans() {}

    /**
     * The best clustering found: centroids [k][d], the cluster of each point, the inertia (sum of
     * squared distances of points to their centroid) and the Lloyd iterations of the winning run.
     */
    public record Result(double[][] centroids, int[] assignments, double inertia, int iterations) {}

    /**
     * Clusters {@code points} [n][d] into k groups. Restart r draws its seeding from elements
     * [2kr, 2k(r + 1)) of the Philox fill addressed by {@code key}. Each run stops when no point
     * changes cluster or after {@code maxIterations}; a cluster left empty takes the point farthest
     * from its centroid.
     */
    public static Result fit(float[][] points, int k, int restarts, int maxIterations, RandomKey key) {
        checkRows(points);
        if (k < 1 || k > points.length) {
            throw new IllegalArgumentException("KMeans: k " + k + " must be in [1, " + points.length + "] (the number of points)");
        }
        if (restarts < 1 || maxIterations < 1) {
            throw new IllegalArgumentException("KMeans: restarts " + restarts + " and maxIterations " + maxIterations + " must be positive");
        }
        Result best = null;
        for (int r = 0; r < restarts; r++) {
            Result run = lloyd(points, seed(points, k, key, (long) r * k), maxIterations);
            if (best == null || run.inertia() < best.inertia()) best = run;
        }
        return best;
    }

    private static void checkRows(float[][] points) {
        if (points.length == 0) throw new IllegalArgumentException("KMeans: no points");
        int d = points[0].length;
        for (int i = 1; i < points.length; i++) {
            if (points[i].length != d) {
                throw new IllegalArgumentException("KMeans: point " + i + " has " + points[i].length + " coordinates, point 0 has " + d);
            }
        }
    }

    /** k-means++: the first centre uniformly, each next one with probability proportional to D^2. */
    private static double[][] seed(float[][] x, int k, RandomKey key, long draw) {
        int n = x.length;
        double[][] c = new double[k][];
        c[0] = toDouble(x[(int) (uniform(key, draw) * n)]);
        double[] nearest = new double[n];
        for (int i = 0; i < n; i++) nearest[i] = distance2(x[i], c[0]);
        for (int j = 1; j < k; j++) {
            double total = 0;
            for (double v : nearest) total += v;
            double u = uniform(key, draw + j);
            int pick = total > 0 ? sample(nearest, u * total) : (int) (u * n);
            c[j] = toDouble(x[pick]);
            for (int i = 0; i < n; i++) nearest[i] = Math.min(nearest[i], distance2(x[i], c[j]));
        }
        return c;
    }

    /** The first index whose cumulative weight exceeds target (the last positive one if rounding runs past the end). */
    private static int sample(double[] weight, double target) {
        double cumulative = 0;
        int lastPositive = 0;
        for (int i = 0; i < weight.length; i++) {
            if (weight[i] <= 0) continue;
            cumulative += weight[i];
            lastPositive = i;
            if (cumulative > target) return i;
        }
        return lastPositive;
    }

    /** A uniform double in [0, 1) with 53 random bits, from words 2i and 2i + 1 of the fill. */
    private static double uniform(RandomKey key, long i) {
        long hi = Philox.word(key, 2 * i) >>> 5, lo = Philox.word(key, 2 * i + 1) >>> 6;
        return ((hi << 26) + lo) * 0x1p-53;
    }

    private static Result lloyd(float[][] x, double[][] c, int maxIterations) {
        int[] assign = new int[x.length];
        Arrays.fill(assign, -1);
        double[] dist = new double[x.length];
        int iterations = 0;
        boolean changed = assignNearest(x, c, assign, dist);
        while (changed && iterations < maxIterations) {
            updateCentroids(x, c, assign, dist);
            iterations++;
            changed = assignNearest(x, c, assign, dist);
        }
        double inertia = 0;
        for (double v : dist) inertia += v;
        return new Result(c, assign, inertia, iterations);
    }

    /** Assigns every point to its nearest centroid (ties to the lower index); returns whether any changed. */
    private static boolean assignNearest(float[][] x, double[][] c, int[] assign, double[] dist) {
        AtomicBoolean changed = new AtomicBoolean();
        CpuThreads.parallelFor(x.length, (long) c.length * c[0].length, (start, end) -> {
            boolean any = false;
            for (int i = start; i < end; i++) {
                int bestJ = 0;
                double bestD = distance2(x[i], c[0]);
                for (int j = 1; j < c.length; j++) {
                    double dj = distance2(x[i], c[j]);
                    if (dj < bestD) {
                        bestD = dj;
                        bestJ = j;
                    }
                }
                if (assign[i] != bestJ) any = true;
                assign[i] = bestJ;
                dist[i] = bestD;
            }
            if (any) changed.set(true);
        });
        return changed.get();
    }

    private static void updateCentroids(float[][] x, double[][] c, int[] assign, double[] dist) {
        int k = c.length, d = c[0].length;
        double[][] sum = new double[k][d];
        int[] count = new int[k];
        for (int i = 0; i < x.length; i++) {
            double[] s = sum[assign[i]];
            for (int t = 0; t < d; t++) s[t] += x[i][t];
            count[assign[i]]++;
        }
        for (int j = 0; j < k; j++) {
            if (count[j] == 0) {
                int far = farthest(dist);
                dist[far] = 0;
                c[j] = toDouble(x[far]);
                continue;
            }
            for (int t = 0; t < d; t++) c[j][t] = sum[j][t] / count[j];
        }
    }

    private static int farthest(double[] dist) {
        int far = 0;
        for (int i = 1; i < dist.length; i++) if (dist[i] > dist[far]) far = i;
        return far;
    }

    private static double distance2(float[] p, double[] c) {
        double s = 0;
        for (int t = 0; t < c.length; t++) {
            double diff = p[t] - c[t];
            s += diff * diff;
        }
        return s;
    }

    private static double[] toDouble(float[] p) {
        double[] v = new double[p.length];
        for (int t = 0; t < p.length; t++) v[t] = p[t];
        return v;
    }
}
