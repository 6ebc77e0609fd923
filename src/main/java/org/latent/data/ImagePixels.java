package org.latent.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * A decoded image as 8-bit channel planes (row-major, one byte per pixel, read as {@code b & 0xff}).
 * Alpha is dropped (as PIL's {@code convert('RGB')} does); 16-bit samples are rounded to 8 bits.
 */
final class ImagePixels {
    private ImagePixels() {}

    /**
     * {@code channels} planes of {@code img}: for 1, greyscale samples as stored or the luminance of
     * colour pixels (ITU-R 601-2, as PIL's {@code convert('L')}: (19595 R + 38470 G + 7471 B + 2^15)
     * >> 16); for 3, R, G and B, a greyscale image repeated in each.
     */
    static byte[][] planes(BufferedImage img, int channels) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[][] out = new byte[channels][w * h];
        int[] row = new int[w];
        if (isStoredGrey(img.getColorModel(), img.getRaster())) {
            // Read the samples, not getRGB: Java's grey colour space is linear, so getRGB would
            // apply a gamma curve and change every value.
            Raster raster = img.getRaster();
            int max = (1 << img.getColorModel().getComponentSize(0)) - 1;
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    byte v = (byte) (max == 255 ? row[x] : (row[x] * 255 + max / 2) / max);
                    for (byte[] plane : out) {
                        plane[y * w + x] = v;
                    }
                }
            }
            return out;
        }
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int r = row[x] >> 16 & 0xff;
                int g = row[x] >> 8 & 0xff;
                int b = row[x] & 0xff;
                if (channels == 1) {
                    out[0][y * w + x] = (byte) ((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16);
                } else {
                    out[0][y * w + x] = (byte) r;
                    out[1][y * w + x] = (byte) g;
                    out[2][y * w + x] = (byte) b;
                }
            }
        }
        return out;
    }

    /** Grey samples of at most 16 bits stored directly (not through a palette). */
    private static boolean isStoredGrey(ColorModel cm, Raster raster) {
        int type = raster.getDataBuffer().getDataType();
        return cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY && !(cm instanceof IndexColorModel)
                && cm.getComponentSize(0) <= 16
                && (type == DataBuffer.TYPE_BYTE || type == DataBuffer.TYPE_USHORT || type == DataBuffer.TYPE_INT);
    }
}
