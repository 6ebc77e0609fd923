package org.latent.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Augmentation of the training images, drawn anew every step from the run's Philox stream
 * 12 << 32 (so a seeded run repeats it bit for bit, and a resumed run continues it): {@code flip},
 * a horizontal flip of each image with probability 1/2; {@code cropPadding} P > 0, a random crop
 * of each image padded with P zeros on every side back to its own size (torchvision's
 * {@code RandomCrop(size, padding=P)}). The crop comes first, then the flip. Validation and test
 * images are never augmented.
 */
public record AugmentConfig(boolean flip, int cropPadding) {
    /** The largest padding accepted. */
    public static final int MAX_PADDING = 1024;

    public AugmentConfig {
        Check.range("data.augment.crop_padding", cropPadding, 0, MAX_PADDING);
        if (!flip && cropPadding == 0) {
            throw new ConfigException("data.augment: flip is false and crop_padding 0, so nothing would change;"
                    + " set \"flip\": true and/or \"crop_padding\": P, or leave augment out");
        }
    }

    /** Horizontal flips only. */
    public static AugmentConfig flips() {
        return new AugmentConfig(true, 0);
    }

    /** Random crops of images padded with {@code padding} zeros, no flips. */
    public static AugmentConfig crops(int padding) {
        return new AugmentConfig(false, padding);
    }

    public AugmentConfig withFlip(boolean f) { return new AugmentConfig(f, cropPadding); }
    public AugmentConfig withCropPadding(int p) { return new AugmentConfig(flip, p); }

    static AugmentConfig parse(ConfigObject o) {
        o.allowOnly("flip", "crop_padding");
        return new AugmentConfig(o.bool("flip", false), o.integer("crop_padding", 0));
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("flip", flip);
        m.put("crop_padding", cropPadding);
        return m;
    }
}
