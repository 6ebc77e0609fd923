package org.latent.model;

import org.latent.tensor.Tensor;

/**
 * A trainable model: what the {@link org.latent.train.Trainer} needs and nothing more. Write one by
 * implementing these five methods; the built-in {@link Vae}, {@link Autoencoder}, {@link Gan} and
 * {@link Classifier} are written the same way.
 *
 * <ol>
 * <li>{@link #build} declares the model's networks, their optimizers and its random streams with the
 *     {@link ModelContext} and allocates every buffer a step needs, once. The context is what a
 *     checkpoint saves and a resume restores, so a model that declares its state there is
 *     checkpointed, resumed and reported like the built-ins.</li>
 * <li>{@link #trainStep} runs forward, loss, backward and the optimizer steps on one batch, keeping
 *     its loss on the device (see {@link LossAccumulator}): no host read inside a step, so the
 *     step can later be replayed from a CUDA graph.</li>
 * <li>{@link #takeMeanLoss} reads the mean loss of the steps since its last call (one
 *     synchronization); {@link #evaluate} measures a whole set without training.</li>
 * </ol>
 *
 * <p>What else a model can do (encode, decode, generate, reconstruct, classify) it says by
 * implementing the capability interfaces of this package; figures, the report, {@code latent
 * sample} and {@code latent eval} ask for those, never for a class.
 *
 * <p>Batches have at most {@link ModelContext#maxBatch} rows; inputs are [n, inputSize] row-major.
 */
public interface Model {

    /** Declares networks, optimizers and random streams with {@code context} and allocates buffers; called once. */
    void build(ModelContext context);

    /**
     * One training step on input [n, inputSize] with target rows (the input itself for
     * autoencoders, a clean original when denoising, one-hot labels for a classifier).
     */
    void trainStep(Tensor input, Tensor target);

    /** Mean per-example loss over the training steps since the last call (one host synchronization); NaN when none. */
    double takeMeanLoss();

    /** Mean per-example loss over a whole set, in batches, without training; leaves the training streams as they were. */
    double evaluate(Tensor input, Tensor target);

    /** What the loss is, for tables and plots ("-ELBO", "squared error"). */
    default String lossName() {
        return "loss";
    }
}
