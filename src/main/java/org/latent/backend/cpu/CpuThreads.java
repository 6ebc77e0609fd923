package org.latent.backend.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Static partitioning of index ranges over a fixed set of threads. Each chunk is a fixed range that
 * depends only on (n, threads), and chunks write disjoint outputs, so results are bit-identical from
 * run to run at a fixed thread count, whichever thread runs which chunk. Threads: LATENT_THREADS or
 * the number of processors.
 *
 * <p>The calling thread runs chunks too, beside threads() - 1 workers that spin for a short while
 * after each job before they park. A split used to cost about 15 microseconds through a
 * ForkJoinPool (the caller waited while parked workers woke up), so products under about 5 million
 * multiply-adds ran faster on one thread, and OpenBLAS, whose threads wait busily, beat us on them.
 */
public final class CpuThreads {
    private CpuThreads() {}

    public interface RangeBody {
        void run(int start, int end);
    }

    /** How long a worker, and a caller waiting for the last chunk, spin before they park. */
    private static final long SPIN_NANOS = 100_000;
    private static final int THREADS = threadCount();
    private static final Pool POOL = THREADS > 1 ? new Pool(THREADS - 1) : null;

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
     * ({@code n * costPerIndex}) is too small to be worth a hand-off. A call made while the pool
     * is busy (from inside a body, or from a second application thread) runs its chunks one after
     * another in the calling thread, with the same boundaries.
     */
    public static void parallelFor(int n, long costPerIndex, RangeBody body) {
        if (n <= 0) return;
        int chunks = (int) Math.min(THREADS, Math.max(1, (n * Math.max(1, costPerIndex)) / 20_000));
        chunks = Math.min(chunks, n);
        if (chunks <= 1 || POOL == null) {
            body.run(0, n);
            return;
        }
        POOL.run(new Job(n, chunks, body));
    }

    /** One parallelFor call: its chunks are claimed in order by whichever threads get to them. */
    private static final class Job {
        final int n, parts;
        final RangeBody body;
        final Thread caller = Thread.currentThread();
        final AtomicInteger next = new AtomicInteger(), done = new AtomicInteger();
        volatile Throwable failure;

        Job(int n, int parts, RangeBody body) {
            this.n = n;
            this.parts = parts;
            this.body = body;
        }

        /** Runs chunks until none is left; the thread that finishes the last one wakes the caller. */
        void work() {
            for (int p; (p = next.getAndIncrement()) < parts; ) {
                try {
                    body.run((int) ((long) n * p / parts), (int) ((long) n * (p + 1) / parts));
                } catch (Throwable t) {
                    if (failure == null) failure = t;
                } finally {
                    if (done.incrementAndGet() == parts && Thread.currentThread() != caller) LockSupport.unpark(caller);
                }
            }
        }

        boolean finished() {
            return done.get() == parts;
        }
    }

    private static final class Pool {
        private final Worker[] workers;
        private final AtomicBoolean busy = new AtomicBoolean();

        Pool(int count) {
            workers = new Worker[count];
            for (int i = 0; i < count; i++) {
                workers[i] = new Worker("latent-cpu-" + (i + 1));
                workers[i].start();
            }
        }

        void run(Job job) {
            if (Thread.currentThread() instanceof Worker || !busy.compareAndSet(false, true)) {
                job.work();
            } else {
                try {
                    for (Worker w : workers) w.offer(job);
                    job.work();
                    long spinUntil = System.nanoTime() + SPIN_NANOS;
                    while (!job.finished()) {
                        if (System.nanoTime() < spinUntil) Thread.onSpinWait();
                        else LockSupport.park(this);
                    }
                } finally {
                    busy.set(false);
                }
            }
            Throwable failure = job.failure;
            if (failure instanceof RuntimeException e) throw e;
            if (failure instanceof Error e) throw e;
            if (failure != null) throw new IllegalStateException("parallelFor body failed", failure);
        }
    }

    private static final class Worker extends Thread {
        private volatile Job job;
        private volatile boolean parked;

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        /** Hands the worker a job; wakes it only if it has parked (see run for why this is safe). */
        void offer(Job next) {
            job = next;
            if (parked) LockSupport.unpark(this);
        }

        /**
         * Waits for a job it has not seen, spinning first, then parking. Before it parks it sets
         * {@code parked} and looks at {@code job} once more; offer writes job before it reads
         * parked, so with both volatile either this look sees the new job or offer sees parked.
         */
        @Override
        public void run() {
            Job seen = null;
            while (true) {
                long spinUntil = System.nanoTime() + SPIN_NANOS;
                Job j;
                while ((j = job) == seen) {
                    if (System.nanoTime() < spinUntil) {
                        Thread.onSpinWait();
                        continue;
                    }
                    parked = true;
                    if ((j = job) == seen) LockSupport.park(this);
                    parked = false;
                }
                seen = j;
                j.work();
            }
        }
    }
}
