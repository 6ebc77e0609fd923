package org.latent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.latent.cli.Cli.assertContains;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latent.io.Json;

/** `latent train` with the autoencoder family's Powell optimizer and its config errors. */
class AutoencoderRunTest {

    @Test
    void powellLearnsATinyFontSubset(@TempDir Path dir) {
        Path config = Cli.writeConfig(dir, "powell", """
                {"name": "powell", "seed": 1, "device": "cpu",
                 "data": {"dataset": "fonts", "font": 2, "subset": 4},
                 "model": {"family": "autoencoder", "encoder": [], "latent": 4,
                           "activation": {"encoder": "identity", "latent": "identity", "decoder": "sigmoid", "output": "sigmoid"}},
                 "optimizer": {"name": "powell", "max_evaluations": 20000},
                 "training": {"batch": 4, "epochs": 1}}
                """);
        Cli.run("train", config.toString(), "--out", dir.resolve("runs").toString()).expect(0);
        Map<String, Object> summary = Json.readObject(dir.resolve("runs/powell/summary.json"));
        Map<?, ?> powell = (Map<?, ?>) summary.get("powell");
        double error = ((Number) summary.get("accumulated_error")).doubleValue();
        assertTrue(error < 0.5 && error < ((Number) powell.get("initial_loss_sum")).doubleValue() / 10,
                "accumulated error " + error + ", " + powell);
        assertEquals(error, ((Number) powell.get("final_loss_sum")).doubleValue(), 1e-4 + 1e-3 * error);
    }

    /**
     * E7's denoising autoencoder [35, 40, 35] reports how it denoises fresh noisy copies it never saw.
     * The 160 fresh copies at p = 0.1 have about 0.1 * 35 * 160 = 560 flipped pixels (sd 19). After these
     * 100 epochs (4,000 steps) the seeded run's reconstructions of them are at squared error 271 from the
     * clean characters against the inputs' 541 (the net removes half the corruption); the bound, 3/4 of
     * the inputs' error, leaves room for other float orders and still fails a net that passes its input
     * through.
     */
    @Test
    void denoisingAutoencoderMeasuresFreshNoisyCopies(@TempDir Path dir) {
        Path config = Cli.writeConfig(dir, "dae", """
                {"name": "dae", "seed": 1, "device": "cpu",
                 "data": {"dataset": "fonts", "font": 2, "subset": 32, "noise": {"type": "flip", "probability": 0.1, "copies": 5}},
                 "model": {"family": "autoencoder", "encoder": [], "latent": 40, "decoder": [], "loss": "squared_error",
                           "activation": {"encoder": "identity", "latent": "identity", "decoder": "sigmoid", "output": "sigmoid"}},
                 "optimizer": {"name": "adam", "lr": 0.003},
                 "training": {"batch": 4, "epochs": 100, "log_every": 40}}
                """);
        Cli.run("train", config.toString(), "--out", dir.resolve("runs").toString()).expect(0);
        Map<String, Object> summary = Json.readObject(dir.resolve("runs/dae/summary.json"));
        Map<?, ?> d = (Map<?, ?>) summary.get("denoising");
        assertEquals("flip", d.get("noise"));
        assertEquals(160, ((Number) d.get("fresh_copies")).intValue());
        double flipped = ((Number) d.get("input_error")).doubleValue();
        assertEquals(Math.rint(flipped), flipped, "flipping 0/1 pixels: the input's squared error counts the flips");
        assertTrue(Math.abs(flipped - 560) < 100, "flipped pixels " + flipped);
        double fresh = ((Number) d.get("accumulated_error")).doubleValue();
        assertTrue(fresh < 0.75 * flipped, "fresh copies' accumulated error " + fresh + " of " + flipped + " flipped");
        int wrong = ((Number) d.get("wrong_pixels")).intValue();
        assertTrue(wrong < 0.75 * flipped, "wrong pixels " + wrong + " of " + flipped + " flipped");
        assertTrue(((Number) d.get("copies_restored")).intValue() > 0);
        assertTrue(((Number) d.get("train_wrong_pixels")).intValue() <= wrong, "training copies are fitted at least as well");
        assertTrue(!Json.readObject(dir.resolve("runs/dae/summary.json")).containsKey("principal_angles_deg"));
    }

    /**
     * A linear autoencoder on a font reports the principal angles between its decoder and PCA's top
     * 4 directions in summary.json; this run (2,000 steps) gives at most 0.77 degrees, and the bound
     * of 3 degrees leaves room for other float orders while still failing any unconverged decoder.
     */
    @Test
    void linearAutoencoderReportsAnglesToPca(@TempDir Path dir) {
        Path config = Cli.writeConfig(dir, "linear", """
                {"name": "linear", "seed": 1, "device": "cpu",
                 "data": {"dataset": "fonts", "font": 2, "subset": 32},
                 "model": {"family": "autoencoder", "encoder": [], "latent": 4, "decoder": [], "loss": "squared_error",
                           "activation": {"encoder": "identity", "latent": "identity", "decoder": "identity", "output": "identity"}},
                 "optimizer": {"name": "adam", "lr": 0.01},
                 "training": {"batch": 8, "epochs": 500}}
                """);
        Cli.run("train", config.toString(), "--out", dir.resolve("runs").toString()).expect(0);
        List<?> angles = (List<?>) Json.readObject(dir.resolve("runs/linear/summary.json")).get("principal_angles_deg");
        assertEquals(4, angles.size());
        for (Object angle : angles) assertTrue(((Number) angle).doubleValue() < 3, "principal angles " + angles);
    }

    @Test
    void newAutoencoderKeysAreChecked(@TempDir Path dir) {
        String vaePowell = """
                {"name": "x", "data": {"dataset": "fonts"}, "model": {"family": "vae", "latent": 2},
                 "optimizer": {"name": "powell", "max_evaluations": 10}, "training": {"epochs": 1}}""";
        assertContains(Cli.run("train", Cli.writeConfig(dir, "a", vaePowell).toString()).err(), "powell is for the autoencoder family");
        String epochs = """
                {"name": "x", "data": {"dataset": "fonts"}, "model": {"family": "autoencoder", "latent": 2},
                 "optimizer": {"name": "powell", "max_evaluations": 10}, "training": {"epochs": 3}}""";
        assertContains(Cli.run("train", Cli.writeConfig(dir, "b", epochs).toString()).err(), "set epochs to 1");
        String kl = """
                {"name": "x", "data": {"dataset": "fonts"}, "model": {"family": "autoencoder", "latent": 2,
                 "sparsity": {"kind": "kl", "weight": 3, "target": 0.05}}, "training": {"epochs": 1}}""";
        assertContains(Cli.run("train", Cli.writeConfig(dir, "c", kl).toString()).err(), "kind kl needs model.activation.latent");
        String kind = """
                {"name": "x", "data": {"dataset": "fonts"}, "model": {"family": "autoencoder", "latent": 2,
                 "sparsity": {"kind": "l2"}}, "training": {"epochs": 1}}""";
        assertContains(Cli.run("train", Cli.writeConfig(dir, "d", kind).toString()).err(), "model.sparsity.kind");
    }
}
