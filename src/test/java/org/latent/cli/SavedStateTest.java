package org.latent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.latent.cli.Cli.assertContains;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latent.io.Json;
import org.latent.io.SafeTensors;

/** What a run folder holds is checked when it is read back: damaged checkpoints and metrics are refused by name. */
class SavedStateTest {
    @TempDir
    static Path dir;
    /** A finished two-epoch VAE run on the fonts (seconds), copied afresh for each test. */
    static Path trained;

    @BeforeAll
    static void train() {
        Path config = Cli.writeConfig(dir, "vae", TrainCommandTest.FONTS_VAE.replace("\"epochs\": 3", "\"epochs\": 2"));
        Cli.run("train", config.toString(), "--out", dir.resolve("trained").toString()).expect(0);
        trained = dir.resolve("trained/fonts-vae");
    }

    private static Path copy(String name) throws Exception {
        Path to = dir.resolve(name);
        Files.createDirectories(to);
        try (var files = Files.list(trained)) {
            for (Path f : files.toList()) if (Files.isRegularFile(f)) Files.copy(f, to.resolve(f.getFileName()));
        }
        return to;
    }

    /** Rewrites the checkpoint with one tensor changed (or its metadata), as damage on disk would leave it. */
    private static void damage(Path run, String tensor, UnaryOperator<float[]> values, UnaryOperator<String> state) {
        Path f = run.resolve("checkpoint.safetensors");
        SafeTensors.Contents c = SafeTensors.read(f);
        Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>(c.tensors());
        if (tensor != null) {
            SafeTensors.Tensor t = tensors.get(tensor);
            tensors.put(tensor, new SafeTensors.Tensor(t.shape(), values.apply(t.data().clone())));
        }
        Map<String, String> meta = new LinkedHashMap<>(c.metadata());
        meta.put("latent.state", state.apply(meta.get("latent.state")));
        SafeTensors.write(f, tensors, meta);
    }

    private static void assertNoStackTrace(Cli c) {
        assertFalse(c.err().contains("\tat ") || c.err().contains("Exception"), () -> "a stack trace or exception name:\n" + c.err());
    }

    @Test
    void nanWeightsAreRefusedByEvalAndResumeAndNothingIsWritten(@TempDir Path tmp) throws Exception {
        Path run = copy("nan-weights");
        damage(run, "encoder.dense0.weight", v -> { v[7] = Float.NaN; return v; }, s -> s);
        byte[] summary = Files.readAllBytes(run.resolve("summary.json")), metrics = Files.readAllBytes(run.resolve("metrics.csv"));

        Cli eval = Cli.run("eval", run.toString()).expect(1);
        assertContains(eval.err(), run.resolve("checkpoint.safetensors").toString(), "tensor encoder.dense0.weight holds NaN at index 7");
        assertNoStackTrace(eval);
        assertArrayEquals(summary, Files.readAllBytes(run.resolve("summary.json")), "eval wrote nothing into summary.json");

        Cli resume = Cli.run("train", "--resume", run.toString(), "--epochs", "3").expect(1);
        assertContains(resume.err(), "tensor encoder.dense0.weight holds NaN");
        assertNoStackTrace(resume);
        assertArrayEquals(metrics, Files.readAllBytes(run.resolve("metrics.csv")), "metrics.csv untouched");
        assertContains(Cli.run("sample", run.toString(), "--output", tmp.resolve("s.png").toString()).expect(1).err(),
                "encoder.dense0.weight holds NaN");
    }

    @Test
    void infiniteOrNegativeOptimizerMomentsAreRefused() throws Exception {
        Path run = copy("bad-moments");
        damage(run, "optimizer.adam.m", v -> { v[0] = Float.POSITIVE_INFINITY; return v; }, s -> s);
        assertContains(Cli.run("eval", run.toString()).expect(1).err(), "tensor optimizer.adam.m holds Infinity at index 0");
        damage(run, "optimizer.adam.m", v -> { v[0] = 0; return v; }, s -> s);
        damage(run, "optimizer.adam.v", v -> { v[3] = -1; return v; }, s -> s);
        assertContains(Cli.run("train", "--resume", run.toString(), "--epochs", "3").expect(1).err(),
                "tensor optimizer.adam.v holds -1.0 at index 3", "second moment cannot be negative");
    }

    @Test
    void aStateOutOfRangeIsRefusedBeforeMetricsAreRewritten() throws Exception {
        Path run = copy("bad-state");
        byte[] metrics = Files.readAllBytes(run.resolve("metrics.csv"));
        damage(run, null, null, s -> s.replace("\"epoch\":2", "\"epoch\":-3"));
        Cli resume = Cli.run("train", "--resume", run.toString(), "--epochs", "3").expect(1);
        assertContains(resume.err(), run.resolve("checkpoint.safetensors").toString(), "epoch -3 is out of range");
        assertNoStackTrace(resume);
        assertArrayEquals(metrics, Files.readAllBytes(run.resolve("metrics.csv")), "the saved rows were not rewritten away");

        damage(run, null, null, s -> s.replace("\"epoch\":-3", "\"epoch\":2").replaceFirst("\"counter\":[0-9]+", "\"counter\":\"x\""));
        assertContains(Cli.run("eval", run.toString()).expect(1).err(), "random_keys.", "counter \"x\" is not a number");
    }

    @Test
    void aNonNumericMetricsCellIsNamedWhenResuming() throws Exception {
        Path run = copy("bad-metrics");
        Path csv = run.resolve("metrics.csv");
        String text = Files.readString(csv);
        String[] lines = text.split("\n");
        lines[2] = lines[2].replaceFirst("^2,6,[^,]*,", "2,6,four,");
        Files.writeString(csv, String.join("\n", lines) + "\n");
        Cli resume = Cli.run("train", "--resume", run.toString(), "--epochs", "3").expect(1);
        assertContains(resume.err(), csv + " line 3, column train_loss: \"four\" is not a number");
        assertNoStackTrace(resume);
    }
}
