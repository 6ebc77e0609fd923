package org.latent.data;

/**
 * How {@link ImageFolder} turns image files into examples of shape [channels, height, width].
 *
 * @param channels 1 (greyscale; colour images become luminance) or 3 (RGB; greyscale images are
 *     repeated into the three planes)
 * @param height the target height, 0 with {@link Fit#NONE} (the images' own size)
 * @param width the target width, 0 with {@link Fit#NONE}
 * @param fit how images are brought to the target size
 * @param scale how 8-bit pixel values become floats, as for the IDX data sets
 */
public record ImageOptions(int channels, int height, int width, Fit fit, PixelScale scale) {
    /** How images reach the target size. */
    public enum Fit {
        /** No resizing: every image must have the first image's size. */
        NONE,
        /** Resized to exactly height x width; the aspect ratio is not kept. */
        RESIZE,
        /** The centred height x width window, unscaled; an image smaller than that is an error. */
        CENTER_CROP,
        /**
         * The largest centred window with the target's aspect ratio, resized to height x width:
         * torchvision's {@code Resize(min side)} then {@code CenterCrop}, without rounding the
         * intermediate size.
         */
        RESIZE_CENTER_CROP
    }

    public ImageOptions {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 (greyscale) or 3 (RGB), not " + channels);
        }
        if (fit == null || scale == null) {
            throw new IllegalArgumentException("fit and scale must be given");
        }
        if (fit == Fit.NONE ? height != 0 || width != 0 : height <= 0 || width <= 0) {
            throw new IllegalArgumentException(fit == Fit.NONE
                    ? "a target size (" + height + " x " + width + ") needs a fit other than NONE"
                    : "fit " + fit + " needs a positive height and width, not " + height + " x " + width);
        }
    }

    /** Images at their own size (all the same), {@code channels} planes, scaled by {@code scale}. */
    public static ImageOptions of(int channels, PixelScale scale) {
        return new ImageOptions(channels, 0, 0, Fit.NONE, scale);
    }

    /** The same options, bringing every image to {@code height} x {@code width} by {@code fit}. */
    public ImageOptions withSize(int height, int width, Fit fit) {
        return new ImageOptions(channels, height, width, fit, scale);
    }
}
