package org.latent.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.latent.backend.Activation;
import org.latent.backend.ConvGeometry.Padding;
import org.latent.backend.cpu.CpuBackend;
import org.latent.init.Initializer;
import org.latent.tensor.Tensor;
import org.latent.testing.GradCheck;

/**
 * Sequential.backwardParameters: the same parameter gradients as backward, bit for bit, without
 * computing the input gradient (the first trainable layer's dx buffer keeps what the last backward
 * wrote there).
 */
class BackwardParametersTest {
    private static final CpuBackend CPU = new CpuBackend();

    private static void check(String what, Supplier<Sequential> make, int batch, int... input) {
        Sequential full = make.get(), partial = make.get();
        ParameterSet fullParams = build(full, batch, input), partialParams = build(partial, batch, input);
        int[] shape = new int[input.length + 1];
        shape[0] = batch;
        System.arraycopy(input, 0, shape, 1, input.length);
        int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        Tensor x1 = CPU.upload(GradCheck.random(3, n, -1, 1), shape), x2 = CPU.upload(GradCheck.random(4, n, -1, 1), shape);

        // A first step through backward fills the input-gradient buffer of `partial`.
        Tensor y = partial.forward(x1, true);
        Tensor inputGradient = partial.backward(CPU.upload(GradCheck.random(5, y.size(), -1, 1), y.shape()));
        float[] before = inputGradient.toArray();

        // The second step: backward on one copy, backwardParameters on the other.
        float[] r = GradCheck.random(6, y.size(), -1, 1);
        full.forward(x2, true);
        float[] fullInputGradient = full.backward(CPU.upload(r, y.shape())).toArray();
        partial.forward(x2, true);
        partial.backwardParameters(CPU.upload(r, y.shape()));

        assertArrayEquals(fullParams.grads().toArray(), partialParams.grads().toArray(), what + ": parameter gradients");
        assertArrayEquals(before, inputGradient.toArray(), what + ": the input gradient was not computed");
        assertFalse(Arrays.equals(before, fullInputGradient), what + ": a computed input gradient would have changed");
    }

    private static ParameterSet build(Sequential net, int batch, int... input) {
        ParameterSet ps = new ParameterSet(CPU, 42);
        net.build(ps, input, batch);
        ps.allocate();
        return ps;
    }

    @Test
    void mlp() {
        check("MLP", () -> new Sequential(new Dense(9, 6, Activation.TANH, Initializer.LECUN_NORMAL),
                new Dense(6, 4, Activation.RELU, Initializer.HE_NORMAL)), 3, 9);
    }

    @Test
    void convolutionFirst() {
        check("CNN", () -> new Sequential(new Conv2d(2, 3, 3, 2, Padding.SAME, Activation.TANH, 0f, Initializer.GLOROT_UNIFORM),
                new MaxPool2d(2), new Reshape(3 * 2 * 2), new Dense(12, 2, Activation.IDENTITY, Initializer.GLOROT_UNIFORM)),
                2, 2, 7, 7);
    }

    @Test
    void generatorShaped() {
        check("generator", () -> new Sequential(new Dense(5, 2 * 3 * 3, Activation.LEAKY_RELU, Initializer.GLOROT_UNIFORM),
                new Reshape(2, 3, 3),
                new ConvTranspose2d(2, 2, 4, 2, Padding.SAME, Activation.SIGMOID, 0f, Initializer.GLOROT_NORMAL)), 2, 5);
    }

    @Test
    void layersBeforeTheFirstTrainableOneAreSkipped() {
        check("reshape first", () -> new Sequential(new Reshape(1, 4, 4),
                new Conv2d(1, 2, 3, 1, Padding.SAME, Activation.ELU, 1f, Initializer.HE_NORMAL)), 2, 16);
    }
}
