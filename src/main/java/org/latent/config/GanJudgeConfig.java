package org.latent.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A GAN's {@code judge}: the folder of a trained classifier run on the same data set
 * ({@code classifier_run}, relative to the working directory), the epochs between judgements
 * ({@code every}; the last epoch is always judged) and how many generated images are judged
 * ({@code images}).
 */
public record GanJudgeConfig(String classifierRun, int every, int images) {
    public GanJudgeConfig {
        if (classifierRun == null || classifierRun.isBlank()) throw new ConfigException("model.judge.classifier_run: empty path");
        Check.positive("model.judge.every", every);
        Check.range("model.judge.images", images, 2, Integer.MAX_VALUE);
    }

    /** Judged every 10 epochs on 1,000 generated images. */
    public static GanJudgeConfig of(String classifierRun) {
        return new GanJudgeConfig(classifierRun, 10, 1000);
    }

    public GanJudgeConfig withEvery(int epochs) {
        return new GanJudgeConfig(classifierRun, epochs, images);
    }

    public GanJudgeConfig withImages(int n) {
        return new GanJudgeConfig(classifierRun, every, n);
    }

    static GanJudgeConfig parse(ConfigObject o) {
        o.allowOnly("classifier_run", "every", "images");
        GanJudgeConfig d = of(o.requiredString("classifier_run"));
        return new GanJudgeConfig(d.classifierRun, o.integer("every", d.every), o.integer("images", d.images));
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("classifier_run", classifierRun);
        m.put("every", every);
        m.put("images", images);
        return m;
    }
}
