package org.latent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.latent.cli.Cli.assertContains;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latent.io.Json;

/** What `latent train` says about a run at its start and end, and what summary.json records, for each family and for stops. */
class SummaryTest {
    private static String line(String text, String start) {
        return text.lines().filter(l -> l.startsWith(start)).findFirst().orElseThrow(() -> new AssertionError("no '" + start + "' in\n" + text));
    }

    private static double number(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }

    @Test
    void aClassifiersTableShowsItsAccuraciesAndItsHeaderNoLatentSize(@TempDir Path dir) {
        Path config = Cli.writeConfig(dir, "font-mlp", """
                {"name": "font-mlp", "seed": 2, "device": "cpu", "data": {"dataset": "fonts", "font": 2},
                 "model": {"family": "classifier", "architecture": "mlp", "hidden": [16], "classes": 32},
                 "optimizer": {"name": "adam", "lr": 0.01}, "training": {"batch": 8, "epochs": 2}}
                """);
        Cli c = Cli.run("train", config.toString(), "--out", dir.toString()).expect(0);
        Map<String, Object> s = Json.readObject(dir.resolve("font-mlp/summary.json"));
        String header = line(c.err(), "model ");
        assertTrue(header.startsWith("model    Classifier, "), header);
        assertTrue(!header.contains("latent"), "a classifier has no latent size: " + header);
        assertContains(header, String.format(Locale.ROOT, "%,d parameters", ((Number) s.get("parameters")).longValue()));
        assertContains(line(c.out(), "  train "), "accuracy", "cross-entropy per example");
        assertContains(line(c.out(), "  test "), String.format(Locale.ROOT, "accuracy %.2f %%", 100 * number(s, "test_accuracy")));
    }

    @Test
    void aGansParameterCountIsItsGeneratorsAndDiscriminatorsTogether(@TempDir Path dir) {
        Path config = Cli.writeConfig(dir, "gan", """
                {"name": "font-gan", "seed": 1, "device": "cpu", "data": {"dataset": "fonts", "font": 2},
                 "model": {"family": "gan", "architecture": "mlp", "hidden": [16], "latent": 4},
                 "optimizer": {"name": "adam", "lr": 2e-4, "beta1": 0.5}, "training": {"batch": 8, "epochs": 1}}
                """);
        Cli c = Cli.run("train", config.toString(), "--out", dir.toString()).expect(0);
        Map<String, Object> s = Json.readObject(dir.resolve("font-gan/summary.json"));
        Map<?, ?> gan = (Map<?, ?>) s.get("gan");
        long both = ((Number) gan.get("generator_parameters")).longValue() + ((Number) gan.get("discriminator_parameters")).longValue();
        assertEquals(both, ((Number) s.get("parameters")).longValue(), "summary.json: " + s);
        assertContains(line(c.err(), "model "), String.format(Locale.ROOT, "%,d parameters", both));
        assertContains(line(c.out(), "  model "), String.format(Locale.ROOT, "%,d parameters", both));
    }

    @Test
    void aRunStoppedMidEpochReportsItsStepsAndTimeAndTheResumedRunAddsToThem(@TempDir Path dir) {
        // 3 steps per epoch: stopped after 2, inside the first epoch.
        Path config = Cli.writeConfig(dir, "dae", ResumeTest.FONTS_DAE);
        Cli stopped = Cli.run("train", config.toString(), "--out", dir.toString(), "--stop-after-steps", "2").expect(TrainCommand.STOPPED);
        Path run = dir.resolve("fonts-dae");
        Map<String, Object> s = Json.readObject(run.resolve("summary.json"));
        assertEquals("stopped", s.get("status"));
        assertEquals(0, ((Number) s.get("epochs")).intValue());
        assertEquals(2, ((Number) s.get("step_in_epoch")).intValue());
        assertEquals(2, ((Number) s.get("global_step")).intValue());
        double before = number(s, "seconds");
        assertTrue(before > 0, "the two steps took time: " + s);
        String trained = line(stopped.out(), "  trained ");
        assertContains(trained, "0 epochs + 2 steps (2 steps in all)");
        assertTrue(!trained.contains(" 0.0s") && !trained.contains(" 0.00s") && !trained.contains(" 0.0ms"), trained);

        Cli.run("train", config.toString(), "--resume", run.toString()).expect(0);
        Map<String, Object> done = Json.readObject(run.resolve("summary.json"));
        assertEquals(0, ((Number) done.get("step_in_epoch")).intValue());
        assertEquals(4, ((Number) done.get("epochs")).intValue());
        assertTrue(number(done, "seconds") > before, "the resumed run's time adds to the stopped one's: " + done);
    }
}
