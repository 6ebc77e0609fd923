package org.latent.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private static String[] lines(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8).split("\n");
    }

    @Test
    void withoutATerminalLinesComeNoMoreOftenThanTheInterval() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ProgressBar everyCall = new ProgressBar(out, "epoch 1/1", 4, false, (d, t, s) -> d + "/" + t, 0);
        for (int d = 1; d <= 3; d++) everyCall.update(d);
        everyCall.finish(4);
        String[] got = lines(bytes);
        assertEquals(4, got.length, String.join("|", got));
        assertTrue(got[0].startsWith("epoch 1/1 [=====") && got[0].endsWith("25% 1/4"), got[0]);
        assertTrue(got[3].endsWith("100% 4/4"), got[3]);
        assertTrue(got[1].indexOf('\r') < 0, "no carriage returns in a log: " + got[1]);

        bytes.reset();
        ProgressBar hourly = new ProgressBar(out, "epoch 1/1", 4, false, (d, t, s) -> d + "/" + t, 3_600_000_000_000L);
        for (int d = 1; d <= 3; d++) hourly.update(d);
        hourly.finish(4);
        got = lines(bytes);
        assertEquals(1, got.length, String.join("|", got));
        assertTrue(got[0].endsWith("100% 4/4"), got[0]);
    }
}
