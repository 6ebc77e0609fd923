package org.latent.model;

import org.latent.tensor.Tensor;

/**
 * A model that assigns classes: accuracies in metrics.csv and the summary, a confusion matrix,
 * the most confident mistakes, and it can judge a GAN (its penultimate features give the Fréchet
 * distance). Inputs may be of any length; the model works through them in batches.
 */
public interface Classifies {
    int classes();

    /** Softmax probabilities [count, classes] of input [count, inputSize], in inference mode. */
    float[] probabilities(Tensor input);

    /** The size of {@link #features} per example. */
    int featureSize();

    /** Penultimate features [count, featureSize] of input [count, inputSize], in inference mode. */
    float[] features(Tensor input);

    /** Fraction of examples whose most probable class is the one-hot target's (the first on ties). */
    default double accuracy(Tensor input, Tensor target) {
        float[] p = probabilities(input), t = target.toArray();
        int k = classes(), correct = 0, n = input.rows();
        for (int i = 0; i < n; i++) if (argMax(p, i, k) == argMax(t, i, k)) correct++;
        return correct / (double) n;
    }

    /** The index of the largest of row i's k values (the first one on ties). */
    static int argMax(float[] rows, int i, int k) {
        int best = 0;
        for (int c = 1; c < k; c++) if (rows[i * k + c] > rows[i * k + best]) best = c;
        return best;
    }
}
