package org.latent.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.latent.backend.Activation;
import org.latent.backend.ConvGeometry.Padding;
import org.latent.backend.cpu.CpuBackend;
import org.latent.init.Initializer;
import org.latent.rng.RandomKey;
import org.latent.tensor.Tensor;
import org.latent.testing.GradCheck;

/**
 * Finite-difference checks of every layer's backward (input and parameter gradients), through a
 * Sequential so that chaining is checked too. Objective: sum_i r_i * y_i with fixed random r.
 * A bias perturbation moves every example, so with h = 1e-2 some pre-activation of a piecewise-linear
 * layer crosses its kink and the difference quotient averages two slopes; h = 1e-3 makes that rare
 * while float32 rounding stays near 1e-7 / 1e-3 = 1e-4 of the objective's scale: 3e-3 covers both.
 */
class LayerGradientTest {
    private static final CpuBackend CPU = new CpuBackend();
    private static final double H = 1e-3, TOL = 3e-3;

    private static void check(String what, Supplier<Layer> make, int batch, int... input) {
        Layer net = make.get();
        ParameterSet ps = new ParameterSet(CPU, 42);
        net.build(ps, input, batch);
        ps.allocate();
        int[] shape = new int[input.length + 1];
        shape[0] = batch;
        System.arraycopy(input, 0, shape, 1, input.length);
        int n = 1;
        for (int d : shape) n *= d;
        Tensor x = CPU.upload(GradCheck.random(7, n, -1.5, 1.5), shape);
        // Kinks (ReLU at 0, max-pool ties) are avoided by random values; a fixed dropout key keeps the mask fixed.
        List<Dropout> dropouts = net instanceof Sequential s
                ? s.layers().stream().filter(l -> l instanceof Dropout).map(l -> (Dropout) l).toList() : List.of();
        RandomKey[] keys = dropouts.stream().map(Dropout::randomKey).toArray(RandomKey[]::new);
        Runnable resetKeys = () -> { for (int i = 0; i < keys.length; i++) dropouts.get(i).setRandomKey(keys[i]); };
        resetKeys.run();
        Tensor y = net.forward(x, true);
        float[] r = GradCheck.random(11, y.size(), -1, 1);
        Tensor dx = net.backward(CPU.upload(r, y.shape()));
        float[] analyticX = dx.toArray();
        float[] analyticP = ps.grads().toArray();
        java.util.function.DoubleSupplier objective = () -> {
            resetKeys.run();
            return GradCheck.dot(net.forward(x, true), r);
        };
        GradCheck.assertClose(what + ": dL/dx", GradCheck.numeric(x, objective, H), analyticX, TOL);
        if (ps.trainableCount() > 0) {
            GradCheck.assertClose(what + ": dL/dparams", GradCheck.numeric(ps.values(), objective, H), analyticP, TOL);
        }
    }

    @Test
    void denseWithEveryActivationKind() {
        for (Activation a : new Activation[] {Activation.IDENTITY, Activation.TANH, Activation.SIGMOID, Activation.RELU,
                Activation.PRELU, Activation.ELU, Activation.SOFTPLUS, Activation.SOFTMAX}) {
            check("Dense " + a, () -> new Sequential(new Dense(7, 5, a, Initializer.GLOROT_NORMAL)), 3, 7);
        }
    }

    @Test
    void mlpWithDropoutAndStandaloneActivations() {
        check("MLP", () -> new Sequential(new Dense(9, 6, Activation.TANH, Initializer.LECUN_NORMAL), new Dropout(0.3f),
                new ActivationLayer(Activation.PRELU), new Dense(6, 4, Activation.IDENTITY, Initializer.HE_NORMAL),
                new ActivationLayer(Activation.LEAKY_RELU, 0.2f)), 5, 9);
    }

