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
}
