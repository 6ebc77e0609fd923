package org.latent.data;

import java.util.List;

/**
 * A data set that could not be downloaded from any mirror. Besides the full message it keeps the
 * parts a front end needs to print a short error and the exact command that points Latent at a
 * local copy.
 */
public class DataUnavailableException extends DataException {
    private final String file;
    private final List<String> failures;
    private final String folderContents;

    DataUnavailableException(String message, String file, List<String> failures, String folderContents) {
        super(message);
        this.file = file;
        this.failures = List.copyOf(failures);
        this.folderContents = folderContents;
    }

    /** The file that could not be had, as dataset/file. */
    public String file() {
        return file;
    }

    /** One line per mirror tried: its URL and what went wrong. */
    public List<String> failures() {
        return failures;
    }

    /** What a local data folder must hold for this data set. */
    public String folderContents() {
        return folderContents;
    }
}
