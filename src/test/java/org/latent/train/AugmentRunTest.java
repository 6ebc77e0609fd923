package org.latent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latent.config.AugmentConfig;
import org.latent.config.ConfigException;
import org.latent.config.ConfigFiles;
import org.latent.config.DataConfig;
import org.latent.config.NumpyConfig;
import org.latent.config.RunConfig;
import org.latent.config.TrainingConfig;
import org.latent.config.VaeConfig;
import org.latent.data.NpyFiles;
import org.latent.io.Json;
import org.latent.io.SafeTensors;
import org.latent.runs.MetricsLog;
import org.latent.runs.RunFolder;

/**
 * data.augment in runs: a denoising autoencoder on a font (inputs and clean targets flipped and
 * cropped alike) stopped mid-epoch and resumed ends with the checkpoint of an uninterrupted run,
 * byte for byte; the stream's position is in the state; augmentation changes what is learned;
 * flat examples are refused before anything is written.
 */
class AugmentRunTest {
    /** Fonts 1's first 6 characters, 2 noisy copies each: 12 examples, batches of 5, 5 and 2. */
    static final String FONTS_DAE = """
            {"name": "aug-dae", "seed": 5, "device": "cpu",
             "data": {"dataset": "fonts", "font": 1, "subset": 6, "noise": {"type": "flip", "probability": 0.1, "copies": 2}, "augment": {"flip": true, "crop_padding": 1}},
             "model": {"family": "autoencoder", "encoder": [12], "latent": 3,
                       "activation": {"encoder": "relu", "latent": "identity", "decoder": "relu", "output": "sigmoid"},
                       "loss": "cross_entropy"},
             "optimizer": {"name": "adam", "lr": 0.01},
             "training": {"batch": 5, "epochs": 4, "checkpoint_every": 3, "log_every": 2}}
            """;

    private static final String AUGMENT = ", \"augment\": {\"flip\": true, \"crop_padding\": 1}";

    private static RunConfig config(String json) {
        return RunConfig.fromJson(Json.parseObject(json, "test"), "test");
    }

    @Test
    void aStoppedAndResumedAugmentedRunIsBitIdenticalToAnUninterruptedOne(@TempDir Path dir) throws Exception {
        RunConfig c = config(FONTS_DAE);
        assertEquals(new AugmentConfig(true, 1), c.data().augment());
        Trainer.Run straight = new Trainer(c).output(dir.resolve("a")).fit();
        assertTrue(straight.complete());

        Trainer.Run part = new Trainer(c).output(dir.resolve("b")).stopAfterSteps(4).fit();
        assertFalse(part.complete());
        Map<String, Object> state = Json.readObject(part.folder().resolve(RunFolder.STATE));
        assertEquals(1, ((Number) state.get("step_in_epoch")).intValue(), "stopped one step into the second epoch");
        // 12 images in epoch 1 and 5 in the first step of epoch 2: one Philox block per image
        assertEquals(17L, augmentCounter(state));
        Trainer.Run more = new Trainer(c).stopAfterSteps(5).resume(part.folder());
        assertFalse(more.complete());
        Trainer.Run done = new Trainer(c).resume(more.folder());
        assertTrue(done.complete());

        assertEquals(-1, Files.mismatch(straight.folder().resolve(RunFolder.CHECKPOINT), done.folder().resolve(RunFolder.CHECKPOINT)),
                "weights, optimizer moments, random streams (the augmentation's included) bit-identical");
        Map<String, Object> end = Json.readObject(done.folder().resolve(RunFolder.STATE));
        assertEquals(48L, augmentCounter(end), "4 epochs of 12 images");
        List<EpochMetrics> a = MetricsLog.read(straight.folder().resolve("metrics.csv")), b = MetricsLog.read(done.folder().resolve("metrics.csv"));
        assertEquals(4, b.size());
        for (int e = 0; e < 4; e++) {
            assertEquals(a.get(e).trainLoss(), b.get(e).trainLoss(), 0.0, "epoch " + (e + 1) + " training loss");
            assertEquals(a.get(e).testLoss(), b.get(e).testLoss(), 0.0, "epoch " + (e + 1) + " test loss");
        }

        // The config as written keeps the augmentation.
        assertEquals(c.data().augment(), ConfigFiles.read(done.folder().resolve(RunFolder.CONFIG)).data().augment());

        // Without augmentation the same run learns other weights.
        Trainer.Run plain = new Trainer(config(FONTS_DAE.replace(AUGMENT, ""))).output(dir.resolve("c")).fit();
        Map<String, SafeTensors.Tensor> wa = SafeTensors.read(straight.folder().resolve(RunFolder.CHECKPOINT)).tensors();
        Map<String, SafeTensors.Tensor> wp = SafeTensors.read(plain.folder().resolve(RunFolder.CHECKPOINT)).tensors();
        String first = wa.keySet().stream().filter(k -> k.contains("encoder")).findFirst().orElseThrow();
        assertFalse(java.util.Arrays.equals(wa.get(first).data(), wp.get(first).data()), "augmentation changes the training");
        assertFalse(((Map<?, ?>) Json.readObject(plain.folder().resolve(RunFolder.STATE)).get("random_keys")).containsKey("data.augment"));
    }

