package org.latent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.latent.data.ImageOptions;
import org.latent.data.PixelScale;
import org.latent.io.Json;

/** data.dataset "images" and "numpy": parsing, the Java builders, resolved JSON and every refusal. */
class OwnDataConfigTest {
    private static RunConfig parse(String data) {
        return RunConfig.fromJson(Json.parseObject("""
                {"name": "own", "data": %s, "model": {"family": "vae", "latent": 2}, "training": {"epochs": 1}}
                """.formatted(data), "own.json"), "own");
    }

    private static String error(String data) {
        return assertThrows(ConfigException.class, () -> parse(data)).getMessage();
    }

    private static void assertMessage(String message, String... parts) {
        for (String p : parts) assertTrue(message.contains(p), () -> "message lacks '" + p + "': " + message);
    }

    @Test
    void imagesConfigParsesToTheBuildersConfigAndReadsBackEqual() {
        DataConfig parsed = parse("""
                {"dataset": "images", "path": "faces/train", "test_path": "faces/test", "channels": 3,
                 "height": 64, "width": 48, "fit": "resize_center_crop", "validation": 100, "limit": 500, "scale": "symmetric"}
                """).data();
        DataConfig built = DataConfig.of(ImagesConfig.of("faces/train", 3).withSize(64, 48, "resize_center_crop")
                .withTestPath("faces/test")).withValidation(100).withLimit(500).withScale("symmetric");
        assertEquals(built, parsed);
        assertEquals(DataSource.IMAGES, parsed.source());
        assertTrue(parsed.source().own());
        ImagesConfig ic = (ImagesConfig) parsed.files();
        assertEquals(ImageOptions.Fit.RESIZE_CENTER_CROP, ic.fitMode());
        assertEquals(new ImageOptions(3, 64, 48, ImageOptions.Fit.RESIZE_CENTER_CROP, PixelScale.SYMMETRIC),
                ic.options(parsed.pixelScale()));
        RunConfig whole = RunConfig.builder("own").data(built).model(VaeConfig.of(2)).training(TrainingConfig.of(100, 1)).build();
        Map<String, Object> json = Json.parseObject(Json.pretty(whole.toJson()), "resolved");
        assertEquals(whole, RunConfig.fromJson(json, "other"), "the resolved config reads back equal");
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) json.get("data");
        assertEquals("faces/train", data.get("path"));
        assertEquals("resize_center_crop", data.get("fit"));
    }

    @Test
    void imagesDefaults() {
        DataConfig d = parse("""
                {"dataset": "images", "path": "digits", "channels": 1}
                """).data();
        assertEquals(DataConfig.of(ImagesConfig.of("digits", 1)), d);
        assertEquals(0, d.validation(), "no validation split unless asked");
        assertEquals(0, d.test());
        assertEquals("unit", d.scale());
        assertEquals(ImageOptions.of(1, PixelScale.UNIT), ((ImagesConfig) d.files()).options(PixelScale.UNIT));
    }

    @Test
    void imagesKeysAreChecked() {
        assertMessage(error("""
                {"dataset": "images", "path": "d"}"""), "data.channels", "required", "1 (greyscale) or 3 (RGB)");
        assertMessage(error("""
                {"dataset": "images", "channels": 3}"""), "data.path", "required");
        assertMessage(error("""
                {"dataset": "images", "path": "d", "channels": 2}"""), "data.channels", "2 must be 1 (greyscale) or 3 (RGB)");
        assertMessage(error("""
                {"dataset": "images", "path": "d", "channels": 1, "height": 32, "width": 32}"""), "data.height", "needs a fit");
        assertMessage(error("""
                {"dataset": "images", "path": "d", "channels": 1, "fit": "resize"}"""), "data.height", "must be a positive");
        assertMessage(error("""
                {"dataset": "images", "path": "d", "channels": 1, "height": 8, "width": 8, "fit": "resise"}"""), "data.fit",
                "\"resise\" is not one of none, resize, center_crop, resize_center_crop", "did you mean \"resize\"");
        assertMessage(error("""
                {"dataset": "images", "path": "d", "channels": 1, "folder": "x"}"""), "data.folder", "unknown key",
                "Valid keys in data: dataset, path, test_path, channels, height, width, fit");
        assertMessage(error("""
                {"dataset": "images", "path": "d", "channels": 1, "labels": "y.npy"}"""), "data.labels", "unknown key");
        assertMessage(error("""
                {"dataset": "images", "path": "d", "channels": 1, "test_path": "t", "test": 10}"""), "data.test",
                "give one or the other");
        assertMessage(error("""
                {"dataset": "images", "path": 3, "channels": 1}"""), "data.path", "expected a string");
        assertMessage(error("""
                {"dataset": "mnist", "path": "d"}"""), "data.path", "unknown key");
        assertMessage(assertThrows(ConfigException.class, () -> DataConfig.of("images")).getMessage(),
                "ImagesConfig.of(folder, channels)");
    }

    @Test
    void numpyConfigParsesToTheBuildersConfig() {
        DataConfig npy = parse("""
                {"dataset": "numpy", "path": "x.npy", "labels": "y.npy", "test_path": "tx.npy", "test_labels": "ty.npy",
                 "validation": 10}""").data();
        assertEquals(DataConfig.of(NumpyConfig.npy("x.npy", "y.npy").withTest("tx.npy", "ty.npy")).withValidation(10), npy);
        DataConfig npz = parse("""
                {"dataset": "numpy", "path": "d.NPZ", "images_member": "images", "labels_member": "classes", "test": 5}""").data();
        assertEquals(DataConfig.of(NumpyConfig.npz("d.NPZ").withMembers("images", "classes")).withTest(5), npz);
        assertNull(npz.files().testPath());
        RunConfig whole = RunConfig.builder("np").data(npz).model(VaeConfig.of(2)).training(TrainingConfig.of(10, 1)).build();
        assertEquals(whole, RunConfig.fromJson(Json.parseObject(Json.pretty(whole.toJson()), "resolved"), "x"));
    }

    @Test
    void numpyKeysAreChecked() {
        assertMessage(error("""
                {"dataset": "numpy", "path": "x.csv"}"""), "data.path", "\"x.csv\" must be a .npy or .npz file");
        assertMessage(error("""
                {"dataset": "numpy", "path": "d.npz", "labels": "y.npy"}"""), "data.labels", "labels_member");
        assertMessage(error("""
                {"dataset": "numpy", "path": "x.npy", "labels": "y.npz"}"""), "data.labels", "must be a .npy file");
        assertMessage(error("""
                {"dataset": "numpy", "path": "x.npy", "images_member": "x"}"""), "data.images_member", "for .npz archives");
        assertMessage(error("""
                {"dataset": "numpy", "path": "x.npy", "test_labels": "ty.npy"}"""), "data.test_labels", "needs \"test_path\"");
        assertMessage(error("""
                {"dataset": "numpy", "path": "x.npy", "channels": 3}"""), "data.channels", "unknown key",
                "Valid keys in data: dataset, path, labels, images_member, labels_member, test_path, test_labels");
        assertMessage(error("""
                {"dataset": "numpy"}"""), "data.path", "required");
    }

    @Test
    void onlyOwnDataAndFreyHoldOutATestSet() {
        assertMessage(assertThrows(ConfigException.class, () -> DataConfig.of("mnist").withTest(5)).getMessage(), "data.test",
                "mnist has its own");
        assertEquals(7, DataConfig.of(NumpyConfig.npy("x.npy", null)).withTest(7).test());
    }

    @Test
    void sameDataComparesTheFiles() {
        DataConfig a = DataConfig.of(ImagesConfig.of("a", 1)), b = DataConfig.of(ImagesConfig.of("b", 1));
        assertTrue(a.sameData(a.withValidation(3)));
        assertTrue(!a.sameData(b));
        assertTrue(DataConfig.of("mnist").sameData(DataConfig.of("mnist").withLimit(10)));
    }
}
