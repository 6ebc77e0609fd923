package org.latent.train;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Asks a training loop to stop at the next safe point (after the current step), checkpoint and
 * return. Requested by SIGTERM or Ctrl-C through a shutdown hook, which then waits until the loop
 * has saved before letting the JVM exit; or after a given number of steps (--stop-after-steps).
 */
public final class StopSignal {
    /** How long a signal waits for the checkpoint before the JVM exits regardless. */
    private static final long SAVE_WAIT_SECONDS = 120;

    private final long stepLimit;
    private final CountDownLatch saved = new CountDownLatch(1);
    private volatile String reason;
    private long steps;
    private Thread hook;

    /** {@code stepLimit}: stop after this many steps of this invocation (negative: no limit). */
    public StopSignal(long stepLimit) {
        this.stepLimit = stepLimit;
    }

    public void request(String why) {
        reason = why;
    }

    void stepDone() {
        steps++;
        if (stepLimit >= 0 && steps >= stepLimit && reason == null) reason = "reached --stop-after-steps " + stepLimit;
    }

    boolean requested() {
        return reason != null;
    }

    /** Why training stopped early, or null. */
    public String reason() {
        return reason;
    }

    /** Routes SIGTERM and Ctrl-C to {@link #request} until {@link #release}. */
    public void installShutdownHook() {
        hook = new Thread(() -> {
            request("interrupted (SIGTERM or Ctrl-C)");
            try {
                saved.await(SAVE_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "latent-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Training is over and everything is written: a waiting shutdown may go ahead, the hook is removed. */
    public void release() {
        saved.countDown();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already exiting (the hook is running); it will finish now that we counted down.
            }
            hook = null;
        }
    }
}
