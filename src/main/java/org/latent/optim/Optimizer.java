package org.latent.optim;

import java.util.Map;
import org.latent.backend.StepCounter;
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

    /**
     * Its step count on the device (a counter of its parameter set's step state), advanced by
     * {@link org.latent.backend.StepState#endStep}; null for an optimizer that takes no steps.
     */
    default StepCounter stepCounter() {
        return null;
    }

    /** The learning rate its update op reads on the device ([1], a step-state scalar); null without one. */
    default Tensor learningRateTensor() {
        return null;
    }

    /** The learning rate of the next step (NaN for an optimizer without one). */
    default double learningRate() {
        return Double.NaN;
    }

    /**
     * Sets the learning rate of the next steps: the host's copy and the device scalar its update op
     * reads ({@link #learningRateTensor}; a host write, so between steps, never inside one). A
     * schedule that changes the rate within an epoch writes it into that scalar on the device instead
     * ({@link org.latent.backend.Backend#lookupStepValue}).
     */
    default void setLearningRate(double lr) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no learning rate to schedule");
    }
}
