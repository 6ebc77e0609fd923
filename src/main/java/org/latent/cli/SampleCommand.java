package org.latent.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.latent.train.Decoding;
import org.latent.train.Examples;
import org.latent.train.RunData;
import org.latent.train.SavedRun;
import org.latent.viz.ImageGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `latent sample RUN`: a PNG grid of samples from the prior (VAE) or of test images and their reconstructions. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Writes a PNG grid of samples or reconstructions.",
                "A VAE's images are decoded from z ~ N(0, I); an autoencoder shows test images and their "
                        + "reconstructions in alternating rows."})
final class SampleCommand implements Callable<Integer> {
    private static final int COLUMNS = 10;

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

    SampleCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        if (count < 1) {
            console.err().println("latent sample: --count must be at least 1, got " + count);
            return Failures.USAGE;
        }
        Path png = output != null ? output : run.resolve("samples.png");
        try (SavedRun r = SavedRun.open(run, device, data, false)) {
            int[] shape = RunData.exampleShape(r.config.data());
            int h = shape[1], w = shape[2], zoom = Math.max(1, 56 / h);
            if (r.model.samplesFromPrior()) {
                float[] images = Decoding.samplePrior(r.model, count, seed != null ? seed : r.config.seed());
                ImageGrid.write(png, images, count, h, w, COLUMNS, zoom, 0f, 1f);
                console.out().println("Wrote " + count + " samples from the prior to " + png);
            } else {
                RunData runData = RunData.load(r.config.data(), r.config.seed(), data);
                float lo = r.config.data().scale().equals("symmetric") ? -1f : 0f;
                reconstructions(r, runData.evaluationSet(), png, h, w, zoom, lo);
            }
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png + ": " + e.getMessage(), e);
        }
    }

    private void reconstructions(SavedRun r, Examples set, Path png, int h, int w, int zoom, float lo) throws IOException {
        int n = Math.min(count, set.count()), d = set.size();
        float[] inputs = new float[n * d];
        System.arraycopy(set.input(), 0, inputs, 0, n * d);
        float[] outputs = Decoding.decode(r.model, Decoding.encode(r.model, inputs));
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
