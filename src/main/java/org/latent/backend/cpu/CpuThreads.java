package org.latent.backend.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Static partitioning of index ranges over a fixed pool. Each chunk is a fixed range that depends
 * only on (n, threads), and chunks write disjoint outputs, so results are bit-identical from run
 * to run at a fixed thread count. Threads: LATENT_THREADS or the number of processors.
 */
public final class CpuThreads {
    private CpuThreads() {}

    public interface RangeBody {
        void run(int start, int end);
    }

    private static final int THREADS = threadCount();
    private static final ForkJoinPool POOL = THREADS > 1 ? new ForkJoinPool(THREADS) : null;

    private static int threadCount() {
        String env = System.getenv("LATENT_THREADS");
        if (env != null && !env.isBlank()) {
            try {
                int t = Integer.parseInt(env.trim());
                if (t > 0) return t;
            } catch (NumberFormatException ignored) {
                // fall through to the error below
            }
            throw new IllegalArgumentException("LATENT_THREADS='" + env + "' is not a positive integer");
        }
        return Runtime.getRuntime().availableProcessors();
    }

    public static int threads() {
        return THREADS;
    }

    /**
     * Runs body over [0, n) in at most threads() contiguous chunks; runs inline when the work
     * ({@code n * costPerIndex}) is too small to be worth a hand-off.
     */
    public static void parallelFor(int n, long costPerIndex, RangeBody body) {
        if (n <= 0) return;
        int chunks = (int) Math.min(THREADS, Math.max(1, (n * Math.max(1, costPerIndex)) / 20_000));
        chunks = Math.min(chunks, n);
        if (chunks <= 1 || POOL == null) {
            body.run(0, n);
            return;
        }
        final int parts = chunks;
        POOL.invoke(new RecursiveAction() {
            @Override
            protected void compute() {
                RecursiveAction[] tasks = new RecursiveAction[parts];
                for (int p = 0; p < parts; p++) {
                    final int start = (int) ((long) n * p / parts), end = (int) ((long) n * (p + 1) / parts);
                    tasks[p] = new RecursiveAction() {
                        @Override
                        protected void compute() {
                            body.run(start, end);
                        }
                    };
                }
                invokeAll(tasks);
            }
        });
    }
}
