package org.latent.data;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Data sets from NumPy arrays: images in one {@code .npy} file (labels optionally in another), or
 * images and labels as two members of one {@code .npz} archive.
 *
 * <p>Images are uint8 or float32 of shape {@code (n, d)} (flat vectors, example shape [d]),
 * {@code (n, h, w)} (one channel, [1, h, w]) or {@code (n, c, h, w)} (NCHW, [c, h, w]); a
 * channels-last {@code (n, h, w, 1 or 3)} array is refused with the transpose to apply. uint8
 * pixels are scaled by the {@link PixelScale} exactly as the IDX data sets are; float32 values
 * are used as they are (they must be finite). Labels are uint8, int32 or int64 of shape
 * {@code (n,)} or {@code (n, 1)}, class indices of at least 0.
 *
 * <p>The headers are read and checked first, then the heap ({@link MemoryEstimate}), then the data.
 */
public final class NumpyDatasets {
    /** The images member of an .npz when none is named: the first of these present. */
    public static final List<String> DEFAULT_IMAGE_MEMBERS = List.of("x", "images");
    /** The labels member of an .npz when none is named: the first of these present, else no labels. */
    public static final List<String> DEFAULT_LABEL_MEMBERS = List.of("y", "labels");

    private static final NpyDtype[] IMAGE_TYPES = {NpyDtype.UINT8, NpyDtype.FLOAT32};
    private static final NpyDtype[] LABEL_TYPES = {NpyDtype.UINT8, NpyDtype.INT32, NpyDtype.INT64};

    private NumpyDatasets() {}

    /** Images from the {@code .npy} file {@code images}, labels from {@code labels} (null: unlabelled). */
    public static Dataset loadNpy(String name, Path images, Path labels, PixelScale scale) {
        return load(name, npyPlan(images, labels), scale);
    }

    /**
     * Images and labels from two members of {@code npz}.
     *
     * @param imagesMember the images member, with or without {@code .npy}; null for the first of
     *     {@link #DEFAULT_IMAGE_MEMBERS}
     * @param labelsMember the labels member; null for the first of {@link #DEFAULT_LABEL_MEMBERS}
     *     present, or none
     */
    public static Dataset loadNpz(String name, Path npz, String imagesMember, String labelsMember, PixelScale scale) {
        return load(name, npzPlan(npz, imagesMember, labelsMember), scale);
    }

    /** The bytes {@link #loadNpy} will hold, from the headers alone. */
    public static long estimateNpyBytes(Path images, Path labels) {
        return npyPlan(images, labels).bytes();
    }

    /** The bytes {@link #loadNpz} will hold, from the headers alone. */
    public static long estimateNpzBytes(Path npz, String imagesMember, String labelsMember) {
        return npzPlan(npz, imagesMember, labelsMember).bytes();
    }

    /**
     * What the headers say a data set holds, before any data is read: the number of examples, the
     * shape of one example, whether it has labels, and the bytes loading it will hold.
     */
    public record Contents(int examples, int[] exampleShape, boolean labelled, long bytes) {
        public Contents {
            exampleShape = exampleShape.clone();
        }

        @Override
        public int[] exampleShape() {
            return exampleShape.clone();
        }
    }

    /** The contents of the {@code .npy} images (and labels, null: none), from the headers alone. */
    public static Contents inspectNpy(Path images, Path labels) {
        return npyPlan(images, labels).contents();
    }

    /** The contents of an {@code .npz}'s members (null: the defaults), from the headers alone. */
    public static Contents inspectNpz(Path npz, String imagesMember, String labelsMember) {
        return npzPlan(npz, imagesMember, labelsMember).contents();
    }

    /** One array to read: where it is (for messages), its header, and how to read it. */
    private record Part(String source, NpyHeader header, Supplier<NpyArray> reader) {}

    /** Checked headers: everything known before reading data. */
    private record Plan(Part images, Part labels, int examples, int[] exampleShape) {
        long bytes() {
            long d = 1;
            for (int s : exampleShape) {
                d *= s;
            }
            return MemoryEstimate.floatDatasetBytes(examples, d, labels != null);
        }

        Contents contents() {
            return new Contents(examples, exampleShape, labels != null, bytes());
        }
    }

    private static Plan npyPlan(Path images, Path labels) {
        Part x = new Part(images.toString(), NpyReader.readHeader(images), () -> NpyReader.read(images));
        Part y = labels == null ? null
                : new Part(labels.toString(), NpyReader.readHeader(labels), () -> NpyReader.read(labels));
        return plan(x, y);
    }

