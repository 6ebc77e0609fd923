package org.latent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latent.config.ConfigFiles;
import org.latent.config.DataConfig;
import org.latent.config.ImagesConfig;
import org.latent.config.RunConfig;
import org.latent.config.TrainingConfig;
import org.latent.config.VaeConfig;
import org.latent.data.DataStore;
import org.latent.data.IdxReader;
import org.latent.data.ImageFolderFixtures;
import org.latent.io.Json;
import org.latent.io.SafeTensors;
import org.latent.runs.RunFolder;

/**
 * Runs on one's own image folders: MNIST written out as PNGs trains to the same losses, bit for bit,
 * as the IDX files; the two example configs for one's own folders train on small folders made here.
 */
class OwnDataRunTest {
    /** LATENT_DATA when set, else the shared copies beside the repository; null without MNIST there. */
    private static Path mnistData() {
        String env = System.getenv(DataStore.ENV);
        Path base = env != null && !env.isBlank() ? Path.of(env) : Path.of("../shared/data");
        for (Path p : List.of(base.resolve("mnist"), base)) {
            if (Files.isRegularFile(p.resolve("train-images-idx3-ubyte.gz"))) return base;
        }
        return null;
    }

    @Test
    void mnistAsAPngFolderTrainsLikeTheIdxFiles(@TempDir Path dir) throws IOException {
        Path data = mnistData();
        assumeTrue(data != null, "no MNIST copy in LATENT_DATA or ../shared/data: skipping the PNG-folder comparison");
        int limit = 300, validation = 100, side = 28, pixels = side * side;
        DataStore store = DataStore.localFolder(data);
        byte[] train = IdxReader.read(store.file("mnist", "train-images-idx3-ubyte.gz")).unsignedBytes();
        byte[] test = IdxReader.read(store.file("mnist", "t10k-images-idx3-ubyte.gz")).unsignedBytes();
        // The IDX run trains on the first `limit` images and validates on the last `validation` of the
        // 60,000; the folder holds exactly those, in that order, so the same settings cut it the same way.
        int n = train.length / pixels;
        byte[] folderImages = new byte[(limit + validation) * pixels];
        System.arraycopy(train, 0, folderImages, 0, limit * pixels);
        System.arraycopy(train, (n - validation) * pixels, folderImages, limit * pixels, validation * pixels);
        Path trainFolder = ImageFolderFixtures.writePngFolder(dir.resolve("mnist-png/train"), folderImages, null, side, side);
        // All 10,000 test images; the limit takes the first 300, as it does of t10k.
        Path testFolder = ImageFolderFixtures.writePngFolder(dir.resolve("mnist-png/test"), test, null, side, side);

        VaeConfig vae = VaeConfig.of(2).withEncoder(64);
        TrainingConfig training = TrainingConfig.of(50, 2).withLogEvery(3);
        RunConfig idx = RunConfig.builder("idx").seed(7).device("cpu")
                .data(DataConfig.of("mnist").withValidation(validation).withLimit(limit))
                .model(vae).training(training).build();
        RunConfig png = RunConfig.builder("png").seed(7).device("cpu")
                .data(DataConfig.of(ImagesConfig.of(trainFolder.toString(), 1).withTestPath(testFolder.toString()))
                        .withValidation(validation).withLimit(limit))
                .model(vae).training(training).build();
        Trainer.Run a = new Trainer(idx).dataFolder(data).output(dir.resolve("runs")).fit();
        Trainer.Run b = new Trainer(png).output(dir.resolve("runs")).fit();
        assertEquals(2, a.epochs().size());
        for (int e = 0; e < 2; e++) {
            EpochMetrics x = a.epochs().get(e), y = b.epochs().get(e);
            assertEquals(x.trainLoss(), y.trainLoss(), "epoch " + (e + 1) + " training loss, bit for bit");
            assertEquals(x.validationLoss(), y.validationLoss(), "validation loss");
            assertEquals(x.testLoss(), y.testLoss(), "test loss");
        }
        assertTrue(Double.isFinite(a.epochs().get(1).testLoss()));
        Map<String, SafeTensors.Tensor> wa = SafeTensors.read(a.folder().resolve(RunFolder.CHECKPOINT)).tensors();
        Map<String, SafeTensors.Tensor> wb = SafeTensors.read(b.folder().resolve(RunFolder.CHECKPOINT)).tensors();
        assertEquals(wa.keySet(), wb.keySet());
        for (String k : wa.keySet()) assertArrayEquals(wa.get(k).data(), wb.get(k).data(), k + " is the same after training");
    }

