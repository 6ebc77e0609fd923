package org.latent.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.latent.backend.Activation;
import org.latent.init.Initializer;
import org.latent.model.Autoencoder;
import org.latent.model.Model;

/**
 * family "autoencoder": a classic MLP autoencoder (E7, E8). {@code encoder} and {@code decoder} are
 * hidden layer sizes (the decoder mirrors the encoder unless given), {@code latent} the code size;
 * {@code activation} has an entry per part: encoder (hidden layers), latent (the code layer), decoder
 * (hidden layers) and output. {@code loss}: squared_error, or cross_entropy (needs a sigmoid
 * output). E7's [35, 20, 10, 20, 35] is encoder [20], latent 10, decoder [20] on 35-pixel glyphs.
 * For a denoising autoencoder add data.noise. {@code sparsity} (optional, {@link SparsityConfig})
 * penalizes the code activations. {@code analysis.kmeans} (optional, 0: none) clusters the codes and
 * the raw pixels of the evaluation set into that many groups and scores both against the labels.
 * {@code architecture}: mlp (default), or conv (E8) for square images (1 or 3 channels), with the fixed
 * layers of {@link org.latent.model.ConvAutoencoderNets}: the encoder activation is the convolutions',
 * the decoder activation the hidden transposed convolution's, and no hidden sizes are given.
 */
