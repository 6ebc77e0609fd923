package org.latent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latent.io.Json;
import org.latent.io.SafeTensors;

/** A conditional GAN with separate discriminator batches and short epochs, through the CLI on one font. */
class GanRunTest {

    @Test
    void conditionalRunWritesGeneratorsGridsAndStripsEveryCheckAndKeepsItsEpochLength(@TempDir Path dir) throws Exception {
        Path runs = dir.resolve("runs");
        Path config = Cli.writeConfig(dir, "font-cgan", """
                {"name": "font-cgan", "seed": 1, "device": "cpu", "data": {"dataset": "fonts", "font": 2},
                 "model": {"family": "gan", "architecture": "mlp", "hidden": [32], "latent": 8, "sample_every": 2,
                           "classes": 32, "discriminator_batches": "separate"},
                 "optimizer": {"name": "adam", "lr": 2e-4, "beta1": 0.5},
                 "training": {"batch": 8, "epochs": 2, "log_every": 1, "steps_per_epoch": 3}}
                """);
        Cli.run("train", config.toString(), "--out", runs.toString()).expect(0);
        Path run = runs.resolve("font-cgan");
        // --epochs extends the run on resume; the last epoch (5) is checked although 5 is not a multiple of 2.
        Cli.run("train", "--resume", run.toString(), "--epochs", "5").expect(0);

        List<String> metrics = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(6, metrics.size(), "a header and 5 epochs");
        for (int e = 1; e <= 5; e++) assertEquals(String.valueOf(3 * e), metrics.get(e).split(",")[1], "global step after epoch " + e);
        Map<?, ?> state = Json.readObject(run.resolve("state.json"));
        Map<?, ?> steps = (Map<?, ?>) state.get("optimizer_steps");
        assertEquals(30, ((Number) steps.get("discriminator")).intValue(), "two discriminator updates per step: " + state);
        assertEquals(15, ((Number) steps.get("generator")).intValue(), "one generator update per step: " + state);

        for (String epoch : List.of("002", "004", "005")) {
            assertTrue(Files.size(run.resolve("samples-epoch-" + epoch + ".png")) > 0);
            assertTrue(Files.size(run.resolve("interpolation-epoch-" + epoch + ".png")) > 0);
            assertTrue(Files.exists(run.resolve("generator-epoch-" + epoch + ".safetensors")));
        }
        assertTrue(Files.notExists(run.resolve("generator-epoch-003.safetensors")));
        // The last saved generator is the final checkpoint's generator, tensor for tensor, and holds nothing else.
        SafeTensors.Contents generator = SafeTensors.read(run.resolve("generator-epoch-005.safetensors"));
        SafeTensors.Contents checkpoint = SafeTensors.read(run.resolve("checkpoint.safetensors"));
        assertEquals("generator", generator.metadata().get("latent.network"));
        assertTrue(generator.tensors().keySet().stream().anyMatch(k -> k.startsWith("generator.classinput")),
                generator.tensors().keySet().toString());
        for (Map.Entry<String, SafeTensors.Tensor> e : generator.tensors().entrySet()) {
            assertTrue(e.getKey().startsWith("generator."), e.getKey());
            assertArrayEquals(checkpoint.tensors().get(e.getKey()).data(), e.getValue().data(), 0f, e.getKey());
        }
        long checkpointGenerator = checkpoint.tensors().keySet().stream().filter(k -> k.startsWith("generator.")).count();
        assertEquals(checkpointGenerator, generator.tensors().size());

        Map<?, ?> saved = (Map<?, ?>) Json.readObject(run.resolve("config.json")).get("model");
        assertEquals(32, ((Number) saved.get("classes")).intValue());
        assertEquals("separate", saved.get("discriminator_batches"));
    }
}
