package org.latent.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The soak's own checks see what they are there to see: cut-off files, temporary files, differing columns. */
class FaultSoakChecksTest {
    @Test
    void cutOffFilesAndTemporaryFilesAreProblems(@TempDir Path dir) throws Exception {
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY), "png", dir.resolve("whole.png").toFile());
        byte[] png = Files.readAllBytes(dir.resolve("whole.png"));
        Files.write(dir.resolve("cut.png"), Arrays.copyOf(png, png.length / 2));
        Files.writeString(dir.resolve("summary.json"), "{\"name\": \"so");
        Files.writeString(dir.resolve("report.html"), "<html><body>");
        Files.writeString(dir.resolve(".checkpoint.safetensors.1f.tmp"), "");
        Files.write(dir.resolve("checkpoint.safetensors"), new byte[] {8, 0, 0, 0, 0, 0, 0, 0, '{'});
        FaultSoak.Result r = new FaultSoak.Result();
        assertEquals(6, FaultSoak.checkComplete(dir, r, "t"));
        String all = String.join("\n", r.problems);
        assertEquals(5, r.problems.size(), all);
        for (String f : new String[] {"cut.png", "summary.json", "report.html", ".checkpoint.safetensors.1f.tmp", "checkpoint.safetensors"}) {
            assertTrue(all.contains(f), f + " in\n" + all);
        }
    }

    @Test
    void metricsColumnsAreComparedAndTrainLossCountedApart(@TempDir Path dir) throws Exception {
        Path a = Files.createDirectories(dir.resolve("a")), b = Files.createDirectories(dir.resolve("b"));
        String header = "epoch,step,train_loss,validation_loss,test_loss,seconds,examples_per_second,train_accuracy,validation_accuracy,test_accuracy,lr\n";
        Files.writeString(a.resolve("metrics.csv"), header + "1,20,2.000001,,3.000000,0.1,100.0,,,,0.01\n");
        Files.writeString(b.resolve("metrics.csv"), header + "1,20,2.000002,,3.000001,0.2,90.0,,,,0.01\n");
        for (Path p : new Path[] {a, b}) {
            Files.writeString(p.resolve("checkpoint.safetensors"), "same");
            Files.writeString(p.resolve("state.json"), "{}");
            Files.writeString(p.resolve("summary.json"), "{\"status\": \"complete\"}");
        }
        FaultSoak.Result r = new FaultSoak.Result();
        FaultSoak.compare(a, b, r, "t");
        assertEquals(1, r.trainLossRowsDiffering);
        assertEquals(1, r.problems.size(), String.join("\n", r.problems));
        assertTrue(r.problems.get(0).contains("test_loss"), r.problems.get(0));
    }
}
