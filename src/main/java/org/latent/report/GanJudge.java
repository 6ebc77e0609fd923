package org.latent.report;

import org.latent.rundata.Examples;
import org.latent.rundata.RunData;
import org.latent.runs.SavedRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.latent.config.ClassifierConfig;
import org.latent.config.ConfigException;
import org.latent.config.DataConfig;
import org.latent.config.GanJudgeConfig;
import org.latent.eval.FrechetDistance;
import org.latent.eval.InceptionStyleScore;
import org.latent.model.Classifies;
import org.latent.model.Generates;
import org.latent.model.ModelContext;

/**
 * Scores a generator with a trained classifier run (E5's CNN for MNIST): the Inception-style score of
 * the classifier's probabilities on generated images, and the Fréchet distance between the
 * classifier's penultimate features of generated images and of the real evaluation (test) images.
 * The real images' own scores are the ceiling: the score of the whole set, and the distance
 * between its first and second halves. Generated images are the decoded draws of the fixed sample
 * stream, so judgements at different epochs see the same z.
 */
public final class GanJudge implements AutoCloseable {
    private final GanJudgeConfig config;
    private final SavedRun run;
    private final Classifies classifier;
    private final int classifierInput;
    private final float ganLow, classifierLow;
    private final long seed;
    private final float[][] realFeatures;
    private final Map<String, Object> ceiling = new LinkedHashMap<>();
    private final List<Map<String, Object>> judged = new ArrayList<>();

    public GanJudge(GanJudgeConfig config, DataConfig ganData, RunData data, String device, Path dataFolder, long seed) {
        this.config = config;
        this.seed = seed;
        Path judgeRun = Path.of(config.classifierRun());
        if (!java.nio.file.Files.isDirectory(judgeRun)) {
            throw new ConfigException("model.judge.classifier_run: " + judgeRun + " does not exist; train the judging"
                    + " classifier first (for MNIST: latent train examples/e5-cnn-mnist.json, which writes runs/e5-cnn-mnist)");
        }
        run = SavedRun.open(judgeRun, device, dataFolder, false);
        try {
            if (!(run.model.model() instanceof Classifies k)) {
                throw new ConfigException("model.judge.classifier_run: " + config.classifierRun() + " is a "
                        + run.config.model().family() + " run, not a classifier run");
            }
            if (run.config.model() instanceof ClassifierConfig cc && (cc.encoded() || cc.standardize())) {
                throw new ConfigException("model.judge.classifier_run: " + config.classifierRun() + " reads "
                        + (cc.encoded() ? "encoder codes" : "standardized pixels") + "; the judge needs a classifier on raw pixels");
            }
            classifier = k;
            classifierInput = run.model.inputSize();
            DataConfig trained = run.config.data();
            Examples real = data.evaluationSet();
            if (!trained.sameData(ganData) || classifierInput != real.size()) {
                throw new ConfigException("model.judge.classifier_run: " + config.classifierRun() + " was trained on "
                        + trained.describe() + " (inputs of " + classifierInput + " values), not " + ganData.describe()
                        + " (images of " + real.size() + " values); the judge must be a classifier trained on the GAN's data set");
            }
            ganLow = low(ganData);
            classifierLow = low(trained);
            float[] pixels = rescaled(real.input());
            float[] probabilities = probabilities(pixels, real.count());
            realFeatures = features(pixels, real.count());
            int half = real.count() / 2;
            ceiling.put("images", real.count());
            ceiling.put("inception_score", InceptionStyleScore.of(rows(probabilities, real.count())));
            ceiling.put("frechet_distance_between_halves", FrechetDistance.between(
                    slice(realFeatures, 0, half), slice(realFeatures, half, real.count())));
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
    }

    private static float low(DataConfig d) {
        return d.pixelScale().low();
    }

    int every() {
        return config.every();
    }

    /** The real evaluation set's scores (the ceiling). */
    Map<String, Object> ceiling() {
        return ceiling;
    }

    /** Judges the generator after {@code epoch}, once per epoch; returns the new row, or null when already judged. */
    Map<String, Object> judge(ModelContext model, Generates gan, int epoch) {
        if (!judged.isEmpty() && (int) judged.get(judged.size() - 1).get("epoch") == epoch) return null;
        int n = config.images();
        float[] pixels = rescaled(Decoding.samplePrior(model, gan, n, seed));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("epoch", epoch);
        row.put("inception_score", InceptionStyleScore.of(rows(probabilities(pixels, n), n)));
        row.put("frechet_distance", FrechetDistance.between(features(pixels, n), realFeatures));
        judged.add(row);
        return row;
    }

    /** What summary.json gets under gan.judge. */
    Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("classifier_run", config.classifierRun());
        m.put("generated_images", config.images());
        m.put("real", ceiling);
        m.put("generator", judged);
        return m;
    }

    /** From the GAN's pixel range to the classifier's (both end at 1). */
    private float[] rescaled(float[] pixels) {
        if (ganLow == classifierLow) return pixels;
        float[] out = new float[pixels.length];
        float factor = (1 - classifierLow) / (1 - ganLow);
        for (int i = 0; i < out.length; i++) out[i] = classifierLow + (pixels[i] - ganLow) * factor;
        return out;
    }

    private float[] probabilities(float[] pixels, int n) {
        return classifier.probabilities(run.backend.upload(pixels, n, classifierInput));
    }

    private float[][] features(float[] pixels, int n) {
        return rows(classifier.features(run.backend.upload(pixels, n, classifierInput)), n);
    }

    private static float[][] rows(float[] flat, int n) {
        int k = flat.length / n;
        float[][] out = new float[n][k];
        for (int i = 0; i < n; i++) System.arraycopy(flat, i * k, out[i], 0, k);
        return out;
    }

    private static float[][] slice(float[][] rows, int from, int to) {
        float[][] out = new float[to - from][];
        System.arraycopy(rows, from, out, 0, out.length);
        return out;
    }

    @Override
    public void close() {
        run.close();
    }
}
