package org.latent.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.latent.backend.Activation;
import org.latent.init.Initializer;
import org.latent.model.Model;
import org.latent.model.Vae;

/**
 * family "vae": an MLP variational autoencoder (E1, E2). {@code encoder} and {@code decoder} are
 * the hidden layer sizes (the decoder mirrors the encoder unless given); {@code activation} has one
 * entry per part; {@code likelihood} is bernoulli (binary cross-entropy from logits) or gaussian
 * (sigmoid mean, squared error); the loss is reconstruction + beta * KL. {@code betaWarmup} (0: none)
 * raises the KL weight linearly from 0 to beta over the first that many training steps.
 */
public record VaeConfig(String architecture, List<Integer> encoder, int latent, List<Integer> decoder, String encoderActivation,
                        String decoderActivation, String likelihood, double beta, String init, int betaWarmup)
        implements ModelConfig {
    public static final List<String> LIKELIHOODS = List.of("bernoulli", "gaussian");

    public static final List<String> ARCHITECTURES = List.of("mlp", "conv");

    public VaeConfig {
        architecture = Check.oneOf("model.architecture", architecture, ARCHITECTURES);
        encoder = Check.sizes("model.encoder", encoder);
        Check.positive("model.latent", latent);
        decoder = Check.sizes("model.decoder", decoder);
        encoderActivation = Check.activation("model.activation.encoder", encoderActivation);
        decoderActivation = Check.activation("model.activation.decoder", decoderActivation);
        likelihood = Check.oneOf("model.likelihood", likelihood, LIKELIHOODS);
        Check.nonNegative("model.beta", beta);
        init = Check.initializer("model.init", init);
        Check.nonNegative("model.beta_warmup", betaWarmup);
        if (architecture.equals("conv") && !(encoder.isEmpty() && decoder.isEmpty())) {
            throw new ConfigException("model.encoder, model.decoder: the conv architecture has fixed layers, give no hidden sizes");
        }
    }

    public VaeConfig(String architecture, List<Integer> encoder, int latent, List<Integer> decoder, String encoderActivation,
                     String decoderActivation, String likelihood, double beta, String init) {
        this(architecture, encoder, latent, decoder, encoderActivation, decoderActivation, likelihood, beta, init, 0);
    }

    /** KL annealing: the KL weight of training step k (from 1) is beta * min(1, k / steps); 0: beta from the start. */
    public VaeConfig withBetaWarmup(int steps) {
        return new VaeConfig(architecture, encoder, latent, decoder, encoderActivation, decoderActivation, likelihood, beta, init, steps);
    }

    /** "mlp", or "conv": E8's convolutional nets (no hidden sizes). */
    public VaeConfig withArchitecture(String a) {
        List<Integer> none = List.of();
        return a.equals("conv") ? new VaeConfig(a, none, latent, none, encoderActivation, decoderActivation, likelihood, beta, init, betaWarmup)
                : new VaeConfig(a, encoder, latent, decoder, encoderActivation, decoderActivation, likelihood, beta, init, betaWarmup);
    }

    /** E1's network with latent size {@code latent}: 500-500 ReLU on both sides, Bernoulli, beta 1, LeCun normal. */
    public static VaeConfig of(int latent) {
        return new VaeConfig("mlp", Layers.of(500, 500), latent, Layers.of(500, 500), "relu", "relu", "bernoulli", 1, "lecun_normal");
    }

    /** Sets the encoder's hidden sizes and mirrors them in the decoder. */
    public VaeConfig withEncoder(int... sizes) {
        List<Integer> e = Layers.of(sizes);
        return new VaeConfig(architecture, e, latent, Layers.reversed(e), encoderActivation, decoderActivation, likelihood, beta, init, betaWarmup);
    }

    public VaeConfig withDecoder(int... sizes) {
        return new VaeConfig(architecture, encoder, latent, Layers.of(sizes), encoderActivation, decoderActivation, likelihood, beta, init, betaWarmup);
    }

    public VaeConfig withActivation(String encoderAct, String decoderAct) {
        return new VaeConfig(architecture, encoder, latent, decoder, encoderAct, decoderAct, likelihood, beta, init, betaWarmup);
    }

    public VaeConfig withLikelihood(String l) {
        return new VaeConfig(architecture, encoder, latent, decoder, encoderActivation, decoderActivation, l, beta, init, betaWarmup);
    }

    public VaeConfig withBeta(double b) {
        return new VaeConfig(architecture, encoder, latent, decoder, encoderActivation, decoderActivation, likelihood, b, init, betaWarmup);
    }

    public VaeConfig withInit(String i) {
        return new VaeConfig(architecture, encoder, latent, decoder, encoderActivation, decoderActivation, likelihood, beta, i, betaWarmup);
    }

    @Override
    public String family() {
        return "vae";
    }

    static VaeConfig parse(ConfigObject o) {
        o.allowOnly("family", "architecture", "encoder", "latent", "decoder", "activation", "likelihood", "beta", "init",
                "beta_warmup");
        VaeConfig d = of(o.requiredInteger("latent"));
        String architecture = o.string("architecture", d.architecture);
        List<Integer> encoder = o.has("encoder") ? o.integers("encoder") : architecture.equals("conv") ? List.of() : d.encoder;
        List<Integer> decoder = o.has("decoder") ? o.integers("decoder") : Layers.reversed(encoder);
        ConfigObject act = o.object("activation");
        act.allowOnly("encoder", "decoder");
        return new VaeConfig(architecture, encoder, d.latent, decoder, act.string("encoder", d.encoderActivation),
                act.string("decoder", d.decoderActivation), o.string("likelihood", d.likelihood), o.number("beta", d.beta),
                o.string("init", d.init), o.integer("beta_warmup", 0));
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
        act.put("decoder", decoderActivation);
        m.put("activation", act);
        m.put("likelihood", likelihood);
        m.put("beta", beta);
        m.put("init", init);
        if (betaWarmup > 0) m.put("beta_warmup", betaWarmup);
        return m;
    }

    @Override
    public Model model(int[] exampleShape) {
        int inputSize = Check.size(exampleShape);
        Activation enc = Activation.parse(encoderActivation), dec = Activation.parse(decoderActivation);
        Vae.Likelihood l = Vae.Likelihood.valueOf(likelihood.toUpperCase(Locale.ROOT));
        Initializer i = Initializer.parse(init);
        if (architecture.equals("conv")) {
            int[] cs = Check.convImage(exampleShape, "conv", true);
            return Vae.convolutional(cs[0], cs[1], latent, enc, dec, l, (float) beta, i).betaWarmup(betaWarmup);
        }
        Check.denseNetwork("model.encoder", inputSize, encoder, 2L * latent, 1, Check.heapBytes());
        Check.denseNetwork("model.decoder", latent, decoder, inputSize, 1, Check.heapBytes());
        return Vae.mlp(inputSize, Layers.array(encoder), latent, Layers.array(decoder), enc, dec, l, (float) beta, i)
                .betaWarmup(betaWarmup);
    }
}