    /** Mixed-size colour images (PNG and JPEG) with colour gradients, flat in {@code folder}. */
    private static Path colourFolder(Path folder, int count) {
        for (int i = 0; i < count; i++) {
            int w = i % 2 == 0 ? 40 : 36, h = i % 2 == 0 ? 36 : 44;
            int[] rgb = new int[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) rgb[y * w + x] = (x * 255 / w) << 16 | (y * 255 / h) << 8 | (i * 23 % 256);
            }
            String format = i % 3 == 2 ? "jpeg" : "png";
            ImageFolderFixtures.write(ImageFolderFixtures.rgb(w, h, rgb), format,
                    folder.resolve(String.format("img%02d.%s", i, format.equals("jpeg") ? "jpg" : "png")));
        }
        return folder;
    }

    /** The example config with its data.path pointing at {@code folder} (and with {@code side} > 0, images of that side). */
    private static RunConfig example(String name, Path folder, int side) throws IOException {
        Map<String, Object> json = Json.parseObject(Files.readString(Path.of("examples", name + ".json")), name);
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) json.get("data");
        data.put("path", folder.toString());
        if (side > 0) {
            data.put("height", side);
            data.put("width", side);
        }
        RunConfig c = RunConfig.fromJson(json, name);
        assertTrue(c.description().contains("data.path"), name + " says how to point it at one's own folder");
        return c;
    }

    @Test
    void convVaeExampleTrainsOnAnImageFolder(@TempDir Path dir) throws IOException {
        RunConfig c = example("own-conv-vae-images", colourFolder(dir.resolve("photos"), 10), 0);
        assertEquals(ConfigFiles.read(Path.of("examples/own-conv-vae-images.json")).model(), c.model());
        Trainer.Run r = new Trainer(c.withTraining(c.training().withEpochs(2))).device("cpu").output(dir.resolve("runs")).fit();
        assertTrue(r.complete());
        assertEquals("complete", r.summary().get("status"));
        assertTrue(Double.isFinite(r.epochs().get(1).trainLoss()));
        BufferedImage samples = ImageIO.read(r.folder().resolve("samples.png").toFile());
        assertEquals(1, samples.getRaster().getNumBands(), "greyscale images give a grey sample grid");
        assertTrue(Files.size(r.folder().resolve("reconstructions.png")) > 0);
    }

    @Test
    void dcganExampleTrainsOnAnRgbFolderAndDrawsColourSamples(@TempDir Path dir) throws IOException {
        // 8 x 8 instead of the example's 32 x 32: the monitor and the figures decode 300 images
        // through the 128-channel generator, which at 32 x 32 takes most of a minute on two cores.
        RunConfig c = example("own-dcgan-rgb", colourFolder(dir.resolve("rgb"), 8), 8);
        assertEquals(32, ((ImagesConfig) ConfigFiles.read(Path.of("examples/own-dcgan-rgb.json")).data().files()).height());
        Trainer.Run r = new Trainer(c.withTraining(c.training().withEpochs(2))).device("cpu").output(dir.resolve("runs")).fit();
        assertTrue(r.complete());
        assertTrue(Double.isFinite(r.epochs().get(1).trainLoss()));
        BufferedImage samples = ImageIO.read(r.folder().resolve("samples-epoch-002.png").toFile());
        assertEquals(3, samples.getRaster().getNumBands(), "an RGB sample grid");
        boolean colour = false;
        for (int y = 0; y < samples.getHeight() && !colour; y++) {
            for (int x = 0; x < samples.getWidth() && !colour; x++) {
                int p = samples.getRGB(x, y);
                colour = (p >> 16 & 0xff) != (p & 0xff);
            }
        }
        assertTrue(colour, "the generator's three channels differ");
        assertArrayEquals(new int[] {3, 8, 8}, org.latent.rundata.RunData.exampleShape(c.data()));
    }
}
