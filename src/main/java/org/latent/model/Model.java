package org.latent.model;

import java.util.Map;
import java.util.function.Function;
import org.latent.nn.ParameterSet;
import org.latent.nn.Sequential;
import org.latent.optim.Optimizer;
import org.latent.rng.RandomKey;
import org.latent.tensor.Tensor;

/**
 * What the training front end needs from a model family: a training step on (input, target)
 * batches with the loss kept on the device, evaluation, the maps between data and latent space for
 * figures, and every piece of state a checkpoint must hold (parameters via {@link #networks}, the
 * optimizer, and the random streams).
 *
 * <p>Batches have at most {@link #maxBatch} rows; host arrays are row-major.
 */
public interface Model {

    /** The config's family name ("vae", "autoencoder"). */
    String family();

    /** What the loss is, for tables and plots ("-ELBO", "squared error"). */
    String lossName();

    ParameterSet parameters();

    /** The networks by name, in build order; their parameters together are {@link #parameters()}. */
    Map<String, Sequential> networks();

    void optimizer(Optimizer o);

    /** Gives the model an optimizer, made by {@code create}, for each ParameterSet it trains (one, except for a GAN). */
    default void optimizers(Function<ParameterSet, Optimizer> create) {
        optimizer(create.apply(parameters()));
    }

    Optimizer optimizer();

    int inputSize();

    int latentSize();

    int maxBatch();

    /** One optimizer step on input [n, inputSize] reconstructing target (the input itself, or the clean original). */
    void trainStep(Tensor input, Tensor target);

    /** Mean per-example loss over the training steps since the last call (one host synchronization). */
    double takeMeanLoss();

    /** Mean per-example loss over a whole set, in batches, without training; leaves the training streams as they were. */
    double evaluate(Tensor input, Tensor target);

    /** Fraction of a set classified correctly (targets one-hot), in inference mode; NaN for models that do not classify. */
    default double accuracy(Tensor input, Tensor target) {
        return Double.NaN;
    }

    /** The model's reconstruction of input [n, inputSize], in data space. */
    float[] reconstruct(Tensor input);

    /** Latent codes [n, latentSize] of input (the posterior means for a VAE). */
    float[] encode(Tensor input);

    /** Data-space outputs [n, inputSize] for codes z [n, latentSize]. */
    float[] decode(Tensor z);

    /** Whether decoding draws from N(0, I) give samples of the data (true for a VAE). */
    boolean samplesFromPrior();

    /** Every random stream the model draws from while training, by name, at its current position. */
    Map<String, RandomKey> randomKeys();

    /** Puts the streams back where {@link #randomKeys} found them (after a checkpoint is loaded). */
    void restoreRandomKeys(Map<String, RandomKey> keys);
}
