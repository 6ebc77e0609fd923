package org.latent.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.latent.cli.Cli.assertContains;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every number on the command line is checked, products in 64 bits, memory estimated before it is needed. */
class NumbersTest {
    @TempDir
    static Path dir;
    static Path config, vae, ae;

    @BeforeAll
    static void train() {
        config = Cli.writeConfig(dir, "vae", TrainCommandTest.FONTS_VAE.replace("\"epochs\": 3", "\"epochs\": 1"));
        Cli.run("train", config.toString(), "--out", dir.resolve("runs").toString()).expect(0);
        vae = dir.resolve("runs/fonts-vae");
        Path aeConfig = Cli.writeConfig(dir, "ae", ResumeTest.FONTS_DAE.replace("\"epochs\": 4", "\"epochs\": 1"));
        Cli.run("train", aeConfig.toString(), "--out", dir.resolve("runs").toString()).expect(0);
        ae = dir.resolve("runs/fonts-dae");
    }

    private static void assertClean(Cli c) {
        assertFalse(c.err().contains("\tat ") || c.err().contains("Exception") || c.err().contains("Error:"),
                () -> "a stack trace or Java exception:\n" + c.err());
    }

    @Test
    void negativeOrZeroStepLimitsAndEpochsAreRefusedWithTheRange() throws Exception {
        Path out = dir.resolve("never");
        Cli c = Cli.run("train", config.toString(), "--out", out.toString(), "--stop-after-steps", "-5").expect(2);
        assertContains(c.err(), "latent train: --stop-after-steps -5 is out of range: the number of steps to take must be at least 1");
        assertContains(Cli.run("train", config.toString(), "--out", out.toString(), "--stop-after-steps", "0").expect(2).err(),
                "--stop-after-steps 0 is out of range");
        assertContains(Cli.run("train", config.toString(), "--out", out.toString(), "--epochs", "0").expect(2).err(),
                "--epochs 0 is out of range: the number of epochs in all must be at least 1");
        assertContains(Cli.run("train", "--resume", vae.toString(), "--epochs", "-2").expect(2).err(), "--epochs -2");
        assertFalse(Files.exists(out), "nothing was created");
    }

    @Test
    void sampleCountsAreCheckedAndAHugeCountIsRefusedWithAnEstimate() {
        assertContains(Cli.run("sample", vae.toString(), "--count", "0").expect(2).err(),
                "--count 0 is out of range: the number of images must be at least 1");
        assertContains(Cli.run("sample", vae.toString(), "--count", "-7").expect(2).err(), "--count -7");
        Cli huge = Cli.run("sample", vae.toString(), "--count", "100000000").expect(2);
        assertContains(huge.err(), "latent sample: --count 100000000 means 100,000,000 images of 7 x 5", "which need about",
                "iB of memory", "Ask for fewer images");
        assertClean(huge);
        assertContains(Cli.run("sample", vae.toString(), "--augment", "-1").expect(2).err(), "--augment -1 is out of range");
    }

    @Test
    void augmentationProductsAreComputedIn64Bits() {
        Cli c = Cli.run("sample", ae.toString(), "--count", "20", "--augment", "2000000000", "--augment-scale", "0.5").expect(2);
        assertContains(c.err(), "x --augment 2000000000 means 24,000,000,000 images", "more values in one array or image than Java can hold");
        assertClean(c);
        Cli v = Cli.run("sample", vae.toString(), "--count", "12", "--augment", "300000000").expect(2);
        assertContains(v.err(), "3,600,000,000 images", "which need about");
        assertClean(v);
    }

    @Test
    void configNumbersThatCannotWorkAreRefusedBeforeAnythingIsCreated() throws Exception {
        Path out = dir.resolve("never2");
        Path split = Cli.writeConfig(dir, "split", """
                {"name": "split", "device": "cpu", "data": {"dataset": "mnist", "validation": 60000},
                 "model": {"family": "vae", "encoder": [16], "latent": 2}, "training": {"epochs": 1}}""");
        Cli c = Cli.run("train", split.toString(), "--out", out.toString(), "--data", "/nonexistent").expect(2);
        assertContains(c.err(), "data.validation: holding out 60,000 of the 60,000 mnist training images leaves no training examples");
        Path huge = Cli.writeConfig(dir, "huge", TrainCommandTest.FONTS_VAE.replace("\"encoder\": [16]", "\"encoder\": [1000000000]"));
        Cli h = Cli.run("train", huge.toString(), "--out", out.toString()).expect(2);
        assertContains(h.err(), "model.encoder: layers [1000000000] need at least 3,000,000,001 parameters");
        assertClean(h);
        assertFalse(Files.exists(out), "nothing was created");
    }
}
