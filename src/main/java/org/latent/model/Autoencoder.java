package org.latent.model;

import org.latent.backend.Activation;
import org.latent.backend.Backend;
import org.latent.init.Initializer;
import org.latent.nn.ParameterSet;
import org.latent.nn.Sequential;
import org.latent.optim.Optimizer;
import org.latent.tensor.Tensor;

/**
 * An autoencoder over any encoder (input to code) and decoder (code back to the input's size),
 * trained to reconstruct a target from an input: the input itself, or for a denoising autoencoder
 * (the data's {@code noise} option) the clean original of a corrupted input.
 *
 * <p>{@link Loss#SQUARED_ERROR}: sum over features of (output - target)^2 per example.
 * {@link Loss#CROSS_ENTROPY}: binary cross-entropy summed over features, computed from logits: the
 * decoder then gives logits, and {@link #decode} applies the sigmoid.
 *
 * <p>A sparse autoencoder adds a penalty on the code to the training gradient: L1 (weight times the
 * per-example sum of |a|) or KL (weight times sum_j KL(target || mean activation of unit j over the
 * batch), codes in (0, 1)). The reported loss is the reconstruction loss alone, so that it stays
 * comparable with an autoencoder trained without the penalty.
 */
public final class Autoencoder implements Model, Encodes, Decodes, Reconstructs {

    public enum Loss { SQUARED_ERROR, CROSS_ENTROPY }

    public record Sparsity(Kind kind, float weight, float target) {
        public enum Kind { L1, KL }
    }

    private final Sequential encoder, decoder;
    private Loss lossKind = Loss.SQUARED_ERROR;
    private Sparsity sparsity;
    private Backend b;
    private Optimizer optimizer;
    private int maxBatch, inputSize, latent;
    private int[] encoderOut, decoderOut;
    private Tensor perExample, dOut;
    private LossAccumulator loss;
    private Tensor code;

    /** {@code encoder}: input to the code [latent]; {@code decoder}: the code to the input's size. */
    public Autoencoder(Sequential encoder, Sequential decoder) {
        this.encoder = encoder;
        this.decoder = decoder;
    }

    public Autoencoder loss(Loss l) {
        requireUnbuilt();
        lossKind = l;
        return this;
    }

    /** A penalty on the code's activations (null: none). */
    public Autoencoder sparsity(Sparsity s) {
        requireUnbuilt();
        sparsity = s;
        return this;
    }

    public Loss loss() { return lossKind; }
    public Sparsity sparsity() { return sparsity; }
    public Sequential encoder() { return encoder; }
    public Sequential decoder() { return decoder; }

    /**
     * The MLP autoencoder of E7 and E8: Dense hidden layers with their activations, the code layer
     * with its own, and the decoder's hidden layers and output. With cross-entropy the output
     * activation must be the sigmoid, and the decoder's last layer then gives logits.
     */
    public static Autoencoder mlp(int inputSize, int[] encoderHidden, int latent, int[] decoderHidden, Activation encoderActivation,
                                  Activation latentActivation, Activation decoderActivation, Activation outputActivation, Loss loss,
                                  Initializer init) {
        requireSigmoidForCrossEntropy(loss, outputActivation);
        return new Autoencoder(Mlp.of(inputSize, encoderHidden, latent, encoderActivation, latentActivation, init),
                Mlp.of(latent, decoderHidden, inputSize, decoderActivation, decoderOutput(loss, outputActivation), init)).loss(loss);
    }

    /**
     * E8's convolutional autoencoder ({@link ConvAutoencoderNets}) on side x side images: the encoder
     * activation is the convolutions', the decoder activation the hidden transposed convolution's.
     */
    public static Autoencoder convolutional(int side, int latent, Activation encoderActivation, Activation latentActivation,
                                            Activation decoderActivation, Activation outputActivation, Loss loss, Initializer init) {
        return convolutional(1, side, latent, encoderActivation, latentActivation, decoderActivation, outputActivation, loss, init);
    }

