package org.latent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PhaseTest {
    @Test
    void slowWorkSaysWhatItIsDoingAndQuickWorkStaysQuiet() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (Phase p = Phase.start("k-means on 10,000 codes", err, 20, () -> err.print("<end of bar>\n"))) {
            Thread.sleep(300);
            assertTrue(p.announced());
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("<end of bar>\n[latent] k-means on 10,000 codes ...\n[latent] k-means on 10,000 codes: done in 0."),
                text);
        bytes.reset();
        try (Phase p = Phase.start("quick", err, 1000, () -> {})) {
            assertTrue(!p.announced());
        }
        Thread.sleep(50);
        assertEquals("", bytes.toString(StandardCharsets.UTF_8));
    }
}
