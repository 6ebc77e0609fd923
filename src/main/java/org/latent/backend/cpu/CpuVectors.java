package org.latent.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one vector species of the CPU backend's Vector API kernels (GEMM, Adam, activation rows).
 * Kernels of two sizes in one JVM made C2 box the vectors of the smaller kernels inside the
 * training step (allocating at every step); one species for all keeps them in registers.
 * Loaded only when the module jdk.incubator.vector is in the boot layer ({@link CpuGemm#VECTOR}).
 */
final class CpuVectors {
    private CpuVectors() {}

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_256;
}
