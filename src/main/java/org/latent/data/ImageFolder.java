package org.latent.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A folder of images in torchvision's {@code ImageFolder} convention, read through the JDK's
 * image decoders (PNG, JPEG, BMP, GIF).
 *
 * <ul>
 *   <li>A root holding sub-folders is labelled: one sub-folder per class, class index = position
 *       of the folder name in sorted order, every image below a class folder (at any depth) of
 *       that class. A root holding both class folders and images is an error, as is a class
 *       folder without images.
 *   <li>A root without sub-folders is a flat, unlabelled set of the images in it.
 *   <li>Image files are those ending in .png, .jpg, .jpeg, .bmp or .gif (any case); other files,
 *       and hidden files and folders (names starting with '.'), are ignored. A folder with no
 *       images is an error.
 *   <li>Order: class by class, and within a class (or a flat folder) by relative path, sorted as
 *       strings, so a folder always loads the same way.
 * </ul>
 *
 * <p>Loading decodes every image, converts it to the options' channels, brings it to the target
 * size ({@link ImageOptions.Fit}) and scales it like the IDX data sets, giving examples of shape
 * [c, h, w] (channel planes). A file that cannot be read or decoded is an error naming it; nothing
 * is skipped. Scanning reads no image; the heap is checked before pixels are decoded.
 */
public final class ImageFolder {
    /** The file name endings read as images, lower case. */
    public static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

    private final Path root;
    private final List<String> classes;
    private final List<Path> files;
    private final int[] labels;

    private ImageFolder(Path root, List<String> classes, List<Path> files, int[] labels) {
        this.root = root;
        this.classes = List.copyOf(classes);
        this.files = List.copyOf(files);
        this.labels = labels;
    }

