package org.latent.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latent.train.EpochMetrics;

/** metrics.csv read back: every cell checked, bad ones named by line and column. */
class MetricsLogTest {
    private static final String ROW1 = "1,3,0.500000,,0.400000,1.250,120.0,,,,0.00100000";
    private static final String ROW2 = "2,6,0.450000,,0.390000,1.200,125.0,,,,0.00100000";

    private static Path write(Path dir, String... lines) throws IOException {
        Path f = dir.resolve("metrics.csv");
        Files.write(f, List.of(lines));
        return f;
    }

    private static String refused(Path f) {
        return assertThrows(MetricsException.class, () -> MetricsLog.read(f)).getMessage();
    }

    private static void assertMessage(String m, String... parts) {
        for (String p : parts) assertTrue(m.contains(p), () -> "lacks '" + p + "': " + m);
    }

    @Test
    void goodRowsAreRead(@TempDir Path dir) throws IOException {
        List<EpochMetrics> rows = MetricsLog.read(write(dir, MetricsLog.HEADER, ROW1, ROW2));
        assertEquals(2, rows.size());
        assertEquals(6, rows.get(1).step());
        assertTrue(Double.isNaN(rows.get(0).validationLoss()));
        assertEquals(0.39, rows.get(1).testLoss(), 1e-12);
        // Files from before the accuracy columns.
        assertEquals(1, MetricsLog.read(write(dir, MetricsLog.OLD_HEADER, "1,3,0.5,,0.4,1.25,120.0")).size());
        assertEquals(0.001, MetricsLog.read(write(dir, MetricsLog.HEADER, ROW1)).get(0).lr(), 1e-12);
        assertEquals(1, MetricsLog.read(write(dir, MetricsLog.HEADER_10, "1,3,0.5,,0.4,1.25,120.0,,,")).size());
    }

    @Test
    void aNonNumericCellIsNamedByLineAndColumn(@TempDir Path dir) throws IOException {
        Path f = write(dir, MetricsLog.HEADER, ROW1, ROW2.replace("0.450000", "four"));
        assertMessage(refused(f), f + " line 3, column train_loss: \"four\" is not a number");
        assertMessage(refused(write(dir, MetricsLog.HEADER, "x" + ROW1)), "line 2, column epoch: \"x1\" is not a whole number");
        assertMessage(refused(write(dir, MetricsLog.HEADER, ROW1.replace(",3,", ",-3,"))), "line 2, column step: -3 is out of range");
        assertMessage(refused(write(dir, MetricsLog.HEADER, ROW1.replace("1.250", "NaN"))), "line 2, column seconds: \"NaN\" is not a number");
        assertMessage(refused(write(dir, MetricsLog.HEADER, ROW1.replace("120.0", "Infinity"))), "column examples_per_second");
        assertMessage(refused(write(dir, MetricsLog.HEADER, "1,3,0.5")), "line 2 has 3 fields, expected 11");
        assertMessage(refused(write(dir, "epoch;step", ROW1)), "line 1: the header is \"epoch;step\"");
    }

    @Test
    void epochsThatGoBackOrRepeatAreRefused(@TempDir Path dir) throws IOException {
        assertMessage(refused(write(dir, MetricsLog.HEADER, ROW1, ROW2, ROW2)),
                "line 4, column epoch: epoch 2 after epoch 2 (line 3)");
        assertMessage(refused(write(dir, MetricsLog.HEADER, ROW2, ROW1)), "line 3, column epoch: epoch 1 after epoch 2");
        assertMessage(refused(write(dir, MetricsLog.HEADER, ROW1, ROW2.replace(",6,", ",2,"))),
                "line 3, column step: step 2 after step 3");
        assertMessage(refused(write(dir, MetricsLog.HEADER, ROW1.replace("1,3,", "0,3,"))), "column epoch: 0 is out of range");
    }

    @Test
    void resumingDropsARowThatAKillCutShortAndKeepsTheRest(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("metrics.csv");
        Files.writeString(f, MetricsLog.HEADER + "\n" + ROW1 + "\n" + ROW2 + "\n" + "3,9,0.4");
        assertMessage(refused(f), "line 4 has 3 fields"); // read as it is: refused
        new MetricsLog(f).open(2);
        assertEquals(List.of(MetricsLog.HEADER, ROW1, ROW2), Files.readAllLines(f));
        new MetricsLog(f).open(1);
        assertEquals(List.of(MetricsLog.HEADER, ROW1), Files.readAllLines(f), "rows after the checkpoint's epoch dropped");
    }
}
