package org.latent.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.latent.backend.Activation;
import org.latent.backend.ConvGeometry.Padding;
import org.latent.backend.cpu.CpuBackend;
import org.latent.init.Initializer;
import org.latent.tensor.Tensor;
import org.latent.testing.GradCheck;

/**
 * ClassInput is what concatenating the one-hot label to a linear layer's input adds to its output:
 * checked against a layer that really gets the concatenated input (weights split between the two),
 * and by finite differences.
 */
class ClassInputTest {
    private static final CpuBackend CPU = new CpuBackend();
    private static final int CLASSES = 4, N = 5;
    private static final int[] CLASS_OF = {2, 0, 3, 3, 1};

    private static Tensor oneHot() {
        float[] h = new float[N * CLASSES];
        for (int i = 0; i < N; i++) h[i * CLASSES + CLASS_OF[i]] = 1f;
        return CPU.upload(h, N, CLASSES);
    }

    private static ParameterSet build(Layer net, int[] input) {
        ParameterSet ps = new ParameterSet(CPU, 9);
        net.build(ps, input, N);
        ps.allocate();
        return ps;
    }

    /** Conv2d(1 + classes -> 3) on [image ‖ one-hot planes] equals Conv2d(1 -> 3) then ClassInput.planes, SAME borders included. */
    @Test
    void planesEqualAConvolutionOfConcatenatedLabelChannels() {
        int side = 7;
        ClassLabels labels = new ClassLabels(CLASSES);
        Sequential split = new Sequential(new Conv2d(1, 3, 3, 2, Padding.SAME, Activation.IDENTITY, 1f, Initializer.GLOROT_UNIFORM),
                ClassInput.planes(labels, side, side, 3, 2, Padding.SAME, Initializer.GLOROT_UNIFORM));
        ParameterSet sp = build(split, new int[] {1, side, side});
        Conv2d joint = new Conv2d(1 + CLASSES, 3, 3, 2, Padding.SAME, Activation.IDENTITY, 1f, Initializer.GLOROT_UNIFORM);
        ParameterSet jp = build(joint, new int[] {1 + CLASSES, side, side});
        // The joint weight [3, 1 + C, 3, 3]: input channel 0 from the image conv, channels 1.. from ClassInput.
        float[] imageW = sp.parameters().get(0).value().toArray(), bias = sp.parameters().get(1).value().toArray();
        float[] labelW = sp.parameters().get(2).value().toArray();
        float[] w = new float[3 * (1 + CLASSES) * 9];
        for (int o = 0; o < 3; o++) {
            System.arraycopy(imageW, o * 9, w, (o * (1 + CLASSES)) * 9, 9);
            System.arraycopy(labelW, o * CLASSES * 9, w, (o * (1 + CLASSES) + 1) * 9, CLASSES * 9);
        }
        CPU.write(w, jp.parameters().get(0).value());
        CPU.write(bias, jp.parameters().get(1).value());

        float[] images = GradCheck.random(3, N * side * side, -1, 1);
        float[] concatenated = new float[N * (1 + CLASSES) * side * side];
        for (int i = 0; i < N; i++) {
            System.arraycopy(images, i * side * side, concatenated, i * (1 + CLASSES) * side * side, side * side);
            java.util.Arrays.fill(concatenated, (i * (1 + CLASSES) + 1 + CLASS_OF[i]) * side * side,
                    (i * (1 + CLASSES) + 2 + CLASS_OF[i]) * side * side, 1f);
        }
        labels.set(oneHot());
        float[] got = split.forward(CPU.upload(images, N, 1, side, side), false).toArray();
        float[] want = joint.forward(CPU.upload(concatenated, N, 1 + CLASSES, side, side), false).toArray();
        assertArrayEquals(want, got, 1e-5f);
    }

