package org.latent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latent.config.AutoencoderConfig;
import org.latent.config.DataConfig;
import org.latent.config.EarlyStoppingConfig;
import org.latent.config.NumpyConfig;
import org.latent.config.OptimizerConfig;
import org.latent.config.RunConfig;
import org.latent.config.ScheduleConfig;
import org.latent.config.TrainingConfig;
import org.latent.data.NpyFiles;
import org.latent.io.SafeTensors;
import org.latent.runs.MetricsLog;
import org.latent.runs.RunFolder;
import org.latent.testing.GradCheck;

/**
 * Learning-rate schedules, early stopping and their resume in whole runs on a small NumPy data
 * set (60 examples of 16 values, the last 20 validating, batches of 10: 4 steps an epoch).
 */
class TrainingControlsRunTest {
    private static DataConfig data(Path dir) throws IOException {
        // A stripe pattern (0.9 on even features, 0.1 on odd ones) plus noise: something to learn.
        float[] x = GradCheck.random(5, 60 * 16, -0.05, 0.05);
        for (int i = 0; i < x.length; i++) x[i] += i % 2 == 0 ? 0.9f : 0.1f;
        Path file = Files.write(dir.resolve("x.npy"), NpyFiles.npy(1, "<f4", "(60, 16)", NpyFiles.floats(x)));
        return DataConfig.of(NumpyConfig.npy(file.toString(), null)).withValidation(20);
    }

    private static RunConfig run(Path dir, String name, OptimizerConfig o, TrainingConfig t) throws IOException {
        return RunConfig.builder(name).seed(3).device("cpu").data(data(dir)).model(AutoencoderConfig.of(2).withEncoder(8))
                .optimizer(o).training(t).build();
    }

    private static List<EpochMetrics> metrics(Path runFolder) {
        return MetricsLog.read(runFolder.resolve(RunFolder.METRICS));
    }

    @Test
    void theLrInEffectIsTheLastColumnOfMetricsCsv(@TempDir Path dir) throws IOException {
        // Step schedule: halve every 4 steps, i.e. every epoch.
        RunConfig c = run(dir, "step", OptimizerConfig.adam(0.01).withSchedule(ScheduleConfig.step(4, 0.5)), TrainingConfig.of(10, 3));
        Trainer.Run r = new Trainer(c).output(dir.resolve("runs")).fit();
        List<String> csv = Files.readAllLines(r.folder().resolve(RunFolder.METRICS));
        assertTrue(csv.get(0).endsWith(",test_accuracy,lr"), csv.get(0));
        List<EpochMetrics> rows = metrics(r.folder());
        double[] expected = {0.01, 0.005, 0.0025};
        for (int e = 0; e < 3; e++) {
            assertEquals(expected[e], rows.get(e).lr(), 1e-9, "epoch " + (e + 1));
            assertEquals((float) expected[e], (float) r.epochs().get(e).lr(), "in memory: the float the optimizer used");
        }
        assertTrue(Files.size(r.folder().resolve("loss.png")) > 0);
        assertTrue(Files.readString(r.report()).contains("learning rate of each epoch&#39;s last step (right axis)"),
                "the loss figure draws the varying rate");
        Trainer.Run constant = new Trainer(run(dir, "constant", OptimizerConfig.adam(0.01), TrainingConfig.of(10, 2)))
                .output(dir.resolve("runs")).fit();
        assertEquals(0.01, metrics(constant.folder()).get(1).lr(), 1e-9, "a constant rate is written too");
        assertFalse(Files.readString(constant.report()).contains("right axis"), "a constant rate is not drawn");
    }

