package org.latent.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.latent.backend.Activation;
import org.latent.init.Initializer;
import org.latent.model.Gan;
import org.latent.model.GanNets;
import org.latent.model.Model;
import org.latent.nn.ClassLabels;
import org.latent.nn.Sequential;

/**
 * family "gan" (E6): {@code architecture} dcgan (E6's convolutional networks; square
 * images with a side divisible by 4) or mlp (LeakyReLU hidden layers of the sizes {@code hidden} in the
 * generator, in reverse order in the discriminator); {@code dropout} after the discriminator's hidden layers; {@code generatorSteps}
 * generator updates per discriminator update; every {@code sampleEvery} epochs the run draws the
 * fixed samples and measures the discriminator's accuracy. Both networks use the optimizer section.
 * The variants: the generator's {@code output} (sigmoid for unit pixels, tanh for symmetric ones),
 * batch normalization after the hidden layers of either network, and dcgan's {@code upsampling}
 * (transposed convolutions, or nearest-neighbour upsampling + convolution). {@code wasserstein}
 * (nullable) makes it a Wasserstein GAN; {@code judge} (nullable) scores the generator with a
 * trained classifier run. {@code classes} > 0 makes it a conditional GAN (one-hot labels concatenated
 * to both networks' inputs); {@code discriminatorBatches} "separate" updates the discriminator on the
 * real and the generated half as two batches instead of one stacked batch ("mixed", E6).
 */