    /** Dense(in + classes -> out) on [x ‖ one-hot] equals Dense(in -> out) then ClassInput.dense. */
    @Test
    void denseEqualsADenseLayerOnConcatenatedOneHot() {
        int in = 6, out = 3;
        ClassLabels labels = new ClassLabels(CLASSES);
        Sequential split = new Sequential(new Dense(in, out, Activation.IDENTITY, Initializer.GLOROT_UNIFORM),
                ClassInput.dense(labels, Initializer.GLOROT_UNIFORM), new ActivationLayer(Activation.TANH));
        ParameterSet sp = build(split, new int[] {in});
        Sequential joint = new Sequential(new Dense(in + CLASSES, out, Activation.TANH, Initializer.GLOROT_UNIFORM));
        ParameterSet jp = build(joint, new int[] {in + CLASSES});
        float[] w = new float[(in + CLASSES) * out];
        System.arraycopy(sp.parameters().get(0).value().toArray(), 0, w, 0, in * out);
        System.arraycopy(sp.parameters().get(2).value().toArray(), 0, w, in * out, CLASSES * out);
        CPU.write(w, jp.parameters().get(0).value());
        float[] x = GradCheck.random(4, N * in, -1, 1), concatenated = new float[N * (in + CLASSES)];
        for (int i = 0; i < N; i++) {
            System.arraycopy(x, i * in, concatenated, i * (in + CLASSES), in);
            concatenated[i * (in + CLASSES) + in + CLASS_OF[i]] = 1f;
        }
        labels.set(oneHot());
        assertArrayEquals(joint.forward(CPU.upload(concatenated, N, in + CLASSES), false).toArray(),
                split.forward(CPU.upload(x, N, in), false).toArray(), 1e-6f);
    }

    @Test
    void gradientsOfBothKindsMatchFiniteDifferences() {
        ClassLabels labels = new ClassLabels(CLASSES);
        labels.set(oneHot());
        check(new Sequential(new Conv2d(2, 3, 3, 2, Padding.SAME, Activation.IDENTITY, 1f, Initializer.GLOROT_UNIFORM),
                ClassInput.planes(labels, 6, 5, 3, 2, Padding.SAME, Initializer.GLOROT_UNIFORM),
                new ActivationLayer(Activation.TANH)), 2, 6, 5);
        check(new Sequential(new Dense(7, 4, Activation.IDENTITY, Initializer.GLOROT_UNIFORM),
                ClassInput.dense(labels, Initializer.GLOROT_UNIFORM), new ActivationLayer(Activation.TANH)), 7);
    }

    private static void check(Sequential net, int... input) {
        ParameterSet ps = build(net, input);
        int size = N;
        int[] shape = new int[input.length + 1];
        shape[0] = N;
        System.arraycopy(input, 0, shape, 1, input.length);
        for (int d : input) size *= d;
        Tensor x = CPU.upload(GradCheck.random(7, size, -1.5, 1.5), shape);
        Tensor y = net.forward(x, true);
        float[] r = GradCheck.random(11, y.size(), -1, 1);
        float[] dx = net.backward(CPU.upload(r, y.shape())).toArray();
        float[] dp = ps.grads().toArray();
        java.util.function.DoubleSupplier objective = () -> GradCheck.dot(net.forward(x, true), r);
        GradCheck.assertClose(net.describe() + ": dL/dx", GradCheck.numeric(x, objective, 1e-3), dx, 3e-3);
        GradCheck.assertClose(net.describe() + ": dL/dparams", GradCheck.numeric(ps.values(), objective, 1e-3), dp, 3e-3);
    }

    @Test
    void missingOrMismatchedLabelsAndWrongGeometryAreNamed() {
        ClassLabels labels = new ClassLabels(CLASSES);
        Sequential net = new Sequential(new Dense(3, 2, Activation.IDENTITY, Initializer.GLOROT_UNIFORM),
                ClassInput.dense(labels, Initializer.GLOROT_UNIFORM));
        build(net, new int[] {3});
        Tensor x = CPU.allocate(N, 3);
        assertTrue(assertThrows(IllegalStateException.class, () -> net.forward(x, false)).getMessage().contains("no class labels"));
        labels.set(CPU.allocate(2, CLASSES));
        assertTrue(assertThrows(IllegalStateException.class, () -> net.forward(x, false)).getMessage()
                .contains("class labels for 2 examples, but the batch has 5"));
        assertThrows(IllegalArgumentException.class, () -> labels.set(CPU.allocate(N, CLASSES + 1)));
        Layer planes = ClassInput.planes(labels, 8, 8, 3, 2, Padding.SAME, Initializer.GLOROT_UNIFORM);
        String m = assertThrows(IllegalArgumentException.class, () -> planes.outputShape(new int[] {4, 3, 3})).getMessage();
        assertTrue(m.contains("[4, 4, 4]"), m);
        assertEquals(4, planes.outputShape(new int[] {4, 4, 4})[1]);
    }
}
