package org.latent.data;

/** Training, validation and test sets. */
public record Split(Dataset train, Dataset validation, Dataset test) {}
