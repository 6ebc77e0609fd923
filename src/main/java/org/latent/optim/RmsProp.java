package org.latent.optim;

import java.util.Map;
import org.latent.backend.StepCounter;
import org.latent.nn.ParameterSet;
import org.latent.tensor.Tensor;

/** RMSprop (Keras defaults: rho 0.9, eps 1e-7); with {@link GradientControls}, clipping and L2 weight decay. */
public final class RmsProp implements Optimizer {
    private final ParameterSet params;
    private final float rho, eps;
    private final GradientControls controls;
    private final Tensor sq, clipInfo;
    private float lr;
    private final StepCounter t;
    private final Tensor lrTensor;

    public RmsProp(ParameterSet params, float lr, float rho, float eps) {
        this(params, lr, rho, eps, GradientControls.NONE);
    }

    public RmsProp(ParameterSet params, float lr, float rho, float eps, GradientControls controls) {
        this.params = params;
        this.t = params.stepState().counter("rmsprop step count", 0);
        this.lrTensor = params.stepState().scalar("rmsprop learning rate", lr);
        this.lr = lr;
        this.rho = rho;
        this.eps = eps;
        this.controls = controls;
        sq = params.backend().allocate(params.trainableCount());
        clipInfo = controls.allocateInfo(params.backend());
    }

    @Override
    public void step() {
        if (controls.active()) controls.apply(params, lrTensor, clipInfo);
        params.backend().rmspropStep(params.values(), params.grads(), sq, lrTensor, rho, eps);
        t.take(1);
    }

    @Override
    public long steps() { return t.value(); }

    @Override
    public Map<String, Tensor> state() { return Map.of("rmsprop.sq", sq); }

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
