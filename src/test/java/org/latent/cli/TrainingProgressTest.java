package org.latent.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.latent.train.EpochMetrics;

/** What `latent train` prints while an epoch runs long: an early first line, and a line while the epoch is evaluated. */
class TrainingProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static EpochMetrics metrics() {
        return new EpochMetrics(1, 10, 0.4, Double.NaN, 0.41, 1.0, 40, Double.NaN, Double.NaN, Double.NaN);
    }

    @Test
    void withoutATerminalALongEpochsFirstLineComesEarlyAndItsEvaluationIsAnnounced() throws Exception {
        TrainingProgress p = new TrainingProgress(err, false, 50, 100_000_000L);
        p.epochStarted(1, 2, 0, 10, 4);
        p.progress(1, 0.9); // too early for a line
        assertTrue(!text().contains("1/10 steps"), text());
        Thread.sleep(150);
        p.progress(2, 0.8);
        assertTrue(text().contains("epoch 1/2 [") && text().contains("2/10 steps"), "the first line after 0.1 s, not a minute:\n" + text());
        p.progress(10, 0.4);
        Thread.sleep(300);
        assertTrue(text().contains("[latent] epoch 1/2 trained; measuring the losses ...\n"), text());
        p.epochFinished(metrics());
        assertTrue(text().contains("[latent] epoch 1/2 trained; measuring the losses: done in "), text());
        assertTrue(text().endsWith("test 0.4100\n"), "then the epoch's line:\n" + text());
    }

    @Test
    void onATerminalTheAnnouncementStartsOnItsOwnLine() throws Exception {
        TrainingProgress p = new TrainingProgress(err, true, 50, 100_000_000L);
        p.epochStarted(1, 1, 0, 10, 4);
        p.progress(10, 0.4);
        Thread.sleep(300);
        String t = text();
        int at = t.indexOf("[latent] epoch 1/1 trained");
        assertTrue(at > 0 && t.charAt(at - 1) == '\n', "the bar's line is ended first:\n" + t);
        p.epochFinished(metrics());
    }

    @Test
    void aQuickEvaluationPrintsNothingExtra() {
        TrainingProgress p = new TrainingProgress(err, false, 5_000, 100_000_000L);
        p.epochStarted(1, 1, 0, 2, 4);
        p.progress(2, 0.4);
        p.epochFinished(metrics());
        assertTrue(!text().contains("[latent]"), text());
    }
}
