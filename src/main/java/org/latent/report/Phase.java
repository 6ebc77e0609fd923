package org.latent.report;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Says what a run is doing during work that may take a while (k-means on the codes, the classifier's
 * evaluation, the GAN judge, drawing the figures): one "[latent] ..." line on stderr, printed only when
 * the work is still going after {@link #QUIET_MILLIS} (so quick runs stay quiet), and, when it was
 * printed, a closing line with the time it took.
 *
 * <pre>{@code
 * try (Phase p = Phase.start("k-means on the codes of 10,000 test images")) { ... }
 * }</pre>
 */
public final class Phase implements AutoCloseable {
    /** Work that ends sooner prints nothing. */
    public static final long QUIET_MILLIS = 1500;

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "latent-phase");
        t.setDaemon(true);
        return t;
    });

    private final String what;
    private final PrintStream err;
    private final Runnable before;
    private final long start = System.nanoTime();
    private final ScheduledFuture<?> announcement;
    private volatile boolean announced;

    private Phase(String what, PrintStream err, long quietMillis, Runnable before) {
        this.what = what;
        this.err = err;
        this.before = before;
        this.announcement = TIMER.schedule(this::announce, quietMillis, TimeUnit.MILLISECONDS);
    }

    /** Starts timing {@code what} ("evaluating the classifier on 10,000 test images"), announced on System.err if slow. */
    public static Phase start(String what) {
        return new Phase(what, System.err, QUIET_MILLIS, () -> {});
    }

    /** The same on {@code err}, announced after {@code quietMillis}, {@code before} run just before the line (e.g. ending a progress bar's line). */
    public static Phase start(String what, PrintStream err, long quietMillis, Runnable before) {
        return new Phase(what, err, quietMillis, before);
    }

    private synchronized void announce() {
        announced = true;
        before.run();
        err.println("[latent] " + what + " ...");
        err.flush();
    }

    /** Whether the line was printed (the work outlasted the quiet time). */
    public boolean announced() {
        return announced;
    }

    @Override
    public synchronized void close() {
        announcement.cancel(false);
        if (announced) {
            err.printf(java.util.Locale.ROOT, "[latent] %s: done in %.1f s%n", what, (System.nanoTime() - start) / 1e9);
            err.flush();
        }
    }
}
