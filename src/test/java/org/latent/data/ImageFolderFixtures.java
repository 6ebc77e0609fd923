package org.latent.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Image files and folders for tests, written with ImageIO. Public so that tests in other packages
 * can write a data set (MNIST, say) out as a PNG folder.
 */
public final class ImageFolderFixtures {
    private ImageFolderFixtures() {}

    /**
     * Writes n greyscale images of height x width from {@code pixels} (n x h x w bytes, row-major,
     * as IDX holds them) as 8-bit PNGs named {@code 000000.png}, ... by index. Without labels they
     * go straight into {@code dir} (a flat folder, loaded in index order); with labels into class
     * folders named by the label, zero-padded so that sorted order is numeric order (loaded class
     * by class, by index within a class).
     *
     * @return {@code dir}
     */
    public static Path writePngFolder(Path dir, byte[] pixels, int[] labels, int height, int width) {
        int n = pixels.length / (height * width);
        int maxLabel = 0;
        for (int i = 0; labels != null && i < n; i++) {
            maxLabel = Math.max(maxLabel, labels[i]);
        }
        String classFormat = "%0" + String.valueOf(maxLabel).length() + "d";
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
            img.getRaster().setDataElements(0, 0, width, height,
                    java.util.Arrays.copyOfRange(pixels, i * height * width, (i + 1) * height * width));
            Path folder = labels == null ? dir : dir.resolve(String.format(classFormat, labels[i]));
            write(img, "png", folder.resolve(String.format("%06d.png", i)));
        }
        return dir;
    }

    /** Writes {@code img} in {@code format} ("png", "bmp", "gif", "jpeg") to {@code file}, creating folders. */
    public static Path write(BufferedImage img, String format, Path file) {
        try {
            Files.createDirectories(file.getParent());
            if (!ImageIO.write(img, format, file.toFile())) {
                throw new IllegalStateException("no ImageIO writer for " + format + " and image type " + img.getType());
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A greyscale image with the given bytes, row-major. */
    public static BufferedImage grey(int width, int height, byte[] values) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setDataElements(0, 0, width, height, values);
        return img;
    }

    /** An RGB image with the given 0xRRGGBB values, row-major. */
    public static BufferedImage rgb(int width, int height, int[] rgb) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, width, height, rgb, 0, width);
        return img;
    }
}
