package org.latent.data;

/**
 * A data file that is missing, corrupt or not what was expected. The message names the file, the
 * byte offset where that makes sense, and what was wrong.
 */
public class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "{source}: at byte offset {offset}: {what}". */
    static DataException at(Object source, long offset, String what) {
        return new DataException(source + ": at byte offset " + offset + ": " + what);
    }
}
