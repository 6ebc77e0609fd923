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
        throw new DataException(entry.path() + " is not in the data folder " + folder
                + " (from " + DataStore.ENV + " or the command line): looked for " + candidates.get(0) + " and "
                + candidates.get(1) + ". Nothing is downloaded when a data folder is given; it should contain "
                + DataStore.folderContents(manifest, entry.dataset()) + ".");
    }
}
