package org.latent.optim;

import java.util.Map;
import org.latent.nn.ParameterSet;
import org.latent.tensor.Tensor;

/**
 * The optimizer of a model trained by {@link PowellTrainer}: it holds no state for checkpoints and
 * takes no gradient steps, since Powell's method moves the parameters itself.
 */
public final class GradientFree implements Optimizer {
    private final ParameterSet params;

    public GradientFree(ParameterSet params) {
        this.params = params;
    }

    @Override
    public void step() {
        throw new UnsupportedOperationException("Powell's method takes no gradient steps; the trainer runs PowellTrainer instead");
    }

    @Override public long steps() { return 0; }
    @Override public Map<String, Tensor> state() { return Map.of(); }
    @Override public void restoreSteps(long steps) {}
    @Override public ParameterSet parameters() { return params; }
}