public record AutoencoderConfig(String architecture, List<Integer> encoder, int latent, List<Integer> decoder, String encoderActivation,
                                String latentActivation, String decoderActivation, String outputActivation, String loss,
                                String init, SparsityConfig sparsity, int kmeans) implements ModelConfig {
    public static final List<String> LOSSES = List.of("squared_error", "cross_entropy");
    public static final List<String> ARCHITECTURES = List.of("mlp", "conv");

    public AutoencoderConfig {
        architecture = Check.oneOf("model.architecture", architecture, ARCHITECTURES);
        encoder = Check.sizes("model.encoder", encoder);
        Check.positive("model.latent", latent);
        decoder = Check.sizes("model.decoder", decoder);
        encoderActivation = Check.activation("model.activation.encoder", encoderActivation);
        latentActivation = Check.activation("model.activation.latent", latentActivation);
        decoderActivation = Check.activation("model.activation.decoder", decoderActivation);
        outputActivation = Check.activation("model.activation.output", outputActivation);
        loss = Check.oneOf("model.loss", loss, LOSSES);
        init = Check.initializer("model.init", init);
        Check.nonNegative("model.analysis.kmeans", kmeans);
        if (sparsity != null && sparsity.kind().equals("kl") && !latentActivation.equals("sigmoid")) {
            throw new ConfigException("model.sparsity: kind kl needs model.activation.latent \"sigmoid\" (codes in (0, 1)), not \""
                    + latentActivation + "\"");
        }
        if (architecture.equals("conv") && !(encoder.isEmpty() && decoder.isEmpty())) {
            throw new ConfigException("model.encoder, model.decoder: the conv architecture has fixed layers, give no hidden sizes");
        }
        if (loss.equals("cross_entropy") && !outputActivation.equals("sigmoid")) {
            throw new ConfigException("model.loss: cross_entropy needs model.activation.output \"sigmoid\", not \""
                    + outputActivation + "\"");
        }
    }

    /** No hidden layers, ReLU hidden / identity code / sigmoid output, squared error, Glorot uniform. */
    public static AutoencoderConfig of(int latent) {
        return new AutoencoderConfig("mlp", List.of(), latent, List.of(), "relu", "identity", "relu", "sigmoid", "squared_error",
                "glorot_uniform", null, 0);
    }

    /** Sets the encoder's hidden sizes and mirrors them in the decoder. */
    public AutoencoderConfig withEncoder(int... sizes) {
        List<Integer> e = Layers.of(sizes);
        return new AutoencoderConfig(architecture, e, latent, Layers.reversed(e), encoderActivation, latentActivation, decoderActivation,
                outputActivation, loss, init, sparsity, kmeans);
    }

    public AutoencoderConfig withDecoder(int... sizes) {
        return new AutoencoderConfig(architecture, encoder, latent, Layers.of(sizes), encoderActivation, latentActivation,
                decoderActivation, outputActivation, loss, init, sparsity, kmeans);
    }

    public AutoencoderConfig withActivations(String encoderAct, String latentAct, String decoderAct, String outputAct) {
        return new AutoencoderConfig(architecture, encoder, latent, decoder, encoderAct, latentAct, decoderAct, outputAct, loss, init, sparsity, kmeans);
    }

    public AutoencoderConfig withLoss(String l) {
        return new AutoencoderConfig(architecture, encoder, latent, decoder, encoderActivation, latentActivation, decoderActivation,
                outputActivation, l, init, sparsity, kmeans);
    }

    public AutoencoderConfig withInit(String i) {
        return new AutoencoderConfig(architecture, encoder, latent, decoder, encoderActivation, latentActivation, decoderActivation,
                outputActivation, loss, i, sparsity, kmeans);
    }

    public AutoencoderConfig withSparsity(SparsityConfig s) {
        return new AutoencoderConfig(architecture, encoder, latent, decoder, encoderActivation, latentActivation, decoderActivation,
                outputActivation, loss, init, s, kmeans);
    }

    /** Whether every layer is linear and the loss squared error: the autoencoder that spans PCA's subspace. */
    public boolean linear() {
        return architecture.equals("mlp") && loss.equals("squared_error") && encoderActivation.equals("identity") && latentActivation.equals("identity")
                && decoderActivation.equals("identity") && outputActivation.equals("identity");
    }

    @Override
    public String family() {
        return "autoencoder";
    }

    static AutoencoderConfig parse(ConfigObject o) {
        o.allowOnly("family", "architecture", "encoder", "latent", "decoder", "activation", "loss", "init", "sparsity", "analysis");
        AutoencoderConfig d = of(o.requiredInteger("latent"));
        String architecture = o.string("architecture", d.architecture);
        List<Integer> encoder = o.has("encoder") ? o.integers("encoder") : d.encoder;
        List<Integer> decoder = o.has("decoder") ? o.integers("decoder") : Layers.reversed(encoder);
        ConfigObject act = o.object("activation");
        act.allowOnly("encoder", "latent", "decoder", "output");
        ConfigObject analysis = o.object("analysis");
        analysis.allowOnly("kmeans");
        return new AutoencoderConfig(architecture, encoder, d.latent, decoder, act.string("encoder", d.encoderActivation),
                act.string("latent", d.latentActivation), act.string("decoder", d.decoderActivation),
                act.string("output", d.outputActivation), o.string("loss", d.loss), o.string("init", d.init),
                o.has("sparsity") ? SparsityConfig.parse(o.object("sparsity")) : null, analysis.integer("kmeans", 0));
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("family", family());
        m.put("architecture", architecture);
        m.put("encoder", encoder);
        m.put("latent", latent);
        m.put("decoder", decoder);
        Map<String, Object> act = new LinkedHashMap<>();
        act.put("encoder", encoderActivation);
        act.put("latent", latentActivation);
        act.put("decoder", decoderActivation);
        act.put("output", outputActivation);
        m.put("activation", act);
        m.put("loss", loss);
        m.put("init", init);
        if (sparsity != null) m.put("sparsity", sparsity.toJson());
        if (kmeans > 0) m.put("analysis", Map.of("kmeans", kmeans));
        return m;
    }

    @Override
    public Model model(int[] exampleShape) {
        int inputSize = Check.size(exampleShape);
        Activation enc = Activation.parse(encoderActivation), code = Activation.parse(latentActivation),
                dec = Activation.parse(decoderActivation), out = Activation.parse(outputActivation);
        Autoencoder.Loss l = Autoencoder.Loss.valueOf(loss.toUpperCase(Locale.ROOT));
        Initializer i = Initializer.parse(init);
        int[] cs = architecture.equals("conv") ? Check.convImage(exampleShape, "conv", true) : null;
        if (cs == null) {
            Check.denseNetwork("model.encoder", inputSize, encoder, latent, 1, Check.heapBytes());
            Check.denseNetwork("model.decoder", latent, decoder, inputSize, 1, Check.heapBytes());
        }
        Autoencoder ae = cs != null
                ? Autoencoder.convolutional(cs[0], cs[1], latent, enc, code, dec, out, l, i)
                : Autoencoder.mlp(inputSize, Layers.array(encoder), latent, Layers.array(decoder), enc, code, dec, out, l, i);
        return ae.sparsity(sparsity == null ? null : sparsity.create());
    }
}
