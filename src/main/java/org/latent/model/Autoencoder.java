package org.latent.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.latent.backend.Activation;
import org.latent.backend.Backend;
import org.latent.init.Initializer;
import org.latent.nn.Sequential;
import org.latent.tensor.Tensor;

/**
 * A classic autoencoder (E7, E8): an MLP encoder to a latent code and an MLP decoder back, each part
 * with its own activation, or E8's convolutional nets ({@link #convolutional}). Trained to reconstruct a target from an input; for a denoising
 * autoencoder the input is a corrupted copy and the target the clean original.
 *
 * <p>SQUARED_ERROR: sum over features of (output - target)^2 per example. CROSS_ENTROPY: binary
 * cross-entropy summed over features, computed from the logits (the output activation must be
 * sigmoid, which is then applied only when outputs are returned).
 *
 * <p>A sparse autoencoder adds a penalty on the code layer's activations to the training gradient:
 * L1 (weight times the per-example sum of |a|) or KL (weight times sum_j KL(target || mean
 * activation of unit j over the batch), codes in (0, 1)). The reported loss is the reconstruction
 * loss alone, so that it stays comparable with an autoencoder trained without the penalty.
 */
public final class Autoencoder extends OneOptimizerModel {

    public enum Loss { SQUARED_ERROR, CROSS_ENTROPY }

    public record Sparsity(Kind kind, float weight, float target) {
        public enum Kind { L1, KL }
    }

    public record Spec(int inputSize, int[] encoderHidden, int latent, int[] decoderHidden, Activation encoderActivation,
                       Activation latentActivation, Activation decoderActivation, Activation outputActivation, Loss loss,
                       Initializer init, Sparsity sparsity) {
        /** Without a sparsity penalty. */
        public Spec(int inputSize, int[] encoderHidden, int latent, int[] decoderHidden, Activation encoderActivation,
                    Activation latentActivation, Activation decoderActivation, Activation outputActivation, Loss loss,
                    Initializer init) {
            this(inputSize, encoderHidden, latent, decoderHidden, encoderActivation, latentActivation, decoderActivation,
                    outputActivation, loss, init, null);
        }

        public Spec {
            if (inputSize <= 0 || latent <= 0) {
                throw new IllegalArgumentException("Autoencoder: input " + inputSize + " and latent " + latent + " must be positive");
            }
            if (loss == Loss.CROSS_ENTROPY && outputActivation != Activation.SIGMOID) {
                throw new IllegalArgumentException("Autoencoder: cross-entropy needs a sigmoid output, not "
                        + outputActivation.name().toLowerCase());
            }
            encoderHidden = encoderHidden.clone();
            decoderHidden = decoderHidden.clone();
        }
    }

    private final Spec spec;
    private final Sequential encoder, decoder;
    private final Tensor perExample, dOut;
    private final LossAccumulator loss;
    private Tensor code;

    public Autoencoder(Backend backend, Spec spec, int maxBatch, long seed) {
        this(backend, spec, Mlp.of(spec.inputSize(), spec.encoderHidden(), spec.latent(), spec.encoderActivation(),
                spec.latentActivation(), spec.init()), Mlp.of(spec.latent(), spec.decoderHidden(), spec.inputSize(),
                spec.decoderActivation(), decoderOutput(spec), spec.init()), maxBatch, seed);
    }

    /**
     * E8's convolutional autoencoder ({@link ConvAutoencoderNets}) on side x side images: the encoder
     * activation is the convolutions', the decoder activation the hidden transposed convolution's.
     */
    public static Autoencoder convolutional(Backend backend, Spec spec, int side, int maxBatch, long seed) {
        if (spec.encoderHidden().length > 0 || spec.decoderHidden().length > 0 || side * side != spec.inputSize()) {
            throw new IllegalArgumentException("Autoencoder: the convolutional nets take " + side + "x" + side
                    + " images and no hidden sizes");
        }
        return new Autoencoder(backend, spec,
                ConvAutoencoderNets.encoder(side, spec.latent(), spec.encoderActivation(), spec.latentActivation(), spec.init()),
                ConvAutoencoderNets.decoder(side, spec.latent(), spec.decoderActivation(), decoderOutput(spec), spec.init()),
                maxBatch, seed);
    }

    /** The decoder's last activation: none with cross-entropy, which is computed from the logits. */
    private static Activation decoderOutput(Spec spec) {
        return spec.loss() == Loss.CROSS_ENTROPY ? Activation.IDENTITY : spec.outputActivation();
    }

    private Autoencoder(Backend backend, Spec spec, Sequential encoder, Sequential decoder, int maxBatch, long seed) {
        super("Autoencoder", backend, maxBatch, seed);
        this.spec = spec;
        int d = spec.inputSize(), j = spec.latent();
        this.encoder = encoder;
        this.decoder = decoder;
        encoder.build(params, new int[] {d}, maxBatch);
        decoder.build(params, new int[] {j}, maxBatch);
        params.allocate();
        perExample = b.allocate(maxBatch);
        dOut = b.allocate(maxBatch, d);
        loss = new LossAccumulator(b, maxBatch);
    }

    public Spec spec() { return spec; }

    @Override public String family() { return "autoencoder"; }
    @Override public String lossName() { return spec.loss() == Loss.CROSS_ENTROPY ? "cross-entropy" : "squared error"; }
    @Override public int inputSize() { return spec.inputSize(); }
    @Override public int latentSize() { return spec.latent(); }
    @Override public boolean samplesFromPrior() { return false; }

    @Override
    public Map<String, Sequential> networks() {
        Map<String, Sequential> m = new LinkedHashMap<>();
        m.put("encoder", encoder);
        m.put("decoder", decoder);
        return m;
    }





    /** Forward and loss; leaves per-example losses (already / n) in perExample and their gradient in dOut. */
    private void forward(Tensor x, Tensor target, boolean training) {
        int n = x.rows();
        requireBatch(n);
        code = encoder.forward(x, training);
        Tensor out = decoder.forward(code, training);
        Tensor l = perExample.rows(0, n), g = dOut.rows(0, n);
        if (spec.loss() == Loss.CROSS_ENTROPY) {
            b.bceWithLogits(out, target, 1f / n, l, g);
        } else {
            b.squaredError(out, target, 1f / n, l, g);
        }
    }

    @Override
    public void trainStep(Tensor x, Tensor target) {
        int n = x.rows();
        forward(x, target, true);
        Tensor dCode = decoder.backward(dOut.rows(0, n));
        Sparsity sparsity = spec.sparsity();
        if (sparsity != null && sparsity.kind() == Sparsity.Kind.L1) {
            b.l1ActivityPenalty(code, sparsity.weight() / n, dCode);
        } else if (sparsity != null) {
            b.klSparsityPenalty(code, sparsity.target(), sparsity.weight(), dCode);
        }
        encoder.backwardParameters(dCode);
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

    @Override
    public float[] encode(Tensor x) {
        return encoder.forward(x, false).toArray();
    }

    @Override
    public float[] decode(Tensor z) {
        float[] v = decoder.forward(z, false).toArray();
        if (spec.loss() == Loss.CROSS_ENTROPY) {
            for (int i = 0; i < v.length; i++) v[i] = (float) (1 / (1 + Math.exp(-v[i])));
        }
        return v;
    }

    @Override
    public float[] reconstruct(Tensor x) {
        return decode(encoder.forward(x, false));
    }
}
