package org.latent.io;

/** A JSON file that cannot be read or parsed; the message names the file and, for syntax errors, the line. */
public class JsonException extends RuntimeException {
    public JsonException(String message) {
        super(message);
    }

    public JsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