public record GanConfig(String architecture, int latent, List<Integer> hidden, double dropout, int generatorSteps,
                        int sampleEvery, String output, boolean generatorBatchNorm, boolean discriminatorBatchNorm,
                        String upsampling, String init, GanWassersteinConfig wasserstein, GanJudgeConfig judge,
                        int classes, String discriminatorBatches) implements ModelConfig {
    /** How often a GAN's samples are drawn and checked when no GAN config says (a user's own adversarial model). */
    public static final int DEFAULT_SAMPLE_EVERY = 10;

    public static final List<String> ARCHITECTURES = List.of("dcgan", "mlp"), OUTPUTS = List.of("sigmoid", "tanh"),
            UPSAMPLINGS = List.of("transposed", "nearest"), DISCRIMINATOR_BATCHES = List.of("mixed", "separate");

    public GanConfig {
        architecture = Check.oneOf("model.architecture", architecture, ARCHITECTURES);
        Check.positive("model.latent", latent);
        hidden = Check.sizes("model.hidden", hidden);
        Check.unit("model.dropout", dropout, false);
        Check.positive("model.generator_steps", generatorSteps);
        Check.positive("model.sample_every", sampleEvery);
        output = Check.oneOf("model.output", output, OUTPUTS);
        upsampling = Check.oneOf("model.upsampling", upsampling, UPSAMPLINGS);
        init = Check.initializer("model.init", init);
        if (classes != 0 && classes < 2) throw new ConfigException("model.classes: " + classes + "; a conditional GAN needs at least 2 classes (0: unconditional)");
        discriminatorBatches = Check.oneOf("model.discriminator_batches", discriminatorBatches, DISCRIMINATOR_BATCHES);
        if (architecture.equals("dcgan") && !hidden.isEmpty()) {
            throw new ConfigException("model.hidden: only the mlp architecture has hidden sizes, not dcgan");
        }
        if (architecture.equals("mlp") && hidden.isEmpty()) {
            throw new ConfigException("model.hidden: the mlp architecture needs at least one hidden size");
        }
        if (architecture.equals("mlp") && !upsampling.equals("transposed")) {
            throw new ConfigException("model.upsampling: only the dcgan architecture upsamples, not mlp");
        }
    }

    /**
     * E6's settings: latent 100, dropout 0.4, one generator step, samples every 10 epochs, sigmoid output,
     * no batch normalization, transposed convolutions, Glorot uniform; mlp hidden [256, 256].
     */
    public static GanConfig of(String architecture) {
        String a = Check.oneOf("model.architecture", architecture, ARCHITECTURES);
        return new GanConfig(a, 100, a.equals("mlp") ? Layers.of(256, 256) : List.of(), 0.4, 1, 10, "sigmoid", false, false,
                "transposed", "glorot_uniform", null, null, 0, "mixed");
    }

    public GanConfig withLatent(int size) {
        return new GanConfig(architecture, size, hidden, dropout, generatorSteps, sampleEvery, output, generatorBatchNorm,
                discriminatorBatchNorm, upsampling, init, wasserstein, judge, classes, discriminatorBatches);
    }

    public GanConfig withHidden(int... sizes) {
        return new GanConfig(architecture, latent, Layers.of(sizes), dropout, generatorSteps, sampleEvery, output,
                generatorBatchNorm, discriminatorBatchNorm, upsampling, init, wasserstein, judge, classes, discriminatorBatches);
    }

    public GanConfig withDropout(double rate) {
        return new GanConfig(architecture, latent, hidden, rate, generatorSteps, sampleEvery, output, generatorBatchNorm,
                discriminatorBatchNorm, upsampling, init, wasserstein, judge, classes, discriminatorBatches);
    }

    public GanConfig withGeneratorSteps(int k) {
        return new GanConfig(architecture, latent, hidden, dropout, k, sampleEvery, output, generatorBatchNorm,
                discriminatorBatchNorm, upsampling, init, wasserstein, judge, classes, discriminatorBatches);
    }

    public GanConfig withSampleEvery(int epochs) {
        return new GanConfig(architecture, latent, hidden, dropout, generatorSteps, epochs, output, generatorBatchNorm,
                discriminatorBatchNorm, upsampling, init, wasserstein, judge, classes, discriminatorBatches);
    }

    public GanConfig withOutput(String activation) {
        return new GanConfig(architecture, latent, hidden, dropout, generatorSteps, sampleEvery, activation, generatorBatchNorm,
                discriminatorBatchNorm, upsampling, init, wasserstein, judge, classes, discriminatorBatches);
    }

    public GanConfig withBatchNorm(boolean generator, boolean discriminator) {
        return new GanConfig(architecture, latent, hidden, dropout, generatorSteps, sampleEvery, output, generator, discriminator,
                upsampling, init, wasserstein, judge, classes, discriminatorBatches);
    }

    public GanConfig withUpsampling(String kind) {
        return new GanConfig(architecture, latent, hidden, dropout, generatorSteps, sampleEvery, output, generatorBatchNorm,
                discriminatorBatchNorm, kind, init, wasserstein, judge, classes, discriminatorBatches);
    }

    public GanConfig withWasserstein(GanWassersteinConfig w) {
        return new GanConfig(architecture, latent, hidden, dropout, generatorSteps, sampleEvery, output, generatorBatchNorm,
                discriminatorBatchNorm, upsampling, init, w, judge, classes, discriminatorBatches);
    }

    public GanConfig withJudge(GanJudgeConfig j) {
        return new GanConfig(architecture, latent, hidden, dropout, generatorSteps, sampleEvery, output, generatorBatchNorm,
                discriminatorBatchNorm, upsampling, init, wasserstein, j, classes, discriminatorBatches);
    }

    /** A conditional GAN over this many classes (0: unconditional). */
    public GanConfig withClasses(int k) {
        return new GanConfig(architecture, latent, hidden, dropout, generatorSteps, sampleEvery, output, generatorBatchNorm,
                discriminatorBatchNorm, upsampling, init, wasserstein, judge, k, discriminatorBatches);
    }

    /** "mixed" (one discriminator update on real over generated) or "separate" (one update on each half). */
    public GanConfig withDiscriminatorBatches(String kind) {
        return new GanConfig(architecture, latent, hidden, dropout, generatorSteps, sampleEvery, output, generatorBatchNorm,
                discriminatorBatchNorm, upsampling, init, wasserstein, judge, classes, kind);
    }

    /** The data scale the generator's output activation produces. */
    public String pixelScale() {
        return output.equals("tanh") ? "symmetric" : "unit";
    }

    @Override
    public String family() {
        return "gan";
    }

    static GanConfig parse(ConfigObject o) {
        o.allowOnly("family", "architecture", "latent", "hidden", "dropout", "generator_steps", "sample_every", "output",
                "batch_norm", "upsampling", "init", "wasserstein", "judge", "classes", "discriminator_batches");
        GanConfig d = of(o.requiredString("architecture"));
        ConfigObject batchNorm = o.object("batch_norm");
        batchNorm.allowOnly("generator", "discriminator");
        return new GanConfig(d.architecture, o.integer("latent", d.latent), o.has("hidden") ? o.integers("hidden") : d.hidden,
                o.number("dropout", d.dropout), o.integer("generator_steps", d.generatorSteps),
                o.integer("sample_every", d.sampleEvery), o.string("output", d.output),
                batchNorm.bool("generator", d.generatorBatchNorm), batchNorm.bool("discriminator", d.discriminatorBatchNorm),
                o.string("upsampling", d.upsampling), o.string("init", d.init),
                o.has("wasserstein") ? GanWassersteinConfig.parse(o.object("wasserstein")) : null,
                o.has("judge") ? GanJudgeConfig.parse(o.object("judge")) : null, o.integer("classes", d.classes),
                o.string("discriminator_batches", d.discriminatorBatches));
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
        m.put("output", output);
        Map<String, Object> batchNorm = new LinkedHashMap<>();
        batchNorm.put("generator", generatorBatchNorm);
        batchNorm.put("discriminator", discriminatorBatchNorm);
        m.put("batch_norm", batchNorm);
        m.put("upsampling", upsampling);
        m.put("init", init);
        if (wasserstein != null) m.put("wasserstein", wasserstein.toJson());
        if (judge != null) m.put("judge", judge.toJson());
        if (classes > 0) m.put("classes", classes);
        m.put("discriminator_batches", discriminatorBatches);
        return m;
    }

    @Override
    public Model model(int[] exampleShape) {
        int inputSize = Check.size(exampleShape);
        Initializer i = Initializer.parse(init);
        GanNets.Options options = new GanNets.Options(output.equals("tanh") ? Activation.TANH : Activation.SIGMOID,
                generatorBatchNorm, discriminatorBatchNorm, upsampling.equals("nearest"));
        Sequential generator, discriminator;
        ClassLabels labels = classes > 0 ? new ClassLabels(classes) : null;
        if (architecture.equals("mlp")) {
            int[] h = Layers.array(hidden);
            generator = GanNets.mlpGenerator(latent, h, inputSize, i, options, labels);
            discriminator = GanNets.mlpDiscriminator(inputSize, h, (float) dropout, i, options, labels);
        } else {
            int[] cs = Check.convImage(exampleShape, "dcgan", true);
            generator = GanNets.dcganGenerator(latent, cs[0], cs[1], i, options, labels);
            discriminator = GanNets.dcganDiscriminator(cs[0], cs[1], (float) dropout, i, options, labels);
        }
        Gan.Settings settings = new Gan.Settings(generatorSteps, wasserstein == null ? null : wasserstein.settings(),
                discriminatorBatches.equals("separate"));
        Gan gan = new Gan(generator, discriminator, latent).settings(settings);
        return labels == null ? gan : gan.conditional(labels);
    }
}