    @Test
    void earlyStoppingOnASyntheticPlateauKeepsTheBestEpochBesideTheLast(@TempDir Path dir) throws IOException {
        // Adam 0.05 for two epochs (8 steps), then a rate 1e-9 times smaller: the validation loss
        // falls, then stays within 1e-6: a plateau. Patience 2: epochs 3 and 4 do not improve, stop after 4.
        RunConfig c = run(dir, "plateau", OptimizerConfig.adam(0.05).withSchedule(ScheduleConfig.step(8, 1e-9)),
                TrainingConfig.of(10, 10).withEarlyStopping(EarlyStoppingConfig.of(2).withMinDelta(1e-6)));
        Trainer.Run r = new Trainer(c).output(dir.resolve("runs")).fit();
        assertTrue(r.complete(), "an early stop completes the run");
        assertEquals(4, r.epochs().size(), () -> "4 of the 10 epochs: " + metrics(r.folder()));
        List<EpochMetrics> rows = metrics(r.folder());
        assertTrue(rows.get(1).validationLoss() < rows.get(0).validationLoss() - 1e-6, "epoch 2 improves: " + rows);
        assertEquals(rows.get(1).validationLoss(), rows.get(3).validationLoss(), 1e-6, "then a plateau");
        @SuppressWarnings("unchecked")
        Map<String, Object> es = (Map<String, Object>) r.summary().get("early_stopping");
        assertEquals(true, es.get("stopped_early"));
        assertEquals(4, ((Number) es.get("stopped_after_epoch")).intValue());
        assertEquals(2, ((Number) es.get("best_epoch")).intValue());
        assertEquals(4, ((Number) es.get("last_checkpoint_epoch")).intValue());
        assertTrue(((String) es.get("kept")).contains("best.safetensors holds the best epoch, 2"), (String) es.get("kept"));
        SafeTensors.Contents best = SafeTensors.read(r.folder().resolve(EarlyStopping.BEST));
        assertEquals("2", best.metadata().get("latent.epoch"));
        assertEquals(rows.get(1).validationLoss(), Double.parseDouble(best.metadata().get("latent.validation_loss")), 1e-6);
        SafeTensors.Contents last = SafeTensors.read(r.folder().resolve(RunFolder.CHECKPOINT));
        assertTrue(last.metadata().get("latent.state").contains("\"epoch\":4"), last.metadata().get("latent.state"));
        assertEquals(last.tensors().keySet().stream().filter(k -> !k.startsWith("optimizer.") && !k.startsWith("history.") && !k.startsWith("running_loss.")).toList(),
                List.copyOf(best.tensors().keySet()), "the best weights under the checkpoint's names");
    }

    /**
     * A plateau schedule whose min_delta no loss can beat: every epoch after the first is bad, so
     * with patience 0 the rate halves after epochs 2, 3, ...; early stopping (patience 3, same
     * delta) stops after epoch 4.
     */
    private static RunConfig halving(Path dir, String name) throws IOException {
        return run(dir, name, OptimizerConfig.adam(0.01).withSchedule(ScheduleConfig.plateau(0.5, 0).withMinDelta(1e9)),
                TrainingConfig.of(10, 8).withEarlyStopping(new EarlyStoppingConfig(3, 1e9)));
    }

    @Test
    void plateauReducesTheRateAndBothControlsResumeExactly(@TempDir Path dir) throws IOException {
        Trainer.Run straight = new Trainer(halving(dir, "straight")).output(dir.resolve("a")).fit();
        List<EpochMetrics> rows = metrics(straight.folder());
        assertEquals(4, rows.size());
        double[] lr = {0.01, 0.01, 0.005, 0.0025};
        for (int e = 0; e < 4; e++) assertEquals(lr[e], rows.get(e).lr(), 1e-9, "epoch " + (e + 1));

        // Stopped mid-epoch 2 (step 6), resumed; then stopped at step 12 (the end of epoch 3), resumed.
        RunConfig c = halving(dir, "resumed");
        Trainer.Run part = new Trainer(c).output(dir.resolve("b")).stopAfterSteps(6).fit();
        assertFalse(part.complete());
        assertTrue(Files.exists(part.folder().resolve(ControlsState.FILE)));
        Trainer.Run more = new Trainer(c).stopAfterSteps(6).resume(part.folder());
        Trainer.Run done = new Trainer(c).resume(more.folder());
        assertTrue(done.complete());
        List<EpochMetrics> again = metrics(done.folder());
        assertEquals(rows.size(), again.size());
        for (int e = 0; e < rows.size(); e++) {
            assertEquals(rows.get(e).trainLoss(), again.get(e).trainLoss(), "epoch " + (e + 1) + " training loss");
            assertEquals(rows.get(e).validationLoss(), again.get(e).validationLoss());
            assertEquals(rows.get(e).lr(), again.get(e).lr());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> es = (Map<String, Object>) done.summary().get("early_stopping");
        assertEquals(4, ((Number) es.get("stopped_after_epoch")).intValue());
        Map<String, SafeTensors.Tensor> a = SafeTensors.read(straight.folder().resolve(RunFolder.CHECKPOINT)).tensors();
        Map<String, SafeTensors.Tensor> b = SafeTensors.read(done.folder().resolve(RunFolder.CHECKPOINT)).tensors();
        for (String k : a.keySet()) assertArrayEquals(a.get(k).data(), b.get(k).data(), k);
    }
}
