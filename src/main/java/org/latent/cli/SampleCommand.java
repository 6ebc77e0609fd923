package org.latent.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.latent.eval.LatentOps;
import org.latent.io.SafeTensors;
import org.latent.model.Decodes;
import org.latent.model.Encodes;
import org.latent.model.Generates;
import org.latent.model.Posterior;
import org.latent.rng.RandomKey;
import org.latent.report.Decoding;
import org.latent.rundata.Examples;
import org.latent.rundata.RunData;
import org.latent.runs.SavedRun;
import org.latent.viz.ImageGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `latent sample RUN`: a PNG grid of samples from the prior (VAE) or of test images and their
 * reconstructions; with {@code --augment K}, VAE-based data augmentation (E8): K new images decoded
 * near the code of each of the first {@code --count} test images, written as a grid (each row the
 * original, then its K new images) and as {@code .safetensors} (images, source indices, labels).
 */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Writes a PNG grid of samples or reconstructions, or augmented images.",
                "A VAE's images are decoded from z ~ N(0, I); an autoencoder shows test images and their "
                        + "reconstructions in alternating rows. With --augment K, K images are decoded near the code "
                        + "of each of the first --count test images (z = mu + sigma * eps, sigma the encoder's for a VAE "
                        + "or --augment-scale), written to RUN/augmented.png and RUN/augmented.safetensors."})
final class SampleCommand implements Callable<Integer> {
    private static final int COLUMNS = 10;
    /** Philox stream of the augmentation draws. */
    static final long AUGMENT_STREAM = 10L << 32;

    private final Console console;

    @Parameters(index = "0", paramLabel = "RUN", description = "A run folder, e.g. runs/e1-vae-mnist.")
    private Path run;

