package org.latent.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short fault soak (issue 17; the long one is bench/fault-soak/run.sh): a small fonts denoising
 * autoencoder killed with SIGKILL 6 times (at random delays, during checkpoint writes and while
 * it writes its summary, figures and report) and resumed each time ends with the checkpoint and
 * state.json of an uninterrupted run byte for byte, the same metrics.csv validation/test/lr columns
 * and summary, every file complete and no temporary file left. About 20 s on two cores.
 */
class FaultSoakTest {
    @Test
    void aRunKilledAndResumedSixTimesEndsAsAnUninterruptedOne(@TempDir Path dir) throws Exception {
        FaultSoak soak = new FaultSoak(dir, FaultSoak.thisJava(), 17, 12, 1.5, System.out);
        FaultSoak.Result r = soak.run(6);
        System.out.println("[soak] " + r);
        r.trainLossDifferences.forEach(d -> System.out.println("[soak] train_loss differs: " + d));
        assertTrue(r.ok(), () -> String.join("\n", r.problems));
        assertTrue(r.kills >= 6);
        assertEquals(r.rounds, r.identicalRounds);
        assertTrue(r.filesChecked > 20, "files checked: " + r.filesChecked);
    }
}
