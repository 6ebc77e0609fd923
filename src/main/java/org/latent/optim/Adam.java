package org.latent.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.latent.nn.ParameterSet;
import org.latent.tensor.Tensor;

/** Adam with bias correction (PyTorch's form); beta1 = 0.5 for GANs. */
public final class Adam implements Optimizer {
    private final ParameterSet params;
    private final float lr, beta1, beta2, eps;
    private final Tensor m, v;
    private long t;

    public Adam(ParameterSet params, float lr, float beta1, float beta2, float eps) {
        this.params = params;
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        m = params.backend().allocate(params.trainableCount());
        v = params.backend().allocate(params.trainableCount());
    }

    public Adam(ParameterSet params, float lr) {
        this(params, lr, 0.9f, 0.999f, 1e-8f);
    }

    @Override
    public void step() {
        params.backend().adamStep(params.values(), params.grads(), m, v, lr, beta1, beta2, eps, ++t);
    }

    @Override
    public long steps() { return t; }

    @Override
    public Map<String, Tensor> state() {
        Map<String, Tensor> s = new LinkedHashMap<>();
        s.put("adam.m", m);
        s.put("adam.v", v);
        return s;
    }

    @Override
    public void restoreSteps(long steps) { t = steps; }

    @Override
    public ParameterSet parameters() { return params; }
}