    /** The same on {@code channels} x side x side images (3 for RGB). */
    public static Autoencoder convolutional(int channels, int side, int latent, Activation encoderActivation,
                                            Activation latentActivation, Activation decoderActivation, Activation outputActivation,
                                            Loss loss, Initializer init) {
        requireSigmoidForCrossEntropy(loss, outputActivation);
        return new Autoencoder(ConvAutoencoderNets.encoder(channels, side, latent, encoderActivation, latentActivation, init),
                ConvAutoencoderNets.decoder(channels, side, latent, decoderActivation, decoderOutput(loss, outputActivation), init))
                .loss(loss);
    }

    private static void requireSigmoidForCrossEntropy(Loss loss, Activation output) {
        if (loss == Loss.CROSS_ENTROPY && output != Activation.SIGMOID) {
            throw new IllegalArgumentException("Autoencoder: cross-entropy needs a sigmoid output, not " + output.name().toLowerCase());
        }
    }

    /** The decoder's last activation: none with cross-entropy, which is computed from the logits. */
    private static Activation decoderOutput(Loss loss, Activation output) {
        return loss == Loss.CROSS_ENTROPY ? Activation.IDENTITY : output;
    }

    @Override
    public void build(ModelContext c) {
        requireUnbuilt();
        b = c.backend();
        maxBatch = c.maxBatch();
        inputSize = c.inputSize();
        int[] flat = {inputSize};
        encoderOut = encoder.outputShape(flat);
        latent = ModelShapes.size(encoderOut);
        decoderOut = decoder.outputShape(new int[] {latent});
        ModelShapes.require("Autoencoder", "decoder", decoderOut, inputSize);
        ParameterSet p = c.parameters();
        c.network("encoder", encoder, p, flat);
        c.network("decoder", decoder, p, new int[] {latent});
        optimizer = c.optimizer("autoencoder", p);
        perExample = b.allocate(maxBatch);
        dOut = b.allocate(maxBatch, inputSize);
        loss = c.runningLoss("autoencoder.loss", maxBatch);
    }

    @Override public String lossName() { return lossKind == Loss.CROSS_ENTROPY ? "cross-entropy" : "squared error"; }
    @Override public int latentSize() { return latent; }

    /** Forward and loss; leaves per-example losses (already / n) in perExample and their gradient in dOut. */
    private void forward(Tensor x, Tensor target, boolean training) {
        int n = x.rows();
        ModelShapes.requireBatch("Autoencoder", n, maxBatch);
        code = encoder.forward(x, training);
        Tensor out = ModelShapes.flat(decoder.forward(code, training));
        Tensor l = perExample.rows(0, n), g = dOut.rows(0, n);
        if (lossKind == Loss.CROSS_ENTROPY) {
            b.bceWithLogits(out, target, 1f / n, l, g);
        } else {
            b.squaredError(out, target, 1f / n, l, g);
        }
    }

    @Override
    public void trainStep(Tensor x, Tensor target) {
        int n = x.rows();
        forward(x, target, true);
        Tensor dCode = decoder.backward(ModelShapes.as(dOut.rows(0, n), decoderOut));
        if (sparsity != null && sparsity.kind() == Sparsity.Kind.L1) {
            b.l1ActivityPenalty(code, sparsity.weight() / n, dCode);
        } else if (sparsity != null) {
            b.klSparsityPenalty(code, sparsity.target(), sparsity.weight(), dCode);
        }
        encoder.backwardParameters(dCode);
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
    public float[] encode(Tensor x) {
        return ModelShapes.flat(encoder.forward(x, false)).toArray();
    }

    @Override
    public float[] decode(Tensor z) {
        float[] v = ModelShapes.flat(decoder.forward(z, false)).toArray();
        if (lossKind == Loss.CROSS_ENTROPY) {
            for (int i = 0; i < v.length; i++) v[i] = (float) (1 / (1 + Math.exp(-v[i])));
        }
        return v;
    }

    @Override
    public float[] reconstruct(Tensor x) {
        return decode(encoder.forward(x, false));
    }

    private void requireUnbuilt() {
        if (b != null) throw new IllegalStateException("Autoencoder: already built");
    }
}
