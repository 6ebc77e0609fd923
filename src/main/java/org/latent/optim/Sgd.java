package org.latent.optim;

import java.util.Map;
import org.latent.backend.StepCounter;
import org.latent.nn.ParameterSet;
import org.latent.tensor.Tensor;

/** SGD with optional (Nesterov) momentum; with {@link GradientControls}, clipping and L2 weight decay. */
public final class Sgd implements Optimizer {
    private final ParameterSet params;
    private final float momentum;
    private final boolean nesterov;
    private final GradientControls controls;
    private final Tensor velocity, clipInfo;
    private float lr;
    private final StepCounter t;
    private final Tensor lrTensor;

    public Sgd(ParameterSet params, float lr, float momentum, boolean nesterov) {
        this(params, lr, momentum, nesterov, GradientControls.NONE);
    }

    public Sgd(ParameterSet params, float lr, float momentum, boolean nesterov, GradientControls controls) {
        this.params = params;
        this.t = params.stepState().counter("sgd step count", 0);
        this.lrTensor = params.stepState().scalar("sgd learning rate", lr);
        this.lr = lr;
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.controls = controls;
        velocity = params.backend().allocate(params.trainableCount());
        clipInfo = controls.allocateInfo(params.backend());
    }

    @Override
    public void step() {
        if (controls.active()) controls.apply(params, lrTensor, clipInfo);
        params.backend().sgdStep(params.values(), params.grads(), velocity, lrTensor, momentum, nesterov);
        t.take(1);
    }

    @Override
    public long steps() { return t.value(); }

    @Override
    public Map<String, Tensor> state() { return Map.of("sgd.velocity", velocity); }

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