    @Option(names = "--count", paramLabel = "N", defaultValue = "100", description = "How many images (default ${DEFAULT-VALUE}).")
    private int count;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the draws (default: the run's seed).")
    private Long seed;

    @Option(names = "--output", paramLabel = "FILE", description = "The PNG to write (default RUN/samples.png).")
    private Path output;

    @Option(names = "--device", paramLabel = "DEVICE", description = "auto, cpu, cuda or cuda:N (default: the run's).")
    private String device;

    @Option(names = "--data", paramLabel = "DIR", description = "A local copy of the data (autoencoders need test images).")
    private Path data;

    @Option(names = "--augment", paramLabel = "K", defaultValue = "0",
            description = "VAE-based augmentation: K new images decoded near the code of each of the first --count test images.")
    private int augment;

    @Option(names = "--augment-scale", paramLabel = "S",
            description = "With --augment: draw z = mu + S * eps instead of with the VAE encoder's sigma (needed for an autoencoder).")
    private Float augmentScale;

    SampleCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        UsageException.inRange("sample", "--count", count, 1, Integer.MAX_VALUE, "the number of images");
        UsageException.inRange("sample", "--augment", augment, 0, Integer.MAX_VALUE, "new images per test image (0: no augmentation)");
        if (augmentScale != null && (augment == 0 || !(augmentScale >= 0) || Float.isInfinite(augmentScale))) {
            console.err().println(augment == 0 ? "latent sample: --augment-scale needs --augment K"
                    : "latent sample: --augment-scale must be a finite number >= 0, got " + augmentScale);
            return Failures.USAGE;
        }
        Path png = output != null ? output : run.resolve(augment > 0 ? "augmented.png" : "samples.png");
        try (SavedRun r = SavedRun.open(run, device, data, false)) {
            int[] shape = RunData.exampleShape(r.config.data());
            int h = shape[1], w = shape[2], zoom = Math.max(1, 56 / h);
            Object m = r.model.model();
            String family = r.config.model().family();
            if (augment > 0) {
                if (!(m instanceof Encodes && m instanceof Decodes)) {
                    console.err().println("latent sample: --augment needs a model that encodes and decodes (a vae or autoencoder run); "
                            + run + " is a " + family + " run");
                    return Failures.USAGE;
                }
                if (!(m instanceof Posterior) && augmentScale == null) {
                    console.err().println("latent sample: an autoencoder has no posterior sigma; give --augment-scale S");
                    return Failures.USAGE;
                }
                RunData runData = RunData.load(r.config.data(), r.config.seed(), data);
                float lo = r.config.data().pixelScale().low();
                augmented(r, runData.evaluationSet(), png, h, w, zoom, lo);
                return 0;
            }
            if (m instanceof Generates g) {
                checkFits("--count " + count, count, (long) count * (2L * g.latentSize() + h * w), COLUMNS, h, w, zoom);
                float[] images = Decoding.samplePrior(r.model, g, count, seed != null ? seed : r.config.seed());
                ImageGrid.write(png, images, count, h, w, COLUMNS, zoom, 0f, 1f);
                console.out().println("Wrote " + count + " samples from the prior to " + png);
            } else if (m instanceof Encodes && m instanceof Decodes) {
                RunData runData = RunData.load(r.config.data(), r.config.seed(), data);
                float lo = r.config.data().pixelScale().low();
                reconstructions(r, runData.evaluationSet(), png, h, w, zoom, lo);
            } else {
                console.err().println("latent sample: " + run + " is a " + family + " run; its model neither generates nor "
                        + "reconstructs images, so there is nothing to sample (latent eval measures it)");
                return Failures.USAGE;
            }
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png + ": " + e.getMessage(), e);
        }
    }

    private void augmented(SavedRun r, Examples set, Path png, int h, int w, int zoom, float lo) throws IOException {
        Encodes encoder = (Encodes) r.model.model();
        Decodes decoder = (Decodes) r.model.model();
        int n = Math.min(count, set.count()), d = set.size(), j = encoder.latentSize();
        long drawn = (long) n * augment;
        // Codes (and their normal draws, twice over as arrays of rows), decoded images, the grid with the originals.
        checkFits("--count " + count + " (" + n + " " + set.name() + " images) x --augment " + augment, drawn,
                drawn * (3L * j + 2L * d + 8) + (long) n * (1L + augment) * d, 1L + augment, h, w, zoom);
        float[] inputs = Arrays.copyOf(set.input(), n * d);
        float[][] mu = LatentOps.rows(Decoding.encode(r.model, encoder, inputs), j);
        RandomKey key = new RandomKey(seed != null ? seed : r.config.seed(), AUGMENT_STREAM, 0);
        LatentOps.Augmented a = augmentScale != null ? LatentOps.augment(mu, augmentScale, n * augment, key)
                : LatentOps.augment(mu, LatentOps.rows(Decoding.encodeSigma(r.model, (Posterior) encoder, inputs), j), n * augment, key);
        float[] codes = new float[n * augment * j];
        for (int k = 0; k < a.codes().length; k++) System.arraycopy(a.codes()[k], 0, codes, k * j, j);
        float[] images = Decoding.decode(r.model, decoder, codes);
        // Grid row i: test image i, then its draws k = i, i + n, i + 2n, ... (LatentOps draws around source k mod n).
        int cols = 1 + augment;
        float[] grid = new float[n * cols * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(inputs, i * d, grid, i * cols * d, d);
            for (int c = 0; c < augment; c++) System.arraycopy(images, (i + c * n) * d, grid, (i * cols + 1 + c) * d, d);
        }
        ImageGrid.write(png, grid, n * cols, h, w, cols, zoom, lo, 1f);
        Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
        tensors.put("images", new SafeTensors.Tensor(new int[] {n * augment, h, w}, images));
        float[] sources = new float[n * augment];
        for (int k = 0; k < sources.length; k++) sources[k] = a.sources()[k];
        tensors.put("sources", new SafeTensors.Tensor(new int[] {n * augment}, sources));
        if (set.labels() != null) {
            float[] labels = new float[n * augment];
            for (int k = 0; k < labels.length; k++) labels[k] = set.labels()[a.sources()[k]];
            tensors.put("labels", new SafeTensors.Tensor(new int[] {n * augment}, labels));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("latent.augment.run", r.folder.dir().toString());
        meta.put("latent.augment.source_set", set.name());
        meta.put("latent.augment.sigma", augmentScale != null ? Float.toString(augmentScale) : "encoder");
        String name = png.getFileName().toString();
        Path st = png.resolveSibling((name.endsWith(".png") ? name.substring(0, name.length() - 4) : name) + ".safetensors");
        SafeTensors.write(st, tensors, meta);
        console.out().println("Wrote " + n * augment + " images decoded near the codes of " + n + " " + set.name()
                + " images (" + augment + " each, sigma " + (augmentScale != null ? augmentScale : "from the encoder") + ") to "
                + png + " (row: original, then its new images) and " + st + " (images, sources, labels)");
    }

    /** Bytes per pixel of a grid while it is drawn: the grey image and the int row that fills its gaps. */
    private static final long BYTES_PER_PIXEL = 5;

    /**
     * Refuses, before anything is computed, {@code images} images of h x w (drawn in a grid of
     * {@code columns} columns at {@code zoom}) that need {@code floats} float values in all: more
     * than a Java array or image holds, or more memory than the Java heap has left. The message
     * gives the estimate.
     */
    static void checkFits(String what, long images, long floats, long columns, int h, int w, int zoom) {
        long width = Math.min(columns, images) * (long) (w * zoom + 2);
        long height = (images + columns - 1) / columns * (long) (h * zoom + 2);
        long pixels = width > 0 && height > Long.MAX_VALUE / width ? Long.MAX_VALUE : width * height;
        long largestArray = Math.max(floats / 2, pixels);
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        long need = floats > Long.MAX_VALUE / 8 || pixels > Long.MAX_VALUE / 8 ? Long.MAX_VALUE : 4 * floats + BYTES_PER_PIXEL * pixels;
        boolean tooLong = images > Integer.MAX_VALUE || largestArray > Integer.MAX_VALUE - 8;
        if (tooLong || need > free) {
            throw new UsageException(String.format(Locale.ROOT, "latent sample: %s means %,d images of %d x %d (a grid of"
                    + " %,d x %,d pixels), which need about %s of memory%s; Java has %s left (of %s: -Xmx, which the latent"
                    + " launcher takes from LATENT_JAVA_OPTS). Ask for fewer images", what, images, h, w, width, height,
                    gib(need), tooLong ? " and more values in one array or image than Java can hold (2^31)" : "",
                    gib(free), gib(rt.maxMemory())));
        }
    }

    private static String gib(long bytes) {
        if (bytes == Long.MAX_VALUE) return "more than 8 EiB";
        if (bytes >= 1L << 40) return String.format(Locale.ROOT, "%.1f TiB", bytes / (double) (1L << 40));
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.0f MiB", bytes / (double) (1L << 20));
    }

    private void reconstructions(SavedRun r, Examples set, Path png, int h, int w, int zoom, float lo) throws IOException {
        int n = Math.min(count, set.count()), d = set.size();
        float[] inputs = new float[n * d];
        System.arraycopy(set.input(), 0, inputs, 0, n * d);
        float[] outputs = Decoding.decode(r.model, (Decodes) r.model.model(), Decoding.encode(r.model, (Encodes) r.model.model(), inputs));
        int rowPairs = (n + COLUMNS - 1) / COLUMNS;
        float[] grid = new float[2 * rowPairs * COLUMNS * d];
        Arrays.fill(grid, lo);
        List<String> labels = new ArrayList<>();
        for (int p = 0; p < rowPairs; p++) {
            int from = p * COLUMNS, k = Math.min(COLUMNS, n - from);
            System.arraycopy(inputs, from * d, grid, (2 * p) * COLUMNS * d, k * d);
            System.arraycopy(outputs, from * d, grid, (2 * p + 1) * COLUMNS * d, k * d);
            labels.add("input");
            labels.add("output");
        }
        ImageGrid.writeLabelledRows(png, grid, 2 * rowPairs, COLUMNS, h, w, zoom, lo, 1f, labels);
        console.out().println("Wrote " + n + " " + set.name() + " images and their reconstructions to " + png);
    }
}
