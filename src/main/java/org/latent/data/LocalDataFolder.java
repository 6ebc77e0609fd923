package org.latent.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A folder that already holds the data, as {@code <folder>/<dataset>/<file>} or
 * {@code <folder>/<file>}. Files are checked against the manifest; nothing is downloaded.
 */
final class LocalDataFolder implements DataFiles {
    private final Path folder;
    private final DataManifest manifest;

    LocalDataFolder(Path folder, DataManifest manifest) {
        this.folder = folder;
        this.manifest = manifest;
    }

    @Override
    public Path resolve(DataManifest.Entry entry) {
        List<Path> candidates = List.of(folder.resolve(entry.dataset()).resolve(entry.file()),
                folder.resolve(entry.file()));
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                Checksums.verify(p, entry, "Replace it with a good copy.");
                return p;
            }
        }
        // Something is there, but not a readable file: say what, rather than that nothing is.
        for (Path p : candidates) {
            String wrong = notAFile(p);
            if (wrong != null) {
                throw new DataException(p + ": " + wrong + " where the data file " + entry.path() + " should be (data folder "
                        + folder + ", from " + DataStore.ENV + " or the command line). Put the file itself there.");
            }
        }
        if (!Files.isDirectory(folder)) {
            throw new DataException("the data folder " + folder + " (from " + DataStore.ENV + " or the command line) "
                    + (Files.exists(folder) ? "is a file, not a folder" : Files.isSymbolicLink(folder)
                    ? "is a symbolic link to " + linkTarget(folder) + ", which does not exist" : "does not exist")
                    + " (looked for " + candidates.get(0) + " and " + candidates.get(1) + "); it should contain " + DataStore.folderContents(manifest, entry.dataset()) + ".");
        }
        throw new DataException(entry.path() + " is not in the data folder " + folder
                + " (from " + DataStore.ENV + " or the command line): looked for " + candidates.get(0) + " and "
                + candidates.get(1) + ". Nothing is downloaded when a data folder is given; it should contain "
                + DataStore.folderContents(manifest, entry.dataset()) + ".");
    }

    /** What is at {@code p} when it is not a regular file: "is a folder", "is a symbolic link to X, which does not exist"; null when nothing is there. */
    static String notAFile(Path p) {
        if (Files.isDirectory(p)) return "is a folder, not a file,";
        if (Files.isSymbolicLink(p) && !Files.exists(p)) return "is a symbolic link to " + linkTarget(p) + ", which does not exist,";
        if (Files.exists(p)) return "is not a regular file (a device or a pipe?)";
        return null;
    }

    private static String linkTarget(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return "a missing file";
        }
    }
}
