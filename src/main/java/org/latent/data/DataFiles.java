package org.latent.data;

import java.nio.file.Path;

/** Where a data store finds its files: a local folder, or a cache filled by downloading. */
interface DataFiles {
    /** The local path of a verified copy of {@code entry}'s file. */
    Path resolve(DataManifest.Entry entry);
}