    @Test
    void convolutionalLayers() {
        check("Conv2d same stride 2", () -> new Sequential(
                new Conv2d(2, 3, 3, 2, Padding.SAME, Activation.TANH, 0f, Initializer.GLOROT_UNIFORM)), 2, 2, 7, 6);
        check("Conv2d valid + MaxPool2d", () -> new Sequential(
                new Conv2d(1, 4, 3, 1, Padding.VALID, Activation.ELU, 1f, Initializer.HE_NORMAL), new MaxPool2d(2)), 2, 1, 8, 9);
        check("ConvTranspose2d same stride 2", () -> new Sequential(
                new ConvTranspose2d(3, 2, 4, 2, Padding.SAME, Activation.SIGMOID, 0f, Initializer.GLOROT_NORMAL)), 2, 3, 3, 4);
        check("ConvTranspose2d valid", () -> new Sequential(
                new ConvTranspose2d(2, 2, 3, 2, Padding.VALID, Activation.IDENTITY, 0f, Initializer.GLOROT_NORMAL)), 1, 2, 3, 3);
        check("Upsample2d + Conv2d", () -> new Sequential(new Upsample2d(2),
                new Conv2d(2, 2, 3, 1, Padding.SAME, Activation.SOFTPLUS, 0f, Initializer.LECUN_NORMAL)), 2, 2, 3, 3);
    }

    /**
     * Three-channel (RGB) conv nets as the presets build them: an encoder's Conv2d 3 -> 16 (16
     * output channels: the filter gradient runs the GEMM path), BatchNorm over 16 channels, LeakyReLU
     * and MaxPool; a decoder's ConvTranspose2d 16 -> 3 (backward-data with fewer output than input
     * channels: the flipped-kernel forward) and a DCGAN generator's last Conv2d 8 -> 3 7x7 SAME.
     */
    @Test
    void rgbConvNets() {
        check("RGB Conv2d 3->16 + BatchNorm + LeakyReLU + MaxPool2d", () -> new Sequential(
                new Conv2d(3, 16, 3, 2, Padding.SAME, Activation.IDENTITY, 0f, Initializer.GLOROT_UNIFORM), new BatchNorm(),
                new ActivationLayer(Activation.LEAKY_RELU, 0.2f), new MaxPool2d(2)), 2, 3, 8, 8);
        check("RGB Conv2d 3->16 5x5 (64+ patch elements: the GEMM forward)", () -> new Sequential(
                new Conv2d(3, 16, 5, 1, Padding.SAME, Activation.TANH, 0f, Initializer.LECUN_NORMAL)), 2, 3, 5, 6);
        check("ConvTranspose2d 16->3 to RGB", () -> new Sequential(
                new ConvTranspose2d(16, 3, 4, 2, Padding.SAME, Activation.SIGMOID, 0f, Initializer.GLOROT_NORMAL)), 2, 16, 2, 3);
        check("Upsample2d + Conv2d 8->3 7x7 to RGB", () -> new Sequential(new Upsample2d(2),
                new Conv2d(8, 3, 7, 1, Padding.SAME, Activation.SIGMOID, 0f, Initializer.GLOROT_UNIFORM)), 2, 8, 2, 2);
        check("RGB conv autoencoder", () -> new Sequential(
                new Conv2d(3, 4, 3, 2, Padding.SAME, Activation.ELU, 1f, Initializer.HE_NORMAL),
                new ConvTranspose2d(4, 3, 4, 2, Padding.SAME, Activation.IDENTITY, 0f, Initializer.GLOROT_NORMAL)), 2, 3, 4, 4);
    }

    @Test
    void batchNormDenseAndConvolutional() {
        check("Dense + BatchNorm", () -> new Sequential(new Dense(5, 4, Activation.IDENTITY, Initializer.GLOROT_UNIFORM),
                new BatchNorm(), new ActivationLayer(Activation.TANH)), 6, 5);
        check("Conv2d + BatchNorm", () -> new Sequential(
                new Conv2d(2, 3, 3, 1, Padding.SAME, Activation.IDENTITY, 0f, Initializer.GLOROT_UNIFORM), new BatchNorm(),
                new ActivationLayer(Activation.SIGMOID)), 3, 2, 4, 5);
    }

    @Test
    void dropoutOffAtInferenceIsIdentity() {
        Dropout d = new Dropout(0.5f);
        ParameterSet ps = new ParameterSet(CPU, 1);
        d.build(ps, new int[] {4}, 2);
        Tensor x = CPU.upload(GradCheck.random(3, 8, -1, 1), 2, 4);
        assertArrayEquals(x.toArray(), d.forward(x, false).toArray());
    }
}
