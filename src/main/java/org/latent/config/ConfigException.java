package org.latent.config;

/** A config that cannot be used: the message names the key (as a dotted path), the value and what was expected. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
