package org.latent.rundata;

import java.nio.file.Path;
import java.util.Arrays;
import org.latent.config.ConfigException;
import org.latent.config.DataConfig;
import org.latent.config.FilesConfig;
import org.latent.config.ImagesConfig;
import org.latent.config.NumpyConfig;
import org.latent.data.DataException;
import org.latent.data.Dataset;
import org.latent.data.ImageFolder;
import org.latent.data.ImageOptions;
import org.latent.data.MemoryEstimate;
import org.latent.data.NumpyDatasets;
import org.latent.data.Split;

/**
 * One's own data ({@code data.dataset} "images" or "numpy"), cut as the built-in sets are: the last
 * {@code validation} training examples validate; the test set is the separate test folder or file
 * (its first {@code limit} examples with a limit, as for MNIST), or else the last {@code test}
 * examples of the training file (held out before the validation ones, as for Frey Face), or none;
 * with a limit, training uses the first {@code limit} examples left. Headers are read and the heap
 * is checked for the training and test sets together before any pixel is decoded.
 */
final class OwnData {
    private OwnData() {}

    /** The per-example shape, from the headers (numpy) or the folder's listing and first image's header (images). */
    static int[] exampleShape(DataConfig c) {
        if (c.files() instanceof ImagesConfig ic) {
            return ImageFolder.scan(Path.of(ic.path())).exampleShape(ic.options(c.pixelScale()));
        }
        NumpyConfig nc = (NumpyConfig) c.files();
        return inspect(nc, nc.path(), nc.labels()).exampleShape();
    }

    static Split load(DataConfig c) {
        FilesConfig f = c.files();
        String base = baseName(f.path());
        Dataset all, separateTest = null;
        if (f instanceof ImagesConfig ic) {
            ImageOptions options = ic.options(c.pixelScale());
            ImageFolder train = ImageFolder.scan(Path.of(ic.path()));
            ImageFolder test = ic.testPath() == null ? null : ImageFolder.scan(Path.of(ic.testPath()));
            long bytes = train.estimateBytes(options);
            if (test != null) {
                if (train.labelled() != test.labelled()) {
                    throw new DataException(test.root() + ": the test folder is " + (test.labelled() ? "labelled (class folders)"
                            : "flat (no class folders)") + " but the training folder " + train.root() + " is "
                            + (train.labelled() ? "labelled" : "flat") + "; both must be the same kind");
                }
                if (!train.classes().equals(test.classes())) {
                    throw new DataException(test.root() + ": the test folder's classes " + test.classes()
                            + " differ from the training folder's " + train.classes() + " (" + train.root()
                            + "); class indices follow the sorted class names, so both need the same class folders");
                }
                requireSameShape(test.root().toString(), test.exampleShape(options), train.exampleShape(options));
                bytes = saturatedAdd(bytes, test.estimateBytes(options));
            }
            MemoryEstimate.requireHeap(ic.path() + (test == null ? "" : " and " + ic.testPath()), bytes);
            all = train.load(base, options);
            if (test != null) separateTest = test.load(base + "-test", options);
        } else {
            NumpyConfig nc = (NumpyConfig) f;
            NumpyDatasets.Contents train = inspect(nc, nc.path(), nc.labels());
            long bytes = train.bytes();
            if (nc.testPath() != null) {
                NumpyDatasets.Contents test = inspect(nc, nc.testPath(), nc.testLabels());
                if (train.labelled() != test.labelled()) {
                    throw new DataException(nc.testPath() + ": the test set is " + (test.labelled() ? "" : "not ")
                            + "labelled but the training set " + nc.path() + " is " + (train.labelled() ? "" : "not ")
                            + "labelled; both must be the same");
                }
                requireSameShape(nc.testPath(), test.exampleShape(), train.exampleShape());
                bytes = saturatedAdd(bytes, test.bytes());
            }
            MemoryEstimate.requireHeap(nc.path() + (nc.testPath() == null ? "" : " and " + nc.testPath()), bytes);
            all = numpy(nc, base, nc.path(), nc.labels(), c);
            if (nc.testPath() != null) separateTest = numpy(nc, base + "-test", nc.testPath(), nc.testLabels(), c);
        }
        return split(c, base, all, separateTest);
    }

    static Split split(DataConfig c, String base, Dataset all, Dataset separateTest) {
        int n = all.size();
        int heldOut = separateTest == null ? c.test() : 0;
        if (heldOut + c.validation() >= n) {
            throw new ConfigException("data.validation" + (heldOut > 0 ? ", data.test" : "") + ": holding out " + c.validation()
                    + " validation" + (heldOut > 0 ? " and " + heldOut + " test" : "") + " examples leaves no training"
                    + " examples of the " + n + " in " + c.files().path());
        }
        int end = n - heldOut, trainEnd = end - c.validation();
        int trainCount = c.limit() > 0 ? Math.min(c.limit(), trainEnd) : trainEnd;
        Dataset test = null;
        if (separateTest != null) {
            test = c.limit() > 0 ? separateTest.range(0, Math.min(c.limit(), separateTest.size())) : separateTest;
            test = test.named(base + "-test");
        } else if (heldOut > 0) {
            test = all.range(end, n).named(base + "-test");
        }
        return new Split(all.range(0, trainCount).named(base + "-train"),
                c.validation() == 0 ? null : all.range(trainEnd, end).named(base + "-validation"), test);
    }

    private static NumpyDatasets.Contents inspect(NumpyConfig nc, String path, String labels) {
        Path p = Path.of(path);
        return NumpyConfig.isNpz(path) ? NumpyDatasets.inspectNpz(p, nc.imagesMember(), nc.labelsMember())
                : NumpyDatasets.inspectNpy(p, labels == null ? null : Path.of(labels));
    }

    private static Dataset numpy(NumpyConfig nc, String name, String path, String labels, DataConfig c) {
        Path p = Path.of(path);
        return NumpyConfig.isNpz(path) ? NumpyDatasets.loadNpz(name, p, nc.imagesMember(), nc.labelsMember(), c.pixelScale())
                : NumpyDatasets.loadNpy(name, p, labels == null ? null : Path.of(labels), c.pixelScale());
    }

    private static void requireSameShape(String test, int[] testShape, int[] trainShape) {
        if (!Arrays.equals(testShape, trainShape)) {
            throw new DataException(test + ": test examples of shape " + Arrays.toString(testShape)
                    + " differ from the training examples' " + Arrays.toString(trainShape));
        }
    }

    /** The folder's or file's name without its extension: "faces" for "data/faces/" or "faces.npz". */
    static String baseName(String path) {
        Path name = Path.of(path).toAbsolutePath().normalize().getFileName();
        String s = name == null ? "data" : name.toString();
        int dot = s.lastIndexOf('.');
        return dot > 0 ? s.substring(0, dot) : s;
    }

    private static long saturatedAdd(long a, long b) {
        long s = a + b;
        return ((a ^ s) & (b ^ s)) < 0 ? Long.MAX_VALUE : s;
    }
}
