package org.latent.optim;

import java.util.Map;
import org.latent.nn.ParameterSet;
import org.latent.tensor.Tensor;

/** SGD with optional (Nesterov) momentum. */
public final class Sgd implements Optimizer {
    private final ParameterSet params;
    private final float lr, momentum;
    private final boolean nesterov;
    private final Tensor velocity;
    private long t;

    public Sgd(ParameterSet params, float lr, float momentum, boolean nesterov) {
        this.params = params;
        this.lr = lr;
        this.momentum = momentum;
        this.nesterov = nesterov;
        velocity = params.backend().allocate(params.trainableCount());
    }

    @Override
    public void step() {
        params.backend().sgdStep(params.values(), params.grads(), velocity, lr, momentum, nesterov);
        t++;
    }

    @Override
    public long steps() { return t; }

    @Override
    public Map<String, Tensor> state() { return Map.of("sgd.velocity", velocity); }

    @Override
    public void restoreSteps(long steps) { t = steps; }

    @Override
    public ParameterSet parameters() { return params; }
}
