package org.latent.optim;

import java.util.Map;
import org.latent.nn.ParameterSet;
import org.latent.tensor.Tensor;

/** One update of every trainable parameter of a ParameterSet from its gradients, in one backend call. */
public interface Optimizer {

    void step();

    /** Steps taken so far. */
    long steps();

    /** State tensors by name (moments, velocities) for checkpoints. */
    Map<String, Tensor> state();

    /** Restores the step count after a checkpoint's state tensors were copied into {@link #state()}. */
    void restoreSteps(long steps);

    ParameterSet parameters();

    /** The learning rate of the next step (NaN for an optimizer without one). */
    default double learningRate() {
        return Double.NaN;
    }

    /**
     * Sets the learning rate of the next steps (a schedule's). It is a host value passed to the
     * update op with the step, as Adam's bias correction is, so setting it never synchronizes a GPU.
     */
    default void setLearningRate(double lr) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no learning rate to schedule");
    }
}