    private static Plan npzPlan(Path npz, String imagesMember, String labelsMember) {
        List<String> members = NpzReader.members(npz);
        String xName = member(npz, members, imagesMember, DEFAULT_IMAGE_MEMBERS, "images");
        String yName = member(npz, members, labelsMember, DEFAULT_LABEL_MEMBERS, null);
        Part x = npzPart(npz, xName);
        return plan(x, yName == null ? null : npzPart(npz, yName));
    }

    private static Part npzPart(Path npz, String member) {
        return new Part(npz + ", member '" + member + "'", NpzReader.readHeader(npz, member),
                () -> NpzReader.read(npz, member));
    }

    /** The stored name of the member to read; null when there is none and {@code role} is null (optional). */
    private static String member(Path npz, List<String> members, String requested, List<String> defaults, String role) {
        if (requested != null) {
            for (String m : List.of(requested, requested + ".npy")) {
                if (members.contains(m)) {
                    return m;
                }
            }
            return requested;  // NpzReader says it is missing and lists what is there
        }
        for (String d : defaults) {
            for (String m : List.of(d, d + ".npy")) {
                if (members.contains(m)) {
                    return m;
                }
            }
        }
        if (role == null) {
            return null;
        }
        throw new DataException(npz + ": no " + role + " member: none was named and none of the default names '"
                + String.join("', '", defaults) + "' is present; the archive holds "
                + (members.isEmpty() ? "no members" : "'" + String.join("', '", members) + "'"));
    }

    private static Plan plan(Part x, Part y) {
        NpyHeader h = x.header();
        int[] s = h.shape();
        requireType(x, "images", IMAGE_TYPES);
        int[] example = switch (s.length) {
            case 2 -> new int[] {s[1]};
            case 3 -> new int[] {1, s[1], s[2]};
            case 4 -> new int[] {s[1], s[2], s[3]};
            default -> throw new DataException(x.source() + ": images must have shape (n, d), (n, h, w) or"
                    + " (n, c, h, w); found " + NpyHeader.shapeText(s));
        };
        if (s.length == 4 && s[1] != 1 && s[1] != 3 && (s[3] == 1 || s[3] == 3)) {
            throw new DataException(x.source() + ": images of shape " + NpyHeader.shapeText(s) + " look channels-last"
                    + " (n, h, w, c); they must be channels-first (n, c, h, w): save x.transpose(0, 3, 1, 2)");
        }
        for (int d : s) {
            if (d == 0) {
                throw new DataException(x.source() + ": images of shape " + NpyHeader.shapeText(s)
                        + " hold no examples or empty ones");
            }
        }
        if (y != null) {
            requireType(y, "labels", LABEL_TYPES);
            int[] ls = y.header().shape();
            if (!(ls.length == 1 || ls.length == 2 && ls[1] == 1)) {
                throw new DataException(y.source() + ": labels must have shape (n,) or (n, 1); found "
                        + NpyHeader.shapeText(ls));
            }
            if (ls[0] != s[0]) {
                throw new DataException("the label count differs from the image count: " + x.source() + " holds "
                        + s[0] + " images but " + y.source() + " holds " + ls[0] + " labels");
            }
        }
        return new Plan(x, y, s[0], example);
    }

    private static void requireType(Part p, String role, NpyDtype... accepted) {
        NpyDtype t = p.header().dtype();
        if (!List.of(accepted).contains(t)) {
            throw new DataException(p.source() + ": wrong dtype for " + role + ": " + t + "; " + role + " must be "
                    + NpyDtype.accepted(accepted).replace(" and ", " or "));
        }
    }

    private static Dataset load(String name, Plan plan, PixelScale scale) {
        MemoryEstimate.requireHeap(plan.images().source(), plan.bytes());
        NpyArray x = plan.images().reader().get();
        int[] labels = plan.labels() == null ? null : labels(plan.labels());
        if (x.dtype() == NpyDtype.UINT8) {
            return Dataset.fromBytes(name, x.unsignedBytes(), labels, scale, plan.exampleShape());
        }
        float[] f = x.floats();
        for (int i = 0; i < f.length; i++) {
            if (!Float.isFinite(f[i])) {
                int d = f.length / plan.examples();
                throw new DataException(plan.images().source() + ": image values must be finite; element " + i
                        + " (value " + (i % d) + " of example " + (i / d) + ") is " + f[i]);
            }
        }
        return Dataset.owning(name, f, labels, plan.exampleShape());
    }

    private static int[] labels(Part p) {
        NpyArray y = p.reader().get();
        int[] out = new int[y.size()];
        for (int i = 0; i < out.length; i++) {
            long v = y.integer(i);
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new DataException(p.source() + ": label " + i + " is " + v
                        + ", out of range: labels must be class indices from 0 to " + Integer.MAX_VALUE);
            }
            out[i] = (int) v;
        }
        return out;
    }
}
