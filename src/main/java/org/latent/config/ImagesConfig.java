package org.latent.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.latent.data.ImageOptions;

/**
 * {@code "dataset": "images"}: a folder of PNG, JPEG, BMP or GIF images in torchvision's
 * ImageFolder convention (one sub-folder per class, or a flat folder without labels), read by
 * {@link org.latent.data.ImageFolder}.
 *
 * <ul>
 * <li>{@code path}: the training folder; {@code test_path} (optional): a separate test folder with
 *     the same class folders (or flat, as the training folder is).</li>
 * <li>{@code channels}: 1 (greyscale; colour images become luminance) or 3 (RGB; grey images are
 *     repeated in the three planes).</li>
 * <li>{@code height}, {@code width}, {@code fit}: the size examples are brought to: {@code none}
 *     (no size: every image must have the first one's), {@code resize}, {@code center_crop},
 *     {@code resize_center_crop} (the largest centred window of the target's aspect ratio, resized).</li>
 * </ul>
 */
public record ImagesConfig(String path, String testPath, int channels, int height, int width, String fit)
        implements FilesConfig {
    public static final List<String> FITS = List.of("none", "resize", "center_crop", "resize_center_crop");

    public ImagesConfig {
        if (path == null || path.isBlank()) throw new ConfigException("data.path: required: the folder of images");
        if (testPath != null && testPath.isBlank()) throw new ConfigException("data.test_path: \"\" must name a folder");
        if (channels != 1 && channels != 3) {
            throw new ConfigException("data.channels: " + channels + " must be 1 (greyscale) or 3 (RGB)");
        }
        fit = Check.oneOf("data.fit", fit, FITS);
        if (fit.equals("none")) {
            if (height != 0 || width != 0) {
                throw new ConfigException("data.height, data.width: a size (" + height + " x " + width
                        + ") needs a fit: \"fit\": \"resize\", \"center_crop\" or \"resize_center_crop\"");
            }
        } else {
            Check.positive("data.height", height);
            Check.positive("data.width", width);
        }
    }

    /** The images at their own size (all the same) with {@code channels} 1 or 3. */
    public static ImagesConfig of(String folder, int channels) {
        return new ImagesConfig(folder, null, channels, 0, 0, "none");
    }

    /** Every image brought to height x width by {@code fit} ("resize", "center_crop", "resize_center_crop"). */
    public ImagesConfig withSize(int h, int w, String f) {
        return new ImagesConfig(path, testPath, channels, h, w, f);
    }

    /** A separate folder of test images. */
    public ImagesConfig withTestPath(String folder) {
        return new ImagesConfig(path, folder, channels, height, width, fit);
    }

    @Override
    public String dataset() {
        return "images";
    }

    /** {@code fit} as the reader's enum. */
    public ImageOptions.Fit fitMode() {
        return ImageOptions.Fit.valueOf(fit.toUpperCase(Locale.ROOT));
    }

    /** The reader's options, with pixels scaled by {@code scale}. */
    public ImageOptions options(org.latent.data.PixelScale scale) {
        ImageOptions o = ImageOptions.of(channels, scale);
        return fit.equals("none") ? o : o.withSize(height, width, fitMode());
    }

    static ImagesConfig parse(ConfigObject o) {
        if (!o.has("path")) throw new ConfigException(o.where("path") + ": required key is missing (the folder of images)");
        if (!o.has("channels")) {
            throw new ConfigException(o.where("channels") + ": required key is missing: 1 (greyscale) or 3 (RGB)");
        }
        return new ImagesConfig(o.requiredString("path"), o.string("test_path", null), o.integer("channels", 0),
                o.integer("height", 0), o.integer("width", 0), o.string("fit", "none"));
    }

    @Override
    public void putJson(Map<String, Object> m) {
        m.put("path", path);
        if (testPath != null) m.put("test_path", testPath);
        m.put("channels", channels);
        if (!fit.equals("none")) {
            m.put("height", height);
            m.put("width", width);
        }
        m.put("fit", fit);
    }

    @Override
    public boolean sameReading(FilesConfig other) {
        return other instanceof ImagesConfig o && channels == o.channels && height == o.height && width == o.width
                && fit.equals(o.fit);
    }
}
