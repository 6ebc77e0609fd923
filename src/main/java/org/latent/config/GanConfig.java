package org.latent.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.latent.backend.Backend;
import org.latent.init.Initializer;
import org.latent.model.Gan;
import org.latent.model.GanNets;
import org.latent.model.Model;
import org.latent.nn.Sequential;

/**
 * family "gan" (E6): {@code architecture} dcgan (E6's convolutional networks; square one-channel
 * images with a side divisible by 4) or mlp (LeakyReLU hidden layers of the sizes {@code hidden} in
 * both networks); {@code dropout} after the discriminator's hidden layers; {@code generatorSteps}
 * generator updates per discriminator update; every {@code sampleEvery} epochs the run draws the
 * fixed samples and measures the discriminator's accuracy. Both networks use the optimizer section.
 * {@code judge} (nullable) scores the generator with a trained classifier run.
 */
public record GanConfig(String architecture, int latent, List<Integer> hidden, double dropout, int generatorSteps,
                        int sampleEvery, String init, GanJudgeConfig judge) implements ModelConfig {
    public static final List<String> ARCHITECTURES = List.of("dcgan", "mlp");

    public GanConfig {
        architecture = Check.oneOf("model.architecture", architecture, ARCHITECTURES);
        Check.positive("model.latent", latent);
        hidden = Check.sizes("model.hidden", hidden);
        Check.unit("model.dropout", dropout, false);
        Check.positive("model.generator_steps", generatorSteps);
        Check.positive("model.sample_every", sampleEvery);
        init = Check.initializer("model.init", init);
        if (architecture.equals("dcgan") && !hidden.isEmpty()) {
            throw new ConfigException("model.hidden: only the mlp architecture has hidden sizes, not dcgan");
        }
        if (architecture.equals("mlp") && hidden.isEmpty()) {
            throw new ConfigException("model.hidden: the mlp architecture needs at least one hidden size");
        }
    }

    /** E6's settings: latent 100, dropout 0.4, one generator step, samples every 10 epochs, Glorot uniform; mlp hidden [256, 256]. */
    public static GanConfig of(String architecture) {
        String a = Check.oneOf("model.architecture", architecture, ARCHITECTURES);
        return new GanConfig(a, 100, a.equals("mlp") ? Layers.of(256, 256) : List.of(), 0.4, 1, 10, "glorot_uniform", null);
    }

    public GanConfig withLatent(int size) {
        return new GanConfig(architecture, size, hidden, dropout, generatorSteps, sampleEvery, init, judge);
    }

    public GanConfig withHidden(int... sizes) {
        return new GanConfig(architecture, latent, Layers.of(sizes), dropout, generatorSteps, sampleEvery, init, judge);
    }

    public GanConfig withDropout(double rate) {
        return new GanConfig(architecture, latent, hidden, rate, generatorSteps, sampleEvery, init, judge);
    }

    public GanConfig withGeneratorSteps(int k) {
        return new GanConfig(architecture, latent, hidden, dropout, k, sampleEvery, init, judge);
    }

    public GanConfig withSampleEvery(int epochs) {
        return new GanConfig(architecture, latent, hidden, dropout, generatorSteps, epochs, init, judge);
    }

    public GanConfig withJudge(GanJudgeConfig j) {
        return new GanConfig(architecture, latent, hidden, dropout, generatorSteps, sampleEvery, init, j);
    }

    @Override
    public String family() {
        return "gan";
    }

    static GanConfig parse(ConfigObject o) {
        o.allowOnly("family", "architecture", "latent", "hidden", "dropout", "generator_steps", "sample_every", "init", "judge");
        GanConfig d = of(o.requiredString("architecture"));
        return new GanConfig(d.architecture, o.integer("latent", d.latent), o.has("hidden") ? o.integers("hidden") : d.hidden,
                o.number("dropout", d.dropout), o.integer("generator_steps", d.generatorSteps),
                o.integer("sample_every", d.sampleEvery), o.string("init", d.init),
                o.has("judge") ? GanJudgeConfig.parse(o.object("judge")) : null);
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("family", family());
        m.put("architecture", architecture);
        m.put("latent", latent);
        m.put("hidden", hidden);
        m.put("dropout", dropout);
        m.put("generator_steps", generatorSteps);
        m.put("sample_every", sampleEvery);
        m.put("init", init);
        if (judge != null) m.put("judge", judge.toJson());
        return m;
    }

    @Override
    public Model create(Backend backend, int inputSize, int maxBatch, long seed) {
        Initializer i = Initializer.parse(init);
        Sequential generator, discriminator;
        if (architecture.equals("mlp")) {
            int[] h = Layers.array(hidden);
            generator = GanNets.mlpGenerator(latent, h, inputSize, i);
            discriminator = GanNets.mlpDiscriminator(inputSize, h, (float) dropout, i);
        } else {
            int side = (int) Math.round(Math.sqrt(inputSize));
            if (side * side != inputSize || side % 4 != 0) {
                throw new ConfigException("model.architecture: dcgan needs square one-channel images with a side divisible by 4, not "
                        + inputSize + " pixels");
            }
            generator = GanNets.dcganGenerator(latent, side, i);
            discriminator = GanNets.dcganDiscriminator(side, (float) dropout, i);
        }
        return new Gan(backend, generator, discriminator, latent, inputSize, generatorSteps, maxBatch, seed);
    }
}
