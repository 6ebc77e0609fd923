package org.latent.data;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Brendan Frey's face images from {@code frey_rawface.mat}: variable {@code ff}, uint8, 560 x 1965.
 * Column i is face i, and its 560 values are the 28 x 20 image row by row (rows 20 pixels wide),
 * as in the usual {@code ff.T.reshape(-1, 28, 20)}.
 */
public final class FreyFaces {
    public static final int HEIGHT = 28;
    public static final int WIDTH = 20;

    private FreyFaces() {}

    /** All faces, shape [1, 28, 20] each, unlabelled. */
    public static Dataset load(Path matFile, PixelScale scale) {
        MatArray ff = MatReader.read(matFile, "ff");
        int pixels = HEIGHT * WIDTH;
        if (ff.matClass() != MatClass.UINT8 || ff.dims().length != 2 || ff.dim(0) != pixels) {
            throw new DataException(matFile + ": variable 'ff' should be uint8 of dims [" + pixels + ", n], found "
                    + ff.matClass() + " " + Arrays.toString(ff.dims()));
        }
        // Column-major storage puts face i's pixels at [i * 560, (i + 1) * 560): the faces are the rows.
        byte[] bytes = new byte[ff.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ff.get(i);
        }
        return Dataset.fromBytes("frey", bytes, null, scale, 1, HEIGHT, WIDTH);
    }
}
