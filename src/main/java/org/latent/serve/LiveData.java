package org.latent.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.latent.runs.RunFolder;
import org.latent.runs.RunRecord;
import org.latent.train.EpochMetrics;

/** What the run page polls (/api/run/NAME): the run's status, epochs, metrics rows, GAN losses and newest sample grid. */
final class LiveData {
    static final String GAN_LOSSES = "gan-losses.csv";
    private static final Pattern SAMPLES = Pattern.compile("samples-epoch-(\\d+)\\.png");

    private LiveData() {}

    static Map<String, Object> of(String name, Path dir, RunRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("family", r.family());
        m.put("dataset", r.dataset());
        m.put("status", r.status());
        int epochs = Pages.epochsDone(r);
        m.put("epochs", epochs);
        m.put("step_in_epoch", epochs > r.epochs() ? 0 : r.stepInEpoch());
        m.put("epochs_asked", r.epochsAsked());
        m.put("seconds", finite(r.seconds()));
        m.put("modified", r.modified().toMillis());
        m.put("problem", r.problem());
        m.put("loss", r.summary().get("loss") instanceof String s ? s : "loss");
        m.put("report", Files.isRegularFile(dir.resolve(RunFolder.REPORT)));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (EpochMetrics e : r.metrics()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", e.epoch());
            row.put("step", e.step());
            row.put("train_loss", finite(e.trainLoss()));
            row.put("validation_loss", finite(e.validationLoss()));
            row.put("test_loss", finite(e.testLoss()));
            row.put("train_accuracy", finite(e.trainAccuracy()));
            row.put("validation_accuracy", finite(e.validationAccuracy()));
            row.put("test_accuracy", finite(e.testAccuracy()));
            row.put("seconds", finite(e.seconds()));
            rows.add(row);
        }
        m.put("metrics", rows);
        m.put("gan_losses", thin(ganLosses(dir.resolve(GAN_LOSSES)), MAX_POINTS));
        m.put("figures", Pages.figures(dir));
        Image image = newestImage(dir);
        m.put("image", image == null ? null : Map.of("file", image.file(), "version", image.version(), "caption", image.caption()));
        return m;
    }

    /** At most this many GAN loss rows go to the page (polled every 2 s): a long run's are thinned evenly, the last kept. */
    static final int MAX_POINTS = 2000;

    static List<double[]> thin(List<double[]> rows, int max) {
        if (rows.size() <= max) return rows;
        List<double[]> out = new ArrayList<>(max);
        for (int i = 0; i < max; i++) out.add(rows.get((int) ((long) i * (rows.size() - 1) / (max - 1))));
        return out;
    }

    /** gan-losses.csv's complete rows as [epoch, step in epoch, discriminator, generator]; a row being written is left out. */
    static List<double[]> ganLosses(Path csv) {
        List<double[]> out = new ArrayList<>();
        if (!Files.isRegularFile(csv)) return out;
        String text;
        try {
            text = new String(Files.readAllBytes(csv), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return out;
        }
        String[] lines = text.substring(0, text.lastIndexOf('\n') + 1).split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].trim().split(",");
            if (f.length != 4) continue;
            try {
                double[] v = new double[4];
                for (int k = 0; k < 4; k++) v[k] = Double.parseDouble(f[k]);
                if (Double.isFinite(v[2]) && Double.isFinite(v[3])) out.add(v);
            } catch (NumberFormatException e) {
                // A damaged row: skipped.
            }
        }
        return out;
    }

    /** The image the run page shows. */
    record Image(String file, long version, String caption) {}

    /**
     * The newest sample grid: samples-epoch-NNN.png of the highest epoch (a GAN's, or a generating model's), else the figures
     * drawn at the end (samples.png, reconstructions.png, manifold.png), else null.
     */
    static Image newestImage(Path dir) {
        String best = null;
        int bestEpoch = -1;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Matcher mt = SAMPLES.matcher(p.getFileName().toString());
                if (mt.matches()) {
                    int e = Integer.parseInt(mt.group(1));
                    if (e > bestEpoch) {
                        bestEpoch = e;
                        best = p.getFileName().toString();
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            return null;
        }
        if (best != null) return image(dir, best, "Fixed samples after epoch " + bestEpoch);
        for (String f : List.of("samples.png", "reconstructions.png", "manifold.png", "confusion.png")) {
            if (Files.isRegularFile(dir.resolve(f))) return image(dir, f, f);
        }
        return null;
    }

    private static Image image(Path dir, String file, String caption) {
        try {
            return new Image(file, Files.getLastModifiedTime(dir.resolve(file)).toMillis(), caption);
        } catch (IOException e) {
            return new Image(file, 0, caption);
        }
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
