package org.latent.runs;

import org.latent.train.EpochMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * metrics.csv: a header and one row per epoch; an unmeasured loss or accuracy is an empty field.
 * The last column is the learning rate of the epoch's last step. Files written before the accuracy
 * columns (7 fields) or the lr column (10 fields) existed are still read.
 */
public final class MetricsLog {
    public static final String HEADER = "epoch,step,train_loss,validation_loss,test_loss,seconds,examples_per_second,"
            + "train_accuracy,validation_accuracy,test_accuracy,lr";

    private final Path file;

    public MetricsLog(Path file) {
        this.file = file;
    }

    /** Starts the file, or on resume drops rows after {@code epochsKept} (written after the checkpoint being resumed). */
    public void open(int epochsKept) {
        List<String> kept = new ArrayList<>();
        kept.add(HEADER);
        if (Files.exists(file)) {
            for (EpochMetrics m : read(file)) {
                if (m.epoch() <= epochsKept) kept.add(row(m));
            }
        }
        try {
            Files.write(file, kept, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public void append(EpochMetrics m) {
        try {
            Files.writeString(file, row(m) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static List<EpochMetrics> read(Path file) {
        List<EpochMetrics> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            if (f.length != 7 && f.length != 10 && f.length != 11) {
                throw new IllegalArgumentException(file + ": line " + (i + 1) + " has " + f.length + " fields, expected 11");
            }
            boolean accuracies = f.length >= 10;
            out.add(new EpochMetrics(Integer.parseInt(f[0]), Long.parseLong(f[1]), num(f[2]), num(f[3]), num(f[4]), num(f[5]),
                    num(f[6]), accuracies ? num(f[7]) : Double.NaN, accuracies ? num(f[8]) : Double.NaN,
                    accuracies ? num(f[9]) : Double.NaN, f.length == 11 ? num(f[10]) : Double.NaN));
        }
        return out;
    }

    private static String row(EpochMetrics m) {
        return m.epoch() + "," + m.step() + "," + fmt(m.trainLoss()) + "," + fmt(m.validationLoss()) + "," + fmt(m.testLoss())
                + "," + String.format(Locale.ROOT, "%.3f", m.seconds()) + "," + String.format(Locale.ROOT, "%.1f", m.examplesPerSecond()) + "," + fmt(m.trainAccuracy()) + ","
                + fmt(m.validationAccuracy()) + "," + fmt(m.testAccuracy()) + ","
                + (Double.isNaN(m.lr()) ? "" : String.format(Locale.ROOT, "%.6g", m.lr()));
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
    }

    private static double num(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }
}
