package org.latent.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.latent.init.Initializer;
import org.latent.model.Classifier;
import org.latent.model.ClassifierNets;
import org.latent.model.Model;
import org.latent.nn.Sequential;

/**
 * family "classifier" (E3, E4, E5): {@code architecture} softmax (one Dense layer: softmax
 * regression), mlp (ReLU hidden layers, each followed by dropout) or cnn (E5's network; square
 * images, any channels). {@code dropout} is the rate after each mlp hidden layer (0.2 unless given) or
 * after the cnn's second pool (0.25); softmax has none. {@code encoderRun} (nullable), the config's
 * {@code features.encoder_run}, is a trained VAE run folder whose encoder outputs replace the pixels as
 * the inputs (E3 on latents): {@code featureLayer} "mu" (the means, the default) or "hidden" (the
 * encoder's last hidden layer, the activations that feed μ and log σ²). With {@code standardize}
 * each input feature is shifted and scaled by its mean and standard deviation over the training set
 * (features constant there are only shifted).
 */
public record ClassifierConfig(String architecture, List<Integer> hidden, double dropout, int classes, String encoderRun,
                               String featureLayer, boolean standardize, String init) implements ModelConfig {
    public static final List<String> ARCHITECTURES = List.of("softmax", "mlp", "cnn");
    public static final List<String> FEATURE_LAYERS = List.of("mu", "hidden");

    public ClassifierConfig {
        architecture = Check.oneOf("model.architecture", architecture, ARCHITECTURES);
        hidden = Check.sizes("model.hidden", hidden);
        Check.unit("model.dropout", dropout, false);
        Check.range("model.classes", classes, 2, Integer.MAX_VALUE);
        init = Check.initializer("model.init", init);
        if (architecture.equals("softmax") && dropout != 0) {
            throw new ConfigException("model.dropout: softmax regression has no dropout (got " + dropout + ")");
        }
        if (!architecture.equals("mlp") && !hidden.isEmpty()) {
            throw new ConfigException("model.hidden: only the mlp architecture has hidden sizes, not " + architecture);
        }
        if (architecture.equals("cnn") && encoderRun != null) {
            throw new ConfigException("model.features.encoder_run: the cnn needs images, not encoder codes; use softmax or mlp");
        }
        if (encoderRun != null && encoderRun.isBlank()) throw new ConfigException("model.features.encoder_run: empty path");
        featureLayer = Check.oneOf("model.features.layer", featureLayer, FEATURE_LAYERS);
        if (encoderRun == null && !featureLayer.equals("mu")) {
            throw new ConfigException("model.features.layer: \"" + featureLayer + "\" picks an encoder layer; it needs model.features.encoder_run");
        }
        if (architecture.equals("cnn") && standardize) {
            throw new ConfigException("model.features.standardize: the cnn takes images as they are; use softmax or mlp");
        }
    }

    /** Whether the inputs are a VAE encoder's outputs rather than the data's pixels. */
    public boolean encoded() {
        return encoderRun != null;
    }

    /** The architecture's defaults: mlp [128, 128] with dropout 0.2 (E4), cnn dropout 0.25 (E5), 10 classes, Glorot uniform. */
    public static ClassifierConfig of(String architecture) {
        String a = Check.oneOf("model.architecture", architecture, ARCHITECTURES);
        return new ClassifierConfig(a, a.equals("mlp") ? Layers.of(128, 128) : List.of(), defaultDropout(a), 10, null,
                "mu", false, "glorot_uniform");
    }

    private static double defaultDropout(String architecture) {
        return switch (architecture) {
            case "mlp" -> 0.2;
            case "cnn" -> 0.25;
            default -> 0;
        };
    }

    public ClassifierConfig withHidden(int... sizes) {
        return new ClassifierConfig(architecture, Layers.of(sizes), dropout, classes, encoderRun, featureLayer, standardize, init);
    }

    public ClassifierConfig withDropout(double rate) {
        return new ClassifierConfig(architecture, hidden, rate, classes, encoderRun, featureLayer, standardize, init);
    }

    public ClassifierConfig withClasses(int k) {
        return new ClassifierConfig(architecture, hidden, dropout, k, encoderRun, featureLayer, standardize, init);
    }

    public ClassifierConfig withEncoderRun(String runFolder) {
        return new ClassifierConfig(architecture, hidden, dropout, classes, runFolder, featureLayer, standardize, init);
    }

    /** Inputs from the encoder's "mu" (means) or "hidden" (last hidden layer); needs an encoder run for "hidden". */
    public ClassifierConfig withFeatureLayer(String layer) {
        return new ClassifierConfig(architecture, hidden, dropout, classes, encoderRun, layer, standardize, init);
    }

    /** Inputs standardized by the training set's per-feature mean and standard deviation. */
    public ClassifierConfig withStandardize(boolean on) {
        return new ClassifierConfig(architecture, hidden, dropout, classes, encoderRun, featureLayer, on, init);
    }

    @Override
    public String family() {
        return "classifier";
    }

    static ClassifierConfig parse(ConfigObject o) {
        o.allowOnly("family", "architecture", "hidden", "dropout", "classes", "features", "init");
        ClassifierConfig d = of(o.requiredString("architecture"));
        ConfigObject features = o.object("features");
        features.allowOnly("encoder_run", "layer", "standardize");
        return new ClassifierConfig(d.architecture, o.has("hidden") ? o.integers("hidden") : d.hidden,
                o.number("dropout", d.dropout), o.integer("classes", d.classes), features.string("encoder_run", null),
                features.string("layer", d.featureLayer), features.bool("standardize", d.standardize), o.string("init", d.init));
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("family", family());
        m.put("architecture", architecture);
        m.put("hidden", hidden);
        m.put("dropout", dropout);
        m.put("classes", classes);
        Map<String, Object> features = new LinkedHashMap<>();
        if (encoderRun != null) {
            features.put("encoder_run", encoderRun);
            features.put("layer", featureLayer);
        }
        features.put("standardize", standardize);
        m.put("features", features);
        m.put("init", init);
        return m;
    }

    @Override
    public Model model(int[] exampleShape) {
        int inputSize = Check.size(exampleShape);
        Initializer i = Initializer.parse(init);
        Sequential net = switch (architecture) {
            case "mlp" -> {
                Check.denseNetwork("model.hidden", inputSize, hidden, classes, 1, Check.heapBytes());
                yield ClassifierNets.mlp(inputSize, Layers.array(hidden), (float) dropout, classes, i);
            }
            case "cnn" -> {
                int[] cs = Check.convImage(exampleShape, "cnn", false);
                yield ClassifierNets.cnn(cs[0], cs[1], (float) dropout, classes, i);
            }
            default -> ClassifierNets.softmax(inputSize, classes, i);
        };
        return new Classifier(net);
    }

}
