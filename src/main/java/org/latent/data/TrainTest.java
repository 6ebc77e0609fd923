package org.latent.data;

/** A data set's official training and test sets. */
public record TrainTest(Dataset train, Dataset test) {}