    /**
     * Lists the images under {@code root} and their classes, without reading any image.
     *
     * @throws DataException if root is not a folder, holds no images, mixes class folders and
     *     images, or has a class folder without images
     */
    public static ImageFolder scan(Path root) {
        if (!Files.isDirectory(root)) {
            throw new DataException(root + (Files.exists(root) ? ": not a folder" : ": no such folder"));
        }
        List<Path> entries = visible(list(root));
        List<Path> dirs = entries.stream().filter(Files::isDirectory).toList();
        List<Path> images = entries.stream().filter(ImageFolder::isImage).toList();
        if (dirs.isEmpty()) {
            if (images.isEmpty()) {
                throw new DataException(root + ": no images: the folder holds no " + extensionList()
                        + " files and no class folders (hidden files and other extensions are ignored)");
            }
            return new ImageFolder(root, List.of(), images, null);
        }
        if (!images.isEmpty()) {
            throw new DataException(root + ": holds both class folders (" + names(dirs) + ") and images ("
                    + names(images) + "); put every image in its class folder, or give a folder of images only");
        }
        List<String> classes = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path dir : dirs) {
            List<Path> inClass = imagesBelow(dir);
            if (inClass.isEmpty()) {
                throw new DataException(dir + ": the class folder '" + dir.getFileName() + "' holds no "
                        + extensionList() + " files (hidden files and other extensions are ignored)");
            }
            for (Path f : inClass) {
                files.add(f);
                labels.add(classes.size());
            }
            classes.add(dir.getFileName().toString());
        }
        return new ImageFolder(root, classes, files, labels.stream().mapToInt(Integer::intValue).toArray());
    }

    /** {@code scan(root).estimateBytes(options)}. */
    public static long estimateBytes(Path root, ImageOptions options) {
        return scan(root).estimateBytes(options);
    }

    /** {@code scan(root).load(name, options)}. */
    public static Dataset load(String name, Path root, ImageOptions options) {
        return scan(root).load(name, options);
    }

    /** The folder that was scanned. */
    public Path root() {
        return root;
    }

    /** Whether the folder has class folders. */
    public boolean labelled() {
        return labels != null;
    }

    /** The class names in class-index order; empty for a flat folder. */
    public List<String> classes() {
        return classes;
    }

    /** The image files in load order. */
    public List<Path> files() {
        return files;
    }

    /** The class index of each file, in load order; null for a flat folder. */
    public int[] labels() {
        return labels == null ? null : labels.clone();
    }

    /** Number of images. */
    public int size() {
        return files.size();
    }

    /**
     * The bytes {@link #load} will hold: images x channels x height x width floats (+ int labels),
     * the height and width being the target size, or without one the first image's, read from its
     * header.
     */
    public long estimateBytes(ImageOptions options) {
        int[] hw = exampleSize(options);
        return MemoryEstimate.floatDatasetBytes(size(), (long) options.channels() * hw[0] * hw[1], labelled());
    }

    /**
     * The shape [channels, height, width] of the examples {@link #load} gives: the target size, or
     * without one the first image's, read from its header.
     */
    public int[] exampleShape(ImageOptions options) {
        int[] hw = exampleSize(options);
        return new int[] {options.channels(), hw[0], hw[1]};
    }

    /**
     * Decodes every image into a data set of shape [channels, height, width], labelled with the
     * class indices when the folder has classes.
     *
     * @throws DataException naming the file for an unreadable or corrupt image, an image whose size
     *     differs from the first one's (without a fit), or one smaller than a center crop; or
     *     stating the -Xmx to use when the set will not fit the heap
     */
    public Dataset load(String name, ImageOptions options) {
        int[] hw = exampleSize(options);
        int c = options.channels();
        long values = (long) size() * c * hw[0] * hw[1];
        if (values > NpyHeader.MAX_ELEMENTS) {
            throw new DataException(root + ": " + size() + " images of " + c + " x " + hw[0] + " x " + hw[1] + " are "
                    + values + " values, more than the " + NpyHeader.MAX_ELEMENTS + " one data set can hold");
        }
        MemoryEstimate.requireHeap(root.toString(), estimateBytes(options));
        float[] table = new float[256];
        for (int v = 0; v < 256; v++) {
            table[v] = options.scale().fromByte(v);
        }
        int planeSize = hw[0] * hw[1];
        float[] features = new float[(int) values];
        for (int i = 0; i < files.size(); i++) {
            byte[][] planes = fitted(files.get(i), options, hw);
            for (int ch = 0; ch < c; ch++) {
                int at = (i * c + ch) * planeSize;
                for (int p = 0; p < planeSize; p++) {
                    features[at + p] = table[planes[ch][p] & 0xff];
                }
            }
        }
        return Dataset.owning(name, features, labels(), c, hw[0], hw[1]);
    }

    /** {height, width} of every example. */
    private int[] exampleSize(ImageOptions options) {
        if (options.fit() != ImageOptions.Fit.NONE) {
            return new int[] {options.height(), options.width()};
        }
        int[] wh = ImageDecoder.size(files.get(0));
        return new int[] {wh[1], wh[0]};
    }

    /** One image as planes of height x width ({@code hw}). */
    private byte[][] fitted(Path file, ImageOptions o, int[] hw) {
        BufferedImage img = ImageDecoder.read(file);
        byte[][] planes = ImagePixels.planes(img, o.channels());
        int w = img.getWidth();
        int h = img.getHeight();
        int th = hw[0];
        int tw = hw[1];
        switch (o.fit()) {
            case NONE -> {
                if (w != tw || h != th) {
                    throw new DataException(file + ": the image is " + w + " x " + h + " (width x height) but the"
                            + " first image, " + files.get(0) + ", is " + tw + " x " + th + "; images of mixed sizes"
                            + " need a target size (resize and/or center crop)");
                }
                return planes;
            }
            case CENTER_CROP -> {
                if (w < tw || h < th) {
                    throw new DataException(file + ": the image is " + w + " x " + h + " (width x height), smaller"
                            + " than the center crop of " + tw + " x " + th);
                }
                for (int ch = 0; ch < planes.length; ch++) {
                    planes[ch] = Resampler.crop(planes[ch], w, h, tw, th);
                }
                return planes;
            }
            case RESIZE -> {
                for (int ch = 0; ch < planes.length; ch++) {
                    planes[ch] = Resampler.resample(planes[ch], w, h, 0, 0, w, h, tw, th);
                }
                return planes;
            }
            default -> {
                // The largest window of the target's aspect ratio: full width if the image is
                // relatively taller than the target, else full height.
                boolean fullWidth = (long) h * tw >= (long) w * th;
                double ww = fullWidth ? w : (double) h * tw / th;
                double wh = fullWidth ? (double) w * th / tw : h;
                for (int ch = 0; ch < planes.length; ch++) {
                    planes[ch] = Resampler.resample(planes[ch], w, h, (w - ww) / 2, (h - wh) / 2, ww, wh, tw, th);
                }
                return planes;
            }
        }
    }

    private static boolean isImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot >= 0 && EXTENSIONS.contains(name.substring(dot + 1)) && !Files.isDirectory(p);
    }

    /** The images at any depth below {@code dir}, skipping hidden files and folders, sorted by relative path. */
    private static List<Path> imagesBelow(Path dir) {
        try (Stream<Path> walk = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
            return walk.filter(p -> !p.equals(dir) && isImage(p) && !hiddenBelow(dir, p))
                    .sorted(Comparator.comparing(p -> dir.relativize(p).toString()))
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new DataException(dir + ": cannot list the folder: " + e.getMessage(), e);
        }
    }

    private static boolean hiddenBelow(Path dir, Path p) {
        for (Path part : dir.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException | UncheckedIOException e) {
            throw new DataException(dir + ": cannot list the folder: " + e.getMessage(), e);
        }
    }

    private static List<Path> visible(List<Path> entries) {
        return entries.stream().filter(p -> !p.getFileName().toString().startsWith("."))
                .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
    }

    /** The first few file names, for messages. */
    private static String names(List<Path> paths) {
        List<String> n = paths.stream().limit(3).map(p -> "'" + p.getFileName() + "'").toList();
        return String.join(", ", n) + (paths.size() > 3 ? " and " + (paths.size() - 3) + " more" : "");
    }

    private static String extensionList() {
        return ".png, .jpg, .jpeg, .bmp or .gif";
    }
}
