package org.latent.data;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Finds, checks and loads Latent's data sets. A data folder given explicitly (or by the environment
 * variable {@value #ENV}) is used as is and nothing is downloaded; otherwise files are downloaded
 * on first use into a cache folder, by default {@code ~/.cache/latent/data}. Every file is checked
 * against the manifest's size and md5 before it is read.
 */
public final class DataStore {
    /** The environment variable naming a local data folder. */
    public static final String ENV = "LATENT_DATA";
    /** Fail fast without a network: how long to wait for a connection to a download server. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final DataFiles files;
    private final DataManifest manifest;

    private DataStore(DataFiles files, DataManifest manifest) {
        this.files = files;
        this.manifest = manifest;
    }

    /** The folder in {@value #ENV} if that is set, else the default download cache. */
    public static DataStore fromEnvironment() {
        String folder = System.getenv(ENV);
        return folder != null && !folder.isBlank() ? localFolder(Path.of(folder))
                : downloadCache(defaultCacheFolder());
    }

    /** Data already in {@code folder} (as dataset/file or file); never downloads. */
    public static DataStore localFolder(Path folder) {
        return localFolder(folder, DataManifest.standard());
    }

    public static DataStore localFolder(Path folder, DataManifest manifest) {
        return new DataStore(new LocalDataFolder(folder, manifest), manifest);
    }

    /** Data cached in {@code folder}, downloading what is missing. */
    public static DataStore downloadCache(Path folder) {
        return downloadCache(folder, DataManifest.standard(), DEFAULT_CONNECT_TIMEOUT);
    }

    public static DataStore downloadCache(Path folder, DataManifest manifest, Duration connectTimeout) {
        return new DataStore(new DownloadCache(folder, manifest, connectTimeout), manifest);
    }

    public static Path defaultCacheFolder() {
        return Path.of(System.getProperty("user.home"), ".cache", "latent", "data");
    }

    /** The local path of a verified copy of one file of the manifest. */
    public Path file(String dataset, String file) {
        return files.resolve(manifest.entry(dataset, file));
    }

    /** MNIST with pixels in [0, 1]. */
    public TrainTest mnist() {
        return mnist(PixelScale.UNIT);
    }

    public TrainTest mnist(PixelScale scale) {
        return idxTrainTest("mnist", scale);
    }

    /** Fashion-MNIST with pixels in [0, 1]. */
    public TrainTest fashionMnist() {
        return fashionMnist(PixelScale.UNIT);
    }

    public TrainTest fashionMnist(PixelScale scale) {
        return idxTrainTest("fashion-mnist", scale);
    }

    /** The 1,965 Frey faces, 28 x 20, with pixels in [0, 1]. */
    public Dataset frey() {
        return frey(PixelScale.UNIT);
    }

    public Dataset frey(PixelScale scale) {
        return FreyFaces.load(file("frey", "frey_rawface.mat"), scale);
    }

    private TrainTest idxTrainTest(String dataset, PixelScale scale) {
        return new TrainTest(
                IdxDatasets.load(dataset + "-train", file(dataset, "train-images-idx3-ubyte.gz"),
                        file(dataset, "train-labels-idx1-ubyte.gz"), scale),
                IdxDatasets.load(dataset + "-test", file(dataset, "t10k-images-idx3-ubyte.gz"),
                        file(dataset, "t10k-labels-idx1-ubyte.gz"), scale));
    }

    /** "mnist/a.gz, mnist/b.gz (or those files directly in the folder)", for messages. */
    static String folderContents(DataManifest manifest, String dataset) {
        List<String> paths = manifest.files(dataset).stream().map(DataManifest.Entry::path).collect(Collectors.toList());
        return String.join(", ", paths) + " (or those files directly in the folder)";
    }
}