    private static long augmentCounter(Map<String, Object> state) {
        Map<?, ?> keys = (Map<?, ?>) state.get("random_keys");
        Map<?, ?> k = (Map<?, ?>) keys.get("data.augment");
        assertEquals(12L << 32, ((Number) k.get("stream")).longValue());
        return ((Number) k.get("counter")).longValue();
    }

    @Test
    void theSameSeedRepeatsTheAugmentedRunAndAnotherSeedDoesNot(@TempDir Path dir) throws Exception {
        RunConfig c = config(FONTS_DAE.replace("\"epochs\": 4", "\"epochs\": 1"));
        Trainer.Run one = new Trainer(c).output(dir.resolve("a")).fit();
        Trainer.Run two = new Trainer(c).output(dir.resolve("b")).fit();
        assertEquals(-1, Files.mismatch(one.folder().resolve(RunFolder.CHECKPOINT), two.folder().resolve(RunFolder.CHECKPOINT)));
        assertNotEquals(one.epochs().get(0).trainLoss(),
                new Trainer(config(FONTS_DAE.replace("\"epochs\": 4", "\"epochs\": 1").replace("\"seed\": 5", "\"seed\": 6"))).output(dir.resolve("c")).fit().epochs().get(0).trainLoss());
    }

    @Test
    void flatExamplesAreRefusedBeforeAnythingIsWritten(@TempDir Path dir) throws Exception {
        byte[] pixels = new byte[8 * 6];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) (i * 5);
        Path npy = Files.write(dir.resolve("flat.npy"), NpyFiles.npy(1, "|u1", "(8, 6)", pixels));
        RunConfig c = RunConfig.builder("flat").device("cpu")
                .data(DataConfig.of(NumpyConfig.npy(npy.toString(), null)).withAugment(AugmentConfig.flips()))
                .model(VaeConfig.of(2).withEncoder(4)).training(TrainingConfig.of(4, 1)).build();
        ConfigException e = assertThrows(ConfigException.class, () -> new Trainer(c).output(dir.resolve("runs")).fit());
        assertTrue(e.getMessage().startsWith("data.augment: ") && e.getMessage().contains("[6]"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("runs/flat")), "no run folder");
    }

    @Test
    void configKeysAreCheckedAndRoundTrip(@TempDir Path dir) throws Exception {
        RunConfig c = config(FONTS_DAE);
        Path file = dir.resolve("c.json");
        ConfigFiles.write(c, file);
        assertEquals(c, ConfigFiles.read(file));
        assertEquals(Map.of("flip", true, "crop_padding", 1), ((Map<?, ?>) c.toJson().get("data")).get("augment"));
        assertTrue(((Map<?, ?>) config(FONTS_DAE.replace(AUGMENT, ""))
                .toJson().get("data")).get("augment") == null, "no augment key without augmentation");
        String[][] bad = {
            {"\"crop_padding\": 1}", "\"crop_padding\": -1}", "data.augment.crop_padding"},
            {"\"flip\": true, \"crop_padding\": 1}", "\"flip\": false}", "data.augment: flip is false"},
            {"\"flip\": true, \"crop_padding\": 1}", "\"flip\": true, \"crop\": 1}", "crop"},
            {"\"flip\": true,", "\"flip\": \"yes\",", "data.augment.flip"}};
        assertTrue(FONTS_DAE.contains(AUGMENT));
        for (String[] b : bad) {
            String json = FONTS_DAE.replace(b[0], b[1]);
            assertNotEquals(FONTS_DAE, json);
            ConfigException e = assertThrows(ConfigException.class, () -> config(json), json);
            assertTrue(e.getMessage().contains(b[2]), e.getMessage());
        }
        String powell = FONTS_DAE.replace("{\"name\": \"adam\", \"lr\": 0.01}", "{\"name\": \"powell\", \"max_evaluations\": 10}")
                .replace("\"epochs\": 4", "\"epochs\": 1");
        assertNotEquals(FONTS_DAE, powell);
        ConfigException p = assertThrows(ConfigException.class, () -> config(powell));
        assertTrue(p.getMessage().startsWith("data.augment: powell"), p.getMessage());
        assertEquals(new AugmentConfig(true, 4), AugmentConfig.flips().withCropPadding(4));
        assertThrows(ConfigException.class, () -> AugmentConfig.crops(0));
    }
}
