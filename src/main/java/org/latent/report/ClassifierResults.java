package org.latent.report;

import org.latent.rundata.Examples;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.latent.backend.Backend;
import org.latent.model.Classifies;
import org.latent.tensor.Tensor;

/**
 * A trained classifier's predictions on one set (the test set, else the training set): the
 * confusion counts (row = true class, column = predicted class) and the misclassified examples
 * ordered by the probability given to the wrong class, highest first.
 */
public record ClassifierResults(String set, int[][] confusion, List<Mistake> mistakes) {
    /** How many of the most confident mistakes summary.json lists and the figure shows. */
    static final int SHOWN_MISTAKES = 16;

    record Mistake(int index, int label, int predicted, float probability) {
        String caption() {
            return String.format(Locale.ROOT, "true %d / said %d (%.2f)", label, predicted, probability);
        }
    }

    public static ClassifierResults of(Classifies model, Backend backend, Examples e) {
        try (Phase p = Phase.start(String.format(Locale.ROOT, "evaluating the classifier on %,d %s examples", e.count(), e.name()))) {
            return measure(model, backend, e);
        }
    }

    private static ClassifierResults measure(Classifies model, Backend backend, Examples e) {
        int k = model.classes();
        Tensor input = backend.upload(e.input(), e.count(), e.size());
        float[] p = model.probabilities(input);
        int[][] confusion = new int[k][k];
        List<Mistake> mistakes = new ArrayList<>();
        for (int i = 0; i < e.count(); i++) {
            int label = Classifies.argMax(e.target(), i, k), said = Classifies.argMax(p, i, k);
            confusion[label][said]++;
            if (said != label) mistakes.add(new Mistake(i, label, said, p[i * k + said]));
        }
        mistakes.sort(Comparator.comparingDouble(Mistake::probability).reversed().thenComparingInt(Mistake::index));
        return new ClassifierResults(e.name(), confusion, mistakes);
    }

    int examples() {
        int n = 0;
        for (int[] row : confusion) for (int c : row) n += c;
        return n;
    }

    List<Mistake> mostConfident() {
        return mistakes.subList(0, Math.min(SHOWN_MISTAKES, mistakes.size()));
    }

    /** The summary.json entries: the counts, and the most confident mistakes. */
    public Map<String, Object> summary() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("set", set);
        c.put("examples", examples());
        c.put("errors", mistakes.size());
        List<List<Integer>> rows = new ArrayList<>();
        for (int[] row : confusion) rows.add(Arrays.stream(row).boxed().toList());
        c.put("counts", rows);
        List<Map<String, Object>> wrong = new ArrayList<>();
        for (Mistake m : mostConfident()) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("index", m.index());
            w.put("true", m.label());
            w.put("said", m.predicted());
            w.put("probability", (double) m.probability());
            wrong.add(w);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("confusion", c);
        out.put("most_confidently_wrong", wrong);
        return out;
    }
}
