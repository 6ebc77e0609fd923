package org.latent.io;

/** A safetensors file that is missing, truncated or not what the format says; the message names the file and the cause. */
public class SafeTensorsException extends RuntimeException {
    public SafeTensorsException(String message) {
        super(message);
    }
}
