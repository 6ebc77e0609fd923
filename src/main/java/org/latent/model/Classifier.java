package org.latent.model;

import org.latent.backend.Activation;
import org.latent.backend.Backend;
import org.latent.nn.ParameterSet;
import org.latent.nn.Sequential;
import org.latent.optim.Optimizer;
import org.latent.tensor.Tensor;

/**
 * A classifier over any network from inputs to logits [classes], trained on one-hot targets with
 * the fused softmax cross-entropy. The loss is the mean cross-entropy per example (natural log).
 * Its outputs outside training are the softmax probabilities.
 */
public final class Classifier implements Model, Classifies {
    private final Sequential net;
    private Backend b;
    private Optimizer optimizer;
    private int maxBatch, inputSize, classes;
    private Tensor perExample, dLogits, probs;
    private LossAccumulator loss;

    /** {@code net} maps an example to [classes] logits. */
    public Classifier(Sequential net) {
        this.net = net;
    }

    public Sequential network() { return net; }

    @Override
    public void build(ModelContext c) {
        if (b != null) throw new IllegalStateException("Classifier: already built");
        b = c.backend();
        maxBatch = c.maxBatch();
        inputSize = c.inputSize();
        int[] out = net.outputShape(new int[] {inputSize});
        if (out.length != 1 || out[0] < 2) {
            throw new IllegalArgumentException("Classifier: the network gives " + java.util.Arrays.toString(out)
                    + " per example; it must give one logit per class (at least 2)");
        }
        classes = out[0];
        ParameterSet p = c.parameters();
        c.network("classifier", net, p, new int[] {inputSize});
        optimizer = c.optimizer("classifier", p);
        perExample = b.allocate(maxBatch);
        dLogits = b.allocate(maxBatch, classes);
        probs = b.allocate(maxBatch, classes);
        loss = c.runningLoss("classifier.loss", maxBatch);
    }

    @Override public String lossName() { return "cross-entropy"; }
    @Override public int classes() { return classes; }

    /** The input of the last layer, flat per example: the penultimate features (E5's Dense 64 ReLU output). */
    @Override
    public int featureSize() {
        return ModelShapes.size(net.outputShapeAllButLast(new int[] {inputSize}));
    }

    @Override
    public float[] features(Tensor input) {
        int count = input.rows(), size = featureSize();
        float[] out = new float[count * size];
        for (int from = 0; from < count; from += maxBatch) {
            int n = Math.min(maxBatch, count - from);
            System.arraycopy(net.forwardAllButLast(input.rows(from, n)).toArray(), 0, out, from * size, n * size);
        }
        return out;
    }

    /** Forward and loss: per-example losses (already / n) in perExample, their gradient in dLogits, softmax in probs. */
    private void forward(Tensor x, Tensor target, boolean training) {
        int n = x.rows();
        ModelShapes.requireBatch("Classifier", n, maxBatch);
        Tensor logits = net.forward(x, training);
        b.softmaxCrossEntropy(logits, target, 1f / n, perExample.rows(0, n), dLogits.rows(0, n), probs.rows(0, n));
    }

    @Override
    public void trainStep(Tensor x, Tensor target) {
        int n = x.rows();
        forward(x, target, true);
        net.backwardParameters(dLogits.rows(0, n));
        optimizer.step();
        loss.add(perExample.rows(0, n));
        loss.stepDone();
    }

    @Override
    public double takeMeanLoss() {
        return loss.takeMean();
    }

    @Override
    public double evaluate(Tensor input, Tensor target) {
        return Evaluation.meanLoss(b, input, target, maxBatch, (x, t) -> {
            forward(x, t, false);
            return perExample.rows(0, x.rows());
        });
    }

    @Override
    public float[] probabilities(Tensor input) {
        int count = input.rows();
        float[] out = new float[count * classes];
        for (int from = 0; from < count; from += maxBatch) {
            int n = Math.min(maxBatch, count - from);
            Tensor p = probs.rows(0, n);
            b.biasActivationForward(net.forward(input.rows(from, n), false), null, Activation.SOFTMAX, 0f, null, p);
            System.arraycopy(p.toArray(), 0, out, from * classes, n * classes);
        }
        return out;
    }
}
