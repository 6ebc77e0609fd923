package org.latent.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.latent.backend.StepCounter;
import org.latent.nn.ParameterSet;
import org.latent.tensor.Tensor;

/**
 * Adam with bias correction (PyTorch's form); beta1 = 0.5 for GANs. With {@link GradientControls}:
 * clipping, L2 weight decay (Adam's {@code weight_decay}) or decoupled weight decay (AdamW).
 */
public final class Adam implements Optimizer {
    private final ParameterSet params;
    private final float beta1, beta2, eps;
    private final GradientControls controls;
    private final Tensor m, v, clipInfo;
    private float lr;
    private final StepCounter t;
    private final Tensor lrTensor;

    public Adam(ParameterSet params, float lr, float beta1, float beta2, float eps) {
        this(params, lr, beta1, beta2, eps, GradientControls.NONE);
    }

    /** With clipping and weight decay; {@code controls.decoupled()} makes it AdamW. */
    public Adam(ParameterSet params, float lr, float beta1, float beta2, float eps, GradientControls controls) {
        this.params = params;
        this.t = params.stepState().counter("adam step count", 0);
        this.lrTensor = params.stepState().scalar("adam learning rate", lr);
        this.lr = lr;
        this.controls = controls;
        this.clipInfo = controls.allocateInfo(params.backend());
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
        if (controls.active()) controls.apply(params, lrTensor, clipInfo);
        params.backend().adamStep(params.values(), params.grads(), m, v, lrTensor, beta1, beta2, eps, t.tensor(), t.take(1));
    }

    @Override
    public long steps() { return t.value(); }

    @Override
    public Map<String, Tensor> state() {
        Map<String, Tensor> s = new LinkedHashMap<>();
        s.put("adam.m", m);
        s.put("adam.v", v);
        return s;
    }

    @Override
    public void restoreSteps(long steps) { t.set(steps); }

    @Override
    public StepCounter stepCounter() { return t; }

    @Override
    public Tensor learningRateTensor() { return lrTensor; }

    @Override
    public ParameterSet parameters() { return params; }

    @Override
    public double learningRate() { return lr; }

    @Override
    public void setLearningRate(double lr) {
        this.lr = (float) lr;
        params.backend().write(new float[] {this.lr}, lrTensor);
    }

    /** {norm, factor} of the last clipping, on the backend (null without clipping). */
    public Tensor clipInfo() { return clipInfo; }
}
