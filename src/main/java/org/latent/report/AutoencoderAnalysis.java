package org.latent.report;

import org.latent.rundata.Examples;
import org.latent.rundata.RunData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.latent.backend.Backend;
import org.latent.config.AutoencoderConfig;
import org.latent.config.DataConfig;
import org.latent.config.NoiseConfig;
import org.latent.eval.ClusterScores;
import org.latent.eval.KMeans;
import org.latent.eval.Subspaces;
import org.latent.model.Decodes;
import org.latent.model.Encodes;
import org.latent.model.ModelContext;
import org.latent.model.Reconstructs;
import org.latent.rng.RandomKey;
import org.latent.tensor.Tensor;

/**
 * The autoencoder figures for summary.json after training (E7, E8):
 * <ul>
 * <li>{@code accumulated_error}: squared error summed over every pixel of the training set, E7's
 *     "accumulated error", whatever loss was trained;</li>
 * <li>{@code mean_code_activation}: the mean code activation over the training set, with a sparsity
 *     penalty (it should be near a KL target);</li>
 * <li>{@code principal_angles_deg}: for a linear autoencoder, the angles between the decoder's
 *     column space and the span of the training inputs' top principal directions;</li>
 * <li>{@code kmeans}: with analysis.kmeans, purity and NMI of k-means on the evaluation set's codes
 *     and on its raw pixels.</li>
 * <li>{@code denoising}: with {@code data.noise}, how the net denoises new noisy inputs: the test set's
 *     fresh corrupted copies (drawn from their own noise stream, never trained on) against their clean
 *     originals: the squared error of the reconstructions summed over the set (comparable with
 *     {@code accumulated_error}, which has as many copies), the same for the noisy inputs themselves
 *     (what the corruption did: the number of flipped pixels for {@code flip}), and the pixels and
 *     copies on the wrong side of the pixel range's middle, for the fresh copies and for the training copies.</li>
 * </ul>
 */
public final class AutoencoderAnalysis {
    /** Philox stream of the k-means seeding. */
    private static final long KMEANS_STREAM = 9L << 32;

    private AutoencoderAnalysis() {}

    public static Map<String, Object> of(ModelContext model, AutoencoderConfig c, RunData data, DataConfig dataConfig, long seed) {
        try (Phase p = Phase.start("analysing the autoencoder (reconstruction error" + (c.kmeans() > 0
                ? String.format(java.util.Locale.ROOT, ", k-means on %,d codes and images", data.evaluationSet().count()) : "") + ")")) {
            return analyse(model, c, data, dataConfig, seed);
        }
    }

    private static Map<String, Object> analyse(ModelContext model, AutoencoderConfig c, RunData data, DataConfig dataConfig, long seed) {
        Map<String, Object> m = new LinkedHashMap<>();
        Examples train = data.train();
        float[] reconstructions = inBatches(model, train.input(), train.count(), true);
        double sum = 0;
        for (int i = 0; i < reconstructions.length; i++) {
            double e = reconstructions[i] - train.target()[i];
            sum += e * e;
        }
        m.put("accumulated_error", sum);
        NoiseConfig noise = dataConfig.noise();
        float mid = (dataConfig.pixelScale().low() + dataConfig.pixelScale().high()) / 2;
        if (noise != null && data.test() != null) m.put("denoising", denoising(model, noise, data, reconstructions, mid));
        if (c.sparsity() != null) {
            float[] codes = inBatches(model, train.input(), train.count(), false);
            double total = 0;
            for (float v : codes) total += v;
            m.put("mean_code_activation", total / codes.length);
        }
        if (c.linear()) m.put("principal_angles_deg", principalAngles(model, train));
        if (c.kmeans() > 0) m.put("kmeans", kmeans(model, c.kmeans(), data.evaluationSet(), seed));
        return m;
    }

    private static Map<String, Object> denoising(ModelContext model, NoiseConfig noise, RunData data, float[] trainReconstructions, float mid) {
        Examples fresh = data.test(), train = data.train();
        float[] r = inBatches(model, fresh.input(), fresh.count(), true);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("noise", noise.type());
        if (noise.type().equals("gaussian")) m.put("sigma", noise.sigma());
        else m.put("probability", noise.probability());
        m.put("fresh_copies", fresh.count());
        m.put("accumulated_error", squaredError(r, fresh.target()));
        m.put("input_error", squaredError(fresh.input(), fresh.target()));
        int[] wrong = wrong(r, fresh.target(), fresh.size(), mid);
        m.put("wrong_pixels", wrong[0]);
        m.put("copies_restored", fresh.count() - wrong[1]);
        int[] trainWrong = wrong(trainReconstructions, train.target(), train.size(), mid);
        m.put("train_wrong_pixels", trainWrong[0]);
        m.put("train_copies_restored", train.count() - trainWrong[1]);
        return m;
    }

