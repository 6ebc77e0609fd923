package org.latent.optim;

import java.util.Map;
import org.latent.nn.ParameterSet;
import org.latent.tensor.Tensor;

/** RMSprop (Keras defaults: rho 0.9, eps 1e-7). */
public final class RmsProp implements Optimizer {
    private final ParameterSet params;
    private final float lr, rho, eps;
    private final Tensor sq;
    private long t;

    public RmsProp(ParameterSet params, float lr, float rho, float eps) {
        this.params = params;
        this.lr = lr;
        this.rho = rho;
        this.eps = eps;
        sq = params.backend().allocate(params.trainableCount());
    }

    @Override
    public void step() {
        params.backend().rmspropStep(params.values(), params.grads(), sq, lr, rho, eps);
        t++;
    }

    @Override
    public long steps() { return t; }

    @Override
    public Map<String, Tensor> state() { return Map.of("rmsprop.sq", sq); }

    @Override
    public void restoreSteps(long steps) { t = steps; }

    @Override
    public ParameterSet parameters() { return params; }
}
