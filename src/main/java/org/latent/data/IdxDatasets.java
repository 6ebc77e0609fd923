package org.latent.data;

import java.nio.file.Path;
import java.util.Arrays;

/** Labelled image sets from a pair of IDX files, as MNIST and Fashion-MNIST ship them. */
public final class IdxDatasets {
    private IdxDatasets() {}

    /**
     * Images from an unsigned-byte IDX file [n, h, w] (shape [1, h, w] per example) and labels from
     * an unsigned-byte IDX file [n].
     */
    public static Dataset load(String name, Path images, Path labels, PixelScale scale) {
        IdxArray x = IdxReader.read(images);
        IdxArray y = IdxReader.read(labels);
        requireUnsignedBytes(images, x, 3);
        requireUnsignedBytes(labels, y, 1);
        if (x.dim(0) != y.dim(0)) {
            throw new DataException("data set " + name + ": the image file " + images + " holds " + x.dim(0)
                    + " images but the label file " + labels + " holds " + y.dim(0) + " labels");
        }
        byte[] labelBytes = y.unsignedBytes();
        int[] l = new int[labelBytes.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = labelBytes[i] & 0xff;
        }
        return Dataset.fromBytes(name, x.unsignedBytes(), l, scale, 1, x.dim(1), x.dim(2));
    }

    private static void requireUnsignedBytes(Path file, IdxArray a, int rank) {
        if (a.type() != IdxType.UBYTE || a.rank() != rank) {
            throw DataException.at(file, 2, "expected unsigned bytes of rank " + rank + ", found " + a.type()
                    + " of dims " + Arrays.toString(a.dims()));
        }
    }
}
