package org.latent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latent.config.ClassifierConfig;
import org.latent.config.ConfigException;
import org.latent.config.DataConfig;
import org.latent.config.GanConfig;
import org.latent.config.GanJudgeConfig;
import org.latent.config.ImagesConfig;
import org.latent.config.OptimizerConfig;
import org.latent.config.RunConfig;
import org.latent.config.TrainingConfig;
import org.latent.config.NumpyConfig;
import org.latent.data.ImageFolderFixtures;
import org.latent.data.NpyFiles;
import org.latent.train.Trainer;

/**
 * The GAN judge (Inception-style score and Fréchet distance) on one's own labelled image folders:
 * a classifier run trained on a folder of three classes of synthetic 8 x 8 images (grey, and RGB),
 * then a GAN run on the same folder with model.judge pointing at it.
 */
class OwnDataJudgeTest {
    static final int SIDE = 8, CLASSES = 3;

    /**
     * {@code perClass} images of each of three classes, [n, channels, 8, 8] bytes in class order: a
     * bright horizontal bar, a vertical bar or a diagonal at a random place on a dim noisy background;
     * in RGB each class also has its colour (its channel bright, the others at a third).
     */
    static byte[] labelledImages(int perClass, int channels, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int plane = SIDE * SIDE;
        byte[] out = new byte[CLASSES * perClass * channels * plane];
        for (int c = 0; c < CLASSES; c++) {
            for (int i = 0; i < perClass; i++) {
                int at = 1 + r.nextInt(SIDE - 2), base = (c * perClass + i) * channels * plane;
                for (int y = 0; y < SIDE; y++) {
                    for (int x = 0; x < SIDE; x++) {
                        boolean on = c == 0 ? y == at : c == 1 ? x == at : (x + y + at) % SIDE == 0;
                        int g = on ? 200 + r.nextInt(56) : r.nextInt(40);
                        for (int ch = 0; ch < channels; ch++) {
                            out[base + ch * plane + y * SIDE + x] = (byte) (channels == 1 || ch == c ? g : g / 3);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Class folders 0, 1, 2 of {@link #labelledImages} as PNGs (grey, or RGB). */
    static Path labelledFolder(Path dir, int perClass, boolean rgb, long seed) {
        int channels = rgb ? 3 : 1, plane = SIDE * SIDE;
        byte[] images = labelledImages(perClass, channels, seed);
        for (int n = 0; n < CLASSES * perClass; n++) {
            Path file = dir.resolve(Integer.toString(n / perClass)).resolve(String.format("%03d.png", n % perClass));
            int base = n * channels * plane;
            if (rgb) {
                int[] px = new int[plane];
                for (int k = 0; k < plane; k++) {
                    px[k] = (images[base + k] & 0xff) << 16 | (images[base + plane + k] & 0xff) << 8 | images[base + 2 * plane + k] & 0xff;
                }
                ImageFolderFixtures.write(ImageFolderFixtures.rgb(SIDE, SIDE, px), "png", file);
            } else {
                ImageFolderFixtures.write(ImageFolderFixtures.grey(SIDE, SIDE, java.util.Arrays.copyOfRange(images, base, base + plane)),
                        "png", file);
            }
        }
        return dir;
    }

    /** The same images as NumPy arrays: x (n, channels, 8, 8) uint8 and y (n,) uint8 class labels. */
    static void labelledNpy(Path images, Path labels, int perClass, int channels, long seed) {
        byte[] y = new byte[CLASSES * perClass];
        for (int i = 0; i < y.length; i++) y[i] = (byte) (i / perClass);
        try {
            Files.write(images, NpyFiles.npy(1, "|u1", "(" + y.length + ", " + channels + ", " + SIDE + ", " + SIDE + ")",
                    labelledImages(perClass, channels, seed)));
            Files.write(labels, NpyFiles.npy(1, "|u1", "(" + y.length + ",)", y));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static DataConfig data(Path dir, int channels) {
        return DataConfig.of(ImagesConfig.of(dir.resolve("train").toString(), channels)
                .withTestPath(dir.resolve("test").toString())).withValidation(6);
    }

    private static Path classifier(Path dir, DataConfig data) {
        RunConfig c = RunConfig.builder("judge").seed(3).device("cpu").data(data)
                .model(ClassifierConfig.of("mlp").withHidden(32).withDropout(0).withClasses(CLASSES))
                .optimizer(OptimizerConfig.adam(0.01)).training(TrainingConfig.of(10, 15).withLogEvery(5)).build();
        Trainer.Run r = new Trainer(c).output(dir.resolve("runs")).fit();
        assertTrue(r.complete());
        double accuracy = ((Number) r.summary().get("test_accuracy")).doubleValue();
        assertTrue(accuracy > 0.9, "the judging classifier separates the three classes: test accuracy " + accuracy);
        return r.folder();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> judged(Path dir, DataConfig data, GanConfig gan, Path judge) {
        RunConfig c = RunConfig.builder("gan").seed(1).device("cpu").data(data)
                .model(gan.withSampleEvery(2).withJudge(GanJudgeConfig.of(judge.toString()).withEvery(2).withImages(60)))
                .optimizer(OptimizerConfig.adam(2e-4)).training(TrainingConfig.of(10, 2).withLogEvery(2)).build();
        Trainer.Run r = new Trainer(c).output(dir.resolve("runs")).fit();
        assertTrue(r.complete());
        assertEquals(2, linesOf(r.folder().resolve("gan-judge.csv")).size(), "a header and the judgement after epoch 2");
        return (Map<String, Object>) ((Map<String, Object>) r.summary().get("gan")).get("judge");
    }

    private static List<String> linesOf(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double number(Object m, String key) {
        return ((Number) ((Map<?, ?>) m).get(key)).doubleValue();
    }

    private static void assertScores(Map<String, Object> judge) {
        Map<?, ?> real = (Map<?, ?>) judge.get("real");
        assertEquals(24, ((Number) real.get("images")).intValue(), "the test folder's images");
        // the classifier is confident on the real images of three balanced classes: a score near 3
        assertTrue(number(real, "inception_score") > 2 && number(real, "inception_score") <= 3.0001, real.toString());
        double halves = number(real, "frechet_distance_between_halves");
        assertTrue(Double.isFinite(halves) && halves >= 0, real.toString());
        List<?> generator = (List<?>) judge.get("generator");
        assertEquals(1, generator.size());
        Object row = generator.get(0);
        assertTrue(number(row, "inception_score") >= 1 && number(row, "inception_score") <= 3.0001, row.toString());
        assertTrue(number(real, "inception_score") > number(row, "inception_score"), "real images score above a barely trained generator's: " + judge);
        double fd = number(row, "frechet_distance");
        assertTrue(Double.isFinite(fd) && fd > 0, judge.toString());
    }

    @Test
    void aGanOnAGreyImageFolderIsJudgedByAClassifierTrainedOnIt(@TempDir Path dir) {
        labelledFolder(dir.resolve("train"), 30, false, 1);
        labelledFolder(dir.resolve("test"), 8, false, 2);
        DataConfig data = data(dir, 1);
        Path judge = classifier(dir, data);
        assertScores(judged(dir, data, GanConfig.of("mlp").withHidden(32).withLatent(4), judge));
    }

    @Test
    void aGanOnAnRgbImageFolderIsJudgedByAClassifierTrainedOnIt(@TempDir Path dir) {
        labelledFolder(dir.resolve("train"), 30, true, 3);
        labelledFolder(dir.resolve("test"), 8, true, 4);
        DataConfig data = data(dir, 3);
        // a judge trained with augmentation (random crops) judges a GAN trained without
        Path judge = classifier(dir, data.withAugment(org.latent.config.AugmentConfig.crops(1)));
        // an MLP GAN: a DCGAN's 128-channel generator takes half a minute on two cores for the monitor's images
        assertScores(judged(dir, data, GanConfig.of("mlp").withHidden(32).withLatent(8), judge));
    }

    @Test
    void aGanOnLabelledNumpyArraysIsJudgedByAClassifierTrainedOnThem(@TempDir Path dir) {
        labelledNpy(dir.resolve("x.npy"), dir.resolve("y.npy"), 30, 3, 5);
        labelledNpy(dir.resolve("tx.npy"), dir.resolve("ty.npy"), 8, 3, 6);
        DataConfig data = DataConfig.of(NumpyConfig.npy(dir.resolve("x.npy").toString(), dir.resolve("y.npy").toString())
                .withTest(dir.resolve("tx.npy").toString(), dir.resolve("ty.npy").toString())).withValidation(6);
        Path judge = classifier(dir, data);
        assertScores(judged(dir, data, GanConfig.of("mlp").withHidden(32).withLatent(8), judge));
    }

    @Test
    void aClassifierOnOtherFilesIsRefused(@TempDir Path dir) {
        labelledFolder(dir.resolve("train"), 10, false, 1);
        labelledFolder(dir.resolve("test"), 4, false, 2);
        labelledFolder(dir.resolve("other"), 10, false, 5);
        Path judge = classifier(dir, DataConfig.of(ImagesConfig.of(dir.resolve("other").toString(), 1)
                .withTestPath(dir.resolve("test").toString())));
        ConfigException e = assertThrows(ConfigException.class,
                () -> judged(dir, data(dir, 1), GanConfig.of("mlp").withHidden(16).withLatent(4), judge));
        assertTrue(e.getMessage().startsWith("model.judge.classifier_run: ") && e.getMessage().contains("other")
                && e.getMessage().contains(dir.resolve("train").toString()), e.getMessage());
        assertTrue(!Files.exists(dir.resolve("runs/gan")), "nothing written for the refused GAN run");
    }

    @Test
    void theSameFolderSpeltOtherwiseAndWithoutItsTestFolderIsTheSameDataSet(@TempDir Path dir) {
        labelledFolder(dir.resolve("train"), 2, false, 1);
        DataConfig judged = data(dir, 1);
        DataConfig spelt = DataConfig.of(ImagesConfig.of(dir.resolve("x/../train/.").toString(), 1));
        assertTrue(judged.sameData(spelt) && spelt.sameData(judged));
        assertTrue(!judged.sameData(DataConfig.of(ImagesConfig.of(dir.resolve("train").toString(), 3))), "read in colour: other examples");
        assertTrue(!judged.sameData(DataConfig.of(ImagesConfig.of(dir.resolve("train").toString(), 1).withSize(4, 4, "resize"))));
    }
}
