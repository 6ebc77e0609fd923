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
import org.latent.io.AtomicFile;

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
            for (EpochMetrics m : parse(file, completeLines(file))) {
                if (m.epoch() <= epochsKept) kept.add(row(m));
            }
        }
        // Replaced atomically: a crash while rows are dropped must not lose the ones kept.
        AtomicFile.writeString(file, String.join("\n", kept) + "\n");
    }

    public void append(EpochMetrics m) {
        try {
            Files.writeString(file, row(m) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

    /** The 7 columns of files written before the accuracy columns existed, and the 10 before the lr column. */
    static final String OLD_HEADER = "epoch,step,train_loss,validation_loss,test_loss,seconds,examples_per_second",
            HEADER_10 = OLD_HEADER + ",train_accuracy,validation_accuracy,test_accuracy";

    /**
     * Reads and checks every row: as many fields as the header (11, or 10 or 7 in older files); epoch (from
     * 1) and step whole numbers, epochs increasing and steps never decreasing from row to row; every
     * other cell empty (not measured) or a finite decimal number. Anything else is a
     * {@link MetricsException} naming the file, the line and the column.
     */
    public static List<EpochMetrics> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new MetricsException(file + ": not UTF-8 text (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(file, lines);
    }

    /**
     * The file's lines without an unterminated last one: rows are appended whole with their newline,
     * so a last line without one is an append that a kill cut short (its epoch is not in any
     * checkpoint either, and resuming rewrites it).
     */
    private static List<String> completeLines(Path file) {
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        int end = text.lastIndexOf('\n') + 1;
        List<String> lines = new ArrayList<>(List.of(text.substring(0, end).split("\r?\n", -1)));
        lines.remove(lines.size() - 1); // the empty string after the last newline
        return lines;
    }

    private static List<EpochMetrics> parse(Path file, List<String> lines) {
        List<EpochMetrics> out = new ArrayList<>();
        if (lines.isEmpty()) return out; // truncated before its header was written: no rows yet
        if (!lines.get(0).equals(HEADER) && !lines.get(0).equals(HEADER_10) && !lines.get(0).equals(OLD_HEADER)) {
            throw new MetricsException(file + " line 1: the header is " + quoted(lines.get(0)) + ", expected " + HEADER);
        }
        String[] names = HEADER.split(",");
        int columns = lines.get(0).split(",").length;
        for (int i = 1; i < lines.size(); i++) {
            String where = file + " line " + (i + 1);
            String[] f = lines.get(i).split(",", -1);
            if (f.length != columns) {
                throw new MetricsException(where + " has " + f.length + " fields, expected " + columns + " (" + lines.get(0) + ")");
            }
            int epoch = (int) whole(f[0], where, names[0], 1, Integer.MAX_VALUE);
            long step = whole(f[1], where, names[1], 0, Long.MAX_VALUE);
            double[] v = new double[11];
            java.util.Arrays.fill(v, Double.NaN);
            for (int c = 2; c < columns; c++) v[c] = num(f[c], where, names[c]);
            if (!out.isEmpty()) {
                EpochMetrics prev = out.get(out.size() - 1);
                if (epoch <= prev.epoch()) {
                    throw new MetricsException(where + ", column epoch: epoch " + epoch + " after epoch " + prev.epoch()
                            + " (line " + i + "); epochs must increase (rows duplicated or out of order?)");
                }
                if (step < prev.step()) {
                    throw new MetricsException(where + ", column step: step " + step + " after step " + prev.step()
                            + " (line " + i + "); the global step cannot go back");
                }
            }
            out.add(new EpochMetrics(epoch, step, v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]));
        }
        return out;
    }

    private static long whole(String s, String where, String column, long lo, long hi) {
        long v;
        try {
            v = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new MetricsException(where + ", column " + column + ": " + quoted(s) + " is not a whole number");
        }
        if (v < lo || v > hi) {
            throw new MetricsException(where + ", column " + column + ": " + v + " is out of range (" + lo + " to " + hi + ")");
        }
        return v;
    }

    /** An empty cell is a value not measured (NaN); anything else must be a finite number. */
    private static double num(String s, String where, String column) {
        if (s.isEmpty()) return Double.NaN;
        double v;
        try {
            // Java also parses "NaN", "Infinity", hex and a trailing "d" or "f"; the file holds plain decimals only.
            if (!DECIMAL.matcher(s).matches()) throw new NumberFormatException();
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new MetricsException(where + ", column " + column + ": " + quoted(s) + " is not a number");
        }
        if (!Double.isFinite(v)) throw new MetricsException(where + ", column " + column + ": " + quoted(s) + " is not a finite number");
        return v;
    }

    private static String quoted(String s) {
        return "\"" + (s.length() > 60 ? s.substring(0, 57) + "..." : s) + "\"";
    }

    private static String row(EpochMetrics m) {
        return m.epoch() + "," + m.step() + "," + fmt(m.trainLoss()) + "," + fmt(m.validationLoss()) + "," + fmt(m.testLoss())
                + "," + fmt(m.seconds(), "%.3f") + "," + fmt(m.examplesPerSecond(), "%.1f") + "," + fmt(m.trainAccuracy()) + ","
                + fmt(m.validationAccuracy()) + "," + fmt(m.testAccuracy()) + "," + fmt(m.lr(), "%.6g");
    }

    private static String fmt(double v) {
        return fmt(v, "%.6f");
    }

    /** Not measured, or not finite (a rate over no time): an empty cell, as {@link #read} expects. */
    private static String fmt(double v, String format) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, format, v) : "";
    }
}
