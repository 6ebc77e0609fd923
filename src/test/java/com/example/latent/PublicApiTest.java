package com.example.latent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latent.backend.Activation;
import org.latent.backend.ConvGeometry.Padding;
import org.latent.config.DataConfig;
import org.latent.config.ModelConfig;
import org.latent.config.OptimizerConfig;
import org.latent.config.RunConfig;
import org.latent.config.TrainingConfig;
import org.latent.model.Gan;
import org.latent.model.Model;
import org.latent.model.Vae;
import org.latent.nn.Sequential;
import org.latent.train.EpochMetrics;
import org.latent.runs.MetricsLog;
import org.latent.train.Trainer;

/**
 * What a Java user of Latent can do without touching the engine: networks built layer by layer,
 * models composed from them or written from scratch, trained, stopped, resumed bit for bit and
 * reported, all through public API (this package is outside org.latent). The data is the built-in
 * 7x5 font, so nothing is downloaded.
 */
class PublicApiTest {

    /** A convolutional encoder of one's own for [1, 7, 5] glyphs: [μ | log σ²] of 3 latent values. */
    static Sequential convEncoder(int[] shape) {
        return Sequential.input(shape)
                .conv2d(8, 3, 1, Padding.SAME, Activation.RELU)
                .conv2d(8, 3, 1, Padding.SAME, Activation.RELU)
                .flatten()
                .dense(2 * 3)
                .build();
    }

    /** Its decoder, ending in a transposed convolution that gives [1, 7, 5] logits. */
    static Sequential convDecoder(int[] shape) {
        return Sequential.input(3)
                .dense(8 * shape[1] * shape[2], Activation.RELU)
                .reshape(8, shape[1], shape[2])
                .convTranspose2d(1, 3, 1, Padding.SAME, Activation.IDENTITY)
                .build();
    }

    private static RunConfig run(String name, Function<int[], Model> model, int epochs) {
        return RunConfig.builder(name).seed(3).device("cpu")
                .data(DataConfig.of("fonts"))
                .model(ModelConfig.of(name, model))
                .optimizer(OptimizerConfig.adam(3e-3))
                .training(TrainingConfig.of(8, epochs))
                .build();
    }

    /**
     * Trains {@code config} straight through into a/, and into b/ stopped after 5 steps (mid-epoch)
     * and resumed; the two runs must end with byte-identical checkpoints and the same metrics, and
     * each must have its report.
     */
    private static Trainer.Run trainStopAndResume(RunConfig config, Path dir) throws Exception {
        Trainer.Run whole = new Trainer(config).output(dir.resolve("a")).fit();
        assertTrue(whole.complete());
        Trainer.Run part = new Trainer(config).output(dir.resolve("b")).stopAfterSteps(5).fit();
        assertFalse(part.complete(), "stopped after 5 steps");
        Trainer.Run rest = new Trainer(config).resume(part.folder());
        assertTrue(rest.complete());
        assertEquals(-1, Files.mismatch(whole.folder().resolve("checkpoint.safetensors"), rest.folder().resolve("checkpoint.safetensors")),
                "resumed checkpoint byte-identical to the uninterrupted one");
        List<EpochMetrics> a = MetricsLog.read(whole.folder().resolve("metrics.csv")), b = MetricsLog.read(rest.folder().resolve("metrics.csv"));
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) assertEquals(a.get(i).trainLoss(), b.get(i).trainLoss(), "epoch " + (i + 1));
        String report = Files.readString(whole.report());
        assertTrue(report.contains("loss.png"), "report shows the loss curve");
        return whole;
    }

    @Test
    void aConvolutionalBetaVaeWithItsOwnNetworks(@TempDir Path dir) throws Exception {
        Trainer.Run r = trainStopAndResume(run("conv-beta-vae",
                shape -> new Vae(convEncoder(shape), convDecoder(shape)).beta(4f), 3), dir);
        String report = Files.readString(r.report());
        assertTrue(report.contains("samples.png") && report.contains("reconstructions.png") && report.contains("interpolation.png"), report);
        double first = MetricsLog.read(r.folder().resolve("metrics.csv")).get(0).trainLoss();
        double last = ((Number) r.summary().get("train_loss")).doubleValue();
        assertTrue(last < first, "-ELBO falls: " + first + " -> " + last);
        assertEquals("-ELBO", r.summary().get("loss"));
    }

    @Test
    void aGanWhoseNetworksTheUserBuilds(@TempDir Path dir) throws Exception {
        Function<int[], Model> gan = shape -> new Gan(
                Sequential.input(4).dense(24, Activation.LEAKY_RELU, 0.2f).dense(35, Activation.SIGMOID).build(),
                Sequential.input(shape).conv2d(4, 3, 1, Padding.SAME, Activation.LEAKY_RELU, 0.2f).flatten().dense(1).build(),
                4);
        Trainer.Run r = trainStopAndResume(run("font-gan", gan, 2), dir);
        assertTrue(Files.size(r.folder().resolve("samples.png")) > 0);
        assertTrue(Files.exists(r.folder().resolve("gan-losses.csv")));
        assertTrue(r.summary().containsKey("gan"), "the GAN monitor ran: " + r.summary().keySet());
    }

    @Test
    void aModelClassTheUserWrites(@TempDir Path dir) throws Exception {
        Trainer.Run r = trainStopAndResume(run("warmup-vae", shape -> new WarmupVae(2, 16, 20), 3), dir);
        assertEquals("-ELBO (annealed)", r.summary().get("loss"));
        String report = Files.readString(r.report());
        assertTrue(report.contains("latent.png") && report.contains("manifold.png"), "a 2-D latent gets its map and manifold");
    }
}