    private static double squaredError(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double e = a[i] - b[i];
            sum += e * e;
        }
        return sum;
    }

    /** {pixels on the wrong side of mid, examples with at least one such pixel}. */
    private static int[] wrong(float[] out, float[] target, int size, float mid) {
        int pixels = 0, examples = 0;
        for (int i = 0; i < out.length / size; i++) {
            int here = 0;
            for (int k = i * size; k < (i + 1) * size; k++) if ((out[k] > mid) != (target[k] > mid)) here++;
            pixels += here;
            if (here > 0) examples++;
        }
        return new int[] {pixels, examples};
    }

    /** Reconstructions (or codes) of the first {@code count} rows of {@code x}, in batches the model was built for. */
    static float[] inBatches(ModelContext model, float[] x, int count, boolean reconstruct) {
        float[] first = Arrays.copyOf(x, count * model.inputSize());
        return reconstruct ? Decoding.reconstruct(model, (Reconstructs) model.model(), first)
                : Decoding.encode(model, (Encodes) model.model(), first);
    }

    /**
     * The decoder of a linear autoencoder is affine, decode(z) = Wz + c, so decode(e_j) - decode(0)
     * are W's columns whatever the number of layers; their span is compared with PCA's top-J span.
     */
    private static List<Double> principalAngles(ModelContext model, Examples train) {
        Decodes decoder = (Decodes) model.model();
        int j = decoder.latentSize(), d = model.inputSize();
        Backend b = model.backend();
        float[] units = new float[(j + 1) * j];
        for (int i = 0; i < j; i++) units[(i + 1) * j + i] = 1;
        float[] decoded = new float[(j + 1) * d];
        for (int from = 0; from <= j; from += model.maxBatch()) {
            int n = Math.min(model.maxBatch(), j + 1 - from);
            float[] part = decoder.decode(b.upload(Arrays.copyOfRange(units, from * j, (from + n) * j), n, j));
            System.arraycopy(part, 0, decoded, from * d, n * d);
        }
        double[][] columns = new double[j][d];
        for (int i = 0; i < j; i++) {
            for (int k = 0; k < d; k++) columns[i][k] = decoded[(i + 1) * d + k] - decoded[k];
        }
        float[][] rows = new float[train.count()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = Arrays.copyOfRange(train.input(), i * d, (i + 1) * d);
        }
        double[] angles = Subspaces.principalAnglesDegrees(columns, Subspaces.pca(rows, j).directions());
        List<Double> out = new ArrayList<>();
        for (double a : angles) out.add(a);
        return out;
    }

    private static Map<String, Object> kmeans(ModelContext model, int k, Examples set, long seed) {
        if (set.labels() == null) throw new IllegalArgumentException("model.analysis.kmeans: " + set.name() + " has no labels to score against");
        int n = set.count(), d = model.inputSize(), j = ((Encodes) model.model()).latentSize();
        float[] codes = inBatches(model, set.input(), n, false);
        float[][] codeRows = new float[n][], pixelRows = new float[n][];
        for (int i = 0; i < n; i++) {
            codeRows[i] = Arrays.copyOfRange(codes, i * j, (i + 1) * j);
            pixelRows[i] = Arrays.copyOfRange(set.input(), i * d, (i + 1) * d);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clusters", k);
        m.put("examples", n);
        m.put("codes", scores(KMeans.fit(codeRows, k, 5, 100, new RandomKey(seed, KMEANS_STREAM, 0)), set.labels()));
        m.put("pixels", scores(KMeans.fit(pixelRows, k, 5, 100, new RandomKey(seed, KMEANS_STREAM + 1, 0)), set.labels()));
        return m;
    }

    private static Map<String, Object> scores(KMeans.Result r, int[] labels) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("purity", ClusterScores.purity(r.assignments(), labels));
        m.put("nmi", ClusterScores.nmi(r.assignments(), labels));
        return m;
    }
}
