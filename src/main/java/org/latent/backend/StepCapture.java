package org.latent.backend;

/**
 * A backend that can capture a replayed step into a graph launched as one unit (the CUDA backend:
 * a CUDA graph). {@link StepPlan} uses it once the two recorded steps of a batch shape matched: it
 * calls {@link #beginCapture}, issues the recorded calls (which the backend captures instead of
 * running), {@link #endCapture}s, then {@link Graph#launch}es the graph for that step and every
 * later step of that shape, running the recorded {@link Backend#bookkeeping} on the host each time.
 *
 * <p>Between {@link #beginCapture} and {@link #endCapture} the backend refuses, loudly, every call
 * that would synchronize with the host or allocate (a capture cannot contain them). A graph reads
 * and writes the same buffers on every launch, so it may only be launched while the tensors of the
 * captured step are alive, and gives the eager step's results only when every value that changes
 * from step to step is read from device memory ({@link StepState}).
 */
public interface StepCapture {
    /** Whether this backend captures now (false, e.g., when turned off by a property): the plan then replays calls. */
    boolean capturesSteps();

    /** Starts capturing this backend's work for the step of shape {@code key}: what is issued until {@link #endCapture} is recorded, not run. */
    void beginCapture(Object key);

    /** Ends the capture begun by {@link #beginCapture} and makes the graph ready to launch (nothing has run yet). */
    Graph endCapture();

    /** Ends a capture that failed part way (after an exception) and discards what it captured; a no-op when none is in progress. */
    void abortCapture();

    /** A captured step. */
    interface Graph extends AutoCloseable {
        /** Runs the captured work once, asynchronously on the backend's stream, like the eager calls would. */
        void launch();

        /** Releases the graph. */
        @Override
        void close();
    }
}
