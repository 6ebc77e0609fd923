package org.latent.report;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;
import org.latent.model.Generates;
import org.latent.model.ModelContext;
import org.latent.rundata.RunData;
import org.latent.runs.RunFolder;
import org.latent.train.EpochMetrics;
import org.latent.train.TrainingListener;
import org.latent.viz.Framed;
import org.latent.viz.ImageGrid;

/**
 * For a model that generates (and is not adversarial: the GAN monitor draws those), the newest
 * sample grid while it trains: after every epoch, 100 images decoded from the same draws of N(0, I)
 * as samples.png, as samples-epoch-NNN.png, replacing the previous epoch's, so `latent serve` shows
 * the samples changing. Decoding runs in inference mode and touches no training state.
 */
public final class SampleGrids implements TrainingListener {
    private static final int SAMPLES = 100;
    private final ModelContext model;
    private final Generates generator;
    private final RunFolder folder;
    private final RunData data;
    private final float pixelLow;
    private final long seed;
    private String previous;

    public SampleGrids(ModelContext model, Generates generator, RunFolder folder, RunData data, float pixelLow, long seed) {
        this.model = model;
        this.generator = generator;
        this.folder = folder;
        this.data = data;
        this.pixelLow = pixelLow;
        this.seed = seed;
    }

    @Override
    public void epochFinished(EpochMetrics m) {
        String name = String.format(Locale.ROOT, "samples-epoch-%03d.png", m.epoch());
        try {
            float[] images = Decoding.samplePrior(model, generator, SAMPLES, seed);
            int zoom = ImageGrid.zoomFor(data.height(), 56);
            ImageGrid.writeFramed(folder.file(name), images, SAMPLES, data.channels(), data.height(), data.width(), 10, zoom,
                    ImageGrid.padFor(data.height(), zoom), pixelLow, 1f, Framed.Axes.titled("Samples after epoch " + m.epoch()));
            if (previous != null && !previous.equals(name)) Files.deleteIfExists(folder.file(previous));
            previous = name;
        } catch (IOException | RuntimeException | LinkageError e) {
            System.err.println("[latent] " + name + " not drawn: " + e.getMessage());
        }
    }
}
