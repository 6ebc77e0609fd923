package org.latent.nn;

import org.latent.backend.Backend;
import org.latent.tensor.Tensor;

/**
 * Batch normalization over the channel axis (features of a dense layer, channels of an image).
 * Momentum follows PyTorch: running = (1 - momentum) * running + momentum * batch (Keras'
 * momentum 0.99 is PyTorch's 0.01).
 */
public final class BatchNorm implements Layer {
    private final float momentum, eps;
    private Backend b;
    private Parameter gamma, beta, runningMean, runningVar;
    private Tensor saveMean, saveInvStd;
    private BatchBuffer y, dx;
    private Tensor x;

    public BatchNorm(float momentum, float eps) {
        if (!(momentum > 0 && momentum <= 1) || !(eps > 0)) {
            throw new IllegalArgumentException("BatchNorm: momentum " + momentum + " must be in (0, 1] and eps " + eps + " positive");
        }
        this.momentum = momentum;
        this.eps = eps;
    }

    public BatchNorm() {
        this(0.1f, 1e-5f);
    }

    @Override
    public int[] outputShape(int[] input) {
        if (input.length < 1) throw new IllegalArgumentException(describe() + ": needs a channel axis, got " + Shape.str(input));
        return input.clone();
    }

    @Override
    public void build(ParameterSet params, int[] input, int maxBatch) {
        outputShape(input);
        b = params.backend();
        int c = input[0];
        String p = "bn" + params.parameters().size();
        gamma = params.trainableConstant(p + ".gamma", new int[] {c}, 1f);
        beta = params.trainableConstant(p + ".beta", new int[] {c}, 0f);
        runningMean = params.buffer(p + ".running_mean", new int[] {c}, 0f);
        runningVar = params.buffer(p + ".running_var", new int[] {c}, 1f);
        saveMean = b.allocate(c);
        saveInvStd = b.allocate(c);
        y = new BatchBuffer(b, maxBatch, input);
        dx = new BatchBuffer(b, maxBatch, input);
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        this.x = x;
        Tensor out = y.rows(x.rows());
        if (training) {
            b.batchNormForwardTraining(x, gamma.value(), beta.value(), momentum, eps, runningMean.value(),
                    runningVar.value(), out, saveMean, saveInvStd);
        } else {
            b.batchNormForwardInference(x, gamma.value(), beta.value(), eps, runningMean.value(), runningVar.value(), out);
        }
        return out;
    }

    @Override
    public Tensor backward(Tensor dy) {
        Tensor g = dx.rows(dy.rows());
        b.batchNormBackward(x, gamma.value(), saveMean, saveInvStd, dy, g, gamma.grad(), beta.grad());
        return g;
    }

    @Override
    public String describe() {
        return "BatchNorm(momentum " + momentum + ", eps " + eps + ")";
    }
}
