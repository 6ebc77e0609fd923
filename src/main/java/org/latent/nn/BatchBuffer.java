package org.latent.nn;

import org.latent.backend.Backend;
import org.latent.tensor.Tensor;

/**
 * A buffer of {@code maxBatch} examples allocated once, handed out as the view of its first n rows.
 * The view for the last n is cached, so a steady batch size allocates nothing per step.
 */
final class BatchBuffer {
    private final Tensor full;
    private Tensor view;
    private int viewRows = -1;

    BatchBuffer(Backend backend, int maxBatch, int[] exampleShape) {
        int[] shape = new int[exampleShape.length + 1];
        shape[0] = maxBatch;
        System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
        full = backend.allocate(shape);
    }

    Tensor rows(int n) {
        if (n != viewRows) {
            view = n == full.rows() ? full : full.rows(0, n);
            viewRows = n;
        }
        return view;
    }
}
