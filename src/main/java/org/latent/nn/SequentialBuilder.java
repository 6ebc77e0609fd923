package org.latent.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.latent.backend.Activation;
import org.latent.backend.ConvGeometry.Padding;
import org.latent.init.Initializer;

/**
 * Builds a {@link Sequential} layer by layer from its per-example input shape, the way Keras'
 * {@code Sequential} with an {@code Input} does: each layer's input size is the previous layer's
 * output, so no size is written twice, and a layer that does not fit fails here, naming the layer
 * and the shapes. Start with {@link Sequential#input}.
 *
 * <pre>{@code
 * Sequential encoder = Sequential.input(1, 28, 28)
 *         .conv2d(32, 3, 2, Padding.SAME, Activation.RELU)
 *         .conv2d(64, 3, 2, Padding.SAME, Activation.RELU)
 *         .flatten()
 *         .dense(2 * latent)
 *         .build();
 * }</pre>
 *
 * Layout conventions are PyTorch's: images NCHW, dense weights [in, out], conv weights [cOut, cIn, k, k].
 * Padding SAME follows Keras (output ceil(in / stride)). Weights start from {@link #init} (default
 * Glorot uniform, Keras' default), biases at zero. Leaky ReLU's slope defaults to 0.01 and ELU's
 * scale to 1; the overloads with {@code alpha} set them.
 */
public final class SequentialBuilder {
    private final int[] input;
    private final List<Layer> layers = new ArrayList<>();
    private int[] shape, lastInput;
    private Initializer init = Initializer.GLOROT_UNIFORM;

    SequentialBuilder(int[] input) {
        for (int d : input) {
            if (d <= 0) throw new IllegalArgumentException("Sequential.input: sizes must be positive, got " + Shape.str(input));
        }
        if (input.length == 0) throw new IllegalArgumentException("Sequential.input: give the per-example shape, e.g. (784) or (1, 28, 28)");
        this.input = input.clone();
        this.shape = input.clone();
        // Models hand networks flat rows [n, size]; a view restores the example's shape for the layers.
        if (input.length > 1) add(new Reshape(input));
    }

    /** The per-example output shape of the layers so far. */
    public int[] shape() {
        return shape.clone();
    }

    /** The initializer of the weights of the layers added after this call. */
    public SequentialBuilder init(Initializer i) {
        this.init = i;
        return this;
    }

    /** Adds a layer made for the current shape (for layers of one's own). */
    public SequentialBuilder add(Layer layer) {
        int[] out = layer.outputShape(shape);
        lastInput = shape;
        shape = out;
        layers.add(layer);
        return this;
    }

    /** Adds the layer {@code make} builds from the current per-example shape. */
    public SequentialBuilder add(Function<int[], Layer> make) {
        return add(make.apply(shape()));
    }

    /** A linear layer to {@code units} outputs (no activation: logits, codes). */
    public SequentialBuilder dense(int units) {
        return dense(units, Activation.IDENTITY);
    }

    public SequentialBuilder dense(int units, Activation act) {
        return dense(units, act, defaultAlpha(act));
    }

    public SequentialBuilder dense(int units, Activation act, float alpha) {
        return add(new Dense(Shape.size(shape), units, act, alpha, init));
    }

    /** A convolution over [C, H, W] with {@code filters} output channels, a square kernel and stride. */
    public SequentialBuilder conv2d(int filters, int kernel, int stride, Padding padding, Activation act) {
        return conv2d(filters, kernel, stride, padding, act, defaultAlpha(act));
    }

    public SequentialBuilder conv2d(int filters, int kernel, int stride, Padding padding, Activation act, float alpha) {
        return add(new Conv2d(channels("conv2d"), filters, kernel, stride, padding, act, alpha, init));
    }

    /** A transposed convolution (PyTorch's ConvTranspose2d; SAME multiplies the side by the stride). */
    public SequentialBuilder convTranspose2d(int filters, int kernel, int stride, Padding padding, Activation act) {
        return convTranspose2d(filters, kernel, stride, padding, act, defaultAlpha(act));
    }

    public SequentialBuilder convTranspose2d(int filters, int kernel, int stride, Padding padding, Activation act, float alpha) {
        return add(new ConvTranspose2d(channels("convTranspose2d"), filters, kernel, stride, padding, act, alpha, init));
    }

    public SequentialBuilder maxPool2d(int kernel) {
        return add(new MaxPool2d(kernel));
    }

    public SequentialBuilder maxPool2d(int kernel, int stride) {
        return add(new MaxPool2d(kernel, stride));
    }

    /** Nearest-neighbour upsampling by {@code scale}. */
    public SequentialBuilder upsample2d(int scale) {
        return add(new Upsample2d(scale));
    }

    /** Batch normalization over the channel axis (features for flat inputs). */
    public SequentialBuilder batchNorm() {
        return add(new BatchNorm());
    }

    public SequentialBuilder dropout(float rate) {
        return add(new Dropout(rate));
    }

    public SequentialBuilder activation(Activation act) {
        return activation(act, defaultAlpha(act));
    }

    public SequentialBuilder activation(Activation act, float alpha) {
        return add(new ActivationLayer(act, alpha));
    }

    public SequentialBuilder reshape(int... target) {
        return add(new Reshape(target));
    }

    public SequentialBuilder flatten() {
        return add(Reshape.flatten());
    }

    /**
     * The one-hot class label concatenated to the input of the layer just added (a conditional
     * GAN's label input), written as what the concatenation adds to that layer's output: after a
     * Dense layer its extra weight rows, after a Conv2d its extra constant input planes (see
     * {@link ClassInput}). Give that layer no activation and add the activation after this.
     */
    public SequentialBuilder classInput(ClassLabels labels) {
        Layer last = layers.isEmpty() ? null : layers.get(layers.size() - 1);
        if (last instanceof Dense) return add(ClassInput.dense(labels, init));
        if (last instanceof Conv2d c) {
            return add(ClassInput.planes(labels, lastInput[1], lastInput[2], c.kernel, c.stride, c.padding, init));
        }
        throw new IllegalArgumentException("classInput: goes right after a Dense or Conv2d layer, not after "
                + (last == null ? "the input" : last.describe()));
    }

    /** The network; the builder must not be used afterwards. */
    public Sequential build() {
        if (layers.isEmpty()) throw new IllegalArgumentException("Sequential.input" + Shape.str(input) + ": add at least one layer");
        return new Sequential(layers, input);
    }

    private int channels(String layer) {
        if (shape.length != 3) {
            throw new IllegalArgumentException(layer + ": needs per-example input [C, H, W], the layers so far give "
                    + Shape.str(shape) + " (start from Sequential.input(c, h, w) or reshape first)");
        }
        return shape[0];
    }

    /** Leaky ReLU's slope 0.01 and ELU's scale 1, as Dense's default. */
    static float defaultAlpha(Activation a) {
        return a == Activation.LEAKY_RELU ? 0.01f : 1f;
    }
}
