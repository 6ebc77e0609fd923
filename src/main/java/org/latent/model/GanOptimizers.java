package org.latent.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.latent.nn.ParameterSet;
import org.latent.optim.Optimizer;
import org.latent.tensor.Tensor;

/**
 * A GAN's two optimizers seen as one for checkpoints: their state under "generator." and
 * "discriminator.", and the discriminator's step count (the generator takes {@code generatorSteps}
 * steps after every {@code roundSteps} of it: the critic steps, doubled when real and generated
 * images are separate batches).
 * The GAN steps each optimizer itself.
 */
final class GanOptimizers implements Optimizer {
    private final Optimizer generator, discriminator;
    private final int generatorSteps, roundSteps;

    GanOptimizers(Optimizer generator, Optimizer discriminator, int generatorSteps, int roundSteps) {
        this.generator = generator;
        this.discriminator = discriminator;
        this.generatorSteps = generatorSteps;
        this.roundSteps = roundSteps;
    }

    @Override
    public void step() {
        throw new UnsupportedOperationException("a GAN steps its generator and discriminator optimizers separately");
    }

    @Override
    public long steps() {
        return discriminator.steps();
    }

    @Override
    public Map<String, Tensor> state() {
        Map<String, Tensor> s = new LinkedHashMap<>();
        generator.state().forEach((k, v) -> s.put("generator." + k, v));
        discriminator.state().forEach((k, v) -> s.put("discriminator." + k, v));
        return s;
    }

    @Override
    public void restoreSteps(long steps) {
        discriminator.restoreSteps(steps);
        generator.restoreSteps(steps / roundSteps * generatorSteps);
    }

    /** The discriminator's, whose step count this reports. */
    @Override
    public ParameterSet parameters() {
        return discriminator.parameters();
    }
}
