package org.latent.model;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.latent.backend.Activation;
import org.latent.backend.Backend;
import org.latent.nn.Layer;
import org.latent.nn.Sequential;
import org.latent.tensor.Tensor;

/**
 * A classifier (E3, E4, E5): a network from flat inputs [n, inputSize] to logits [n, classes],
 * trained on one-hot targets with the fused softmax cross-entropy. The loss is the mean
 * cross-entropy per example (natural log). Outside training the model's outputs are the softmax
 * probabilities: {@link #reconstruct} and {@link #encode} both give them, so the fixed images'
 * per-epoch "reconstructions" in the checkpoint are their class probabilities. It has no decoder.
 */
public final class Classifier extends OneOptimizerModel {
    private final Sequential net;
    private final int inputSize, classes;
    private final Tensor perExample, dLogits, probs;
    private final LossAccumulator loss;

    /** {@code net} maps per-example shape [inputSize] to [classes] (it starts with a Reshape for images). */
    public Classifier(Backend backend, Sequential net, int inputSize, int classes, int maxBatch, long seed) {
        super("Classifier", backend, maxBatch, seed);
        int[] out = net.outputShape(new int[] {inputSize});
        if (out.length != 1 || out[0] != classes) {
            throw new IllegalArgumentException("Classifier: the network gives " + Arrays.toString(out)
                    + " per example, expected [" + classes + "] logits");
        }
        this.net = net;
        this.inputSize = inputSize;
        this.classes = classes;
        net.build(params, new int[] {inputSize}, maxBatch);
        params.allocate();
        perExample = b.allocate(maxBatch);
        dLogits = b.allocate(maxBatch, classes);
        probs = b.allocate(maxBatch, classes);
        loss = new LossAccumulator(b, maxBatch);
    }

    @Override public String family() { return "classifier"; }
    @Override public String lossName() { return "cross-entropy"; }
    @Override public Map<String, Sequential> networks() { return Map.of("classifier", net); }
    @Override public int inputSize() { return inputSize; }
    /** The outputs that {@link #encode} gives: one probability per class. */
    @Override public int latentSize() { return classes; }
    @Override public boolean samplesFromPrior() { return false; }

    public int classes() { return classes; }

    /** The input of the last layer, flat per example: the penultimate features (E5's Dense 64 ReLU output). */
    public int featureSize() {
        List<Layer> layers = net.layers();
        int[] shape = {inputSize};
        for (int i = 0; i < layers.size() - 1; i++) shape = layers.get(i).outputShape(shape);
        int size = 1;
        for (int d : shape) size *= d;
        return size;
    }

    /** Penultimate features [n, featureSize()] of input [n, inputSize] of any length, in batches, inference mode. */
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
        requireBatch(n);
        Tensor logits = net.forward(x, training);
        b.softmaxCrossEntropy(logits, target, 1f / n, perExample.rows(0, n), dLogits.rows(0, n), probs.rows(0, n));
    }

    @Override
    public void trainStep(Tensor x, Tensor target) {
        int n = x.rows();
        forward(x, target, true);
        net.backwardParameters(dLogits.rows(0, n));
        stepper().step();
        loss.add(perExample.rows(0, n));
        loss.stepDone();
    }

    @Override
    public double takeMeanLoss() {
        return loss.takeMean();
    }

    @Override
    public double evaluate(Tensor input, Tensor target) {
        return meanLoss(input, target, (x, t) -> {
            forward(x, t, false);
            return perExample.rows(0, x.rows());
        });
    }

    /** Fraction of examples whose most probable class is the target's, in inference mode (dropout off). */
    @Override
    public double accuracy(Tensor input, Tensor target) {
        float[] p = probabilities(input), t = target.toArray();
        int correct = 0, n = input.rows();
        for (int i = 0; i < n; i++) if (argMax(p, i, classes) == argMax(t, i, classes)) correct++;
        return correct / (double) n;
    }

    /** Softmax probabilities [n, classes] of input [n, inputSize] of any length, in batches, inference mode. */
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

    /** The index of the largest of row i's k values (the first one on ties). */
    public static int argMax(float[] rows, int i, int k) {
        int best = 0;
        for (int c = 1; c < k; c++) if (rows[i * k + c] > rows[i * k + best]) best = c;
        return best;
    }

    @Override
    public float[] encode(Tensor x) {
        return probabilities(x);
    }

    @Override
    public float[] reconstruct(Tensor x) {
        return probabilities(x);
    }

    @Override
    public float[] decode(Tensor z) {
        throw new UnsupportedOperationException("a classifier has no decoder");
    }
}
