package org.latent.train;

/** Training produced NaN or infinity; the run stops and its last good checkpoint is kept. */
public class NonFiniteException extends RuntimeException {
    public NonFiniteException(String message) {
        super(message);
    }
}
