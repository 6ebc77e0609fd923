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
