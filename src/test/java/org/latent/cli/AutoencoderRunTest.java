package org.latent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.latent.cli.Cli.assertContains;

import java.nio.file.Path;
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
