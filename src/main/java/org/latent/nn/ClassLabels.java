package org.latent.nn;

import org.latent.tensor.Tensor;

/**
 * The one-hot class labels [n, classes] of the batch a class-conditional network is about to see.
 * The model sets them before each forward; every {@link ClassInput} of the network reads them then.
 */
public final class ClassLabels {
    private final int classes;
    private Tensor current;

    public ClassLabels(int classes) {
        if (classes < 2) throw new IllegalArgumentException("ClassLabels: " + classes + " classes; a condition needs at least 2");
        this.classes = classes;
    }

    public int classes() {
        return classes;
    }

    /** The labels of the next forward: one-hot rows [n, classes]. */
    public void set(Tensor oneHot) {
        if (oneHot.rank() != 2 || oneHot.cols() != classes) {
            throw new IllegalArgumentException("ClassLabels: labels of shape " + Shape.str(oneHot.shape()) + ", expected [n, " + classes + "]");
        }
        current = oneHot;
    }

    /** The labels set for a batch of n examples; throws if none were set or they are for another batch size. */
    Tensor forBatch(int n, String layer) {
        if (current == null) throw new IllegalStateException(layer + ": no class labels were set before the forward");
        if (current.rows() != n) {
            throw new IllegalStateException(layer + ": class labels for " + current.rows() + " examples, but the batch has " + n);
        }
        return current;
    }
}
