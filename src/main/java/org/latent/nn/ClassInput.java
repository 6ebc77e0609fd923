package org.latent.nn;

import org.latent.backend.Backend;
import org.latent.backend.ConvGeometry;
import org.latent.init.Initializer;
import org.latent.tensor.Tensor;

/**
 * Class conditioning (the conditional GAN): the one-hot label concatenated to the input of the
 * linear layer before this one, written as what that concatenation adds to the layer's output.
 * y = x + onehot · T with T [classes, features]:
 * <ul>
 *   <li>{@link #dense}: after a Dense layer, T = W [classes, out] is the weight rows the one-hot
 *       inputs would have had (a learned class embedding added before the activation);
 *   <li>{@link #planes}: after a Conv2d, the label enters as {@code classes} constant image planes
 *       (plane c all ones for class c) beside the image's channels; T holds the convolution of each
 *       class's planes with the label channels' kernels W [cOut, classes, k, k], computed from a
 *       fixed [classes, classes, H, W] batch of planes with the layer's own geometry, so the borders
 *       of a SAME convolution come out exactly as for concatenated channels.
 * </ul>
 * The labels come from a {@link ClassLabels} the model sets before each forward; dL/dx = dL/dy.
 */
public final class ClassInput implements Layer {
    private final ClassLabels labels;
    private final Initializer init;
    /** Planes only: the image the preceding convolution sees, and its kernel, stride and padding. */
    private final int height, width, kernel, stride;
    private final ConvGeometry.Padding padding;
    private final boolean conv;
    private Backend b;
    private Parameter w;
    private ConvGeometry planeGeometry;
    private Tensor planes, table, tableGrad, oneHot;
    private BatchBuffer y;
    private int features;

    private ClassInput(ClassLabels labels, Initializer init, boolean conv, int height, int width, int kernel, int stride,
                       ConvGeometry.Padding padding) {
        this.labels = labels;
        this.init = init;
        this.conv = conv;
        this.height = height;
        this.width = width;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    /** After a Dense layer: one-hot concatenated to that layer's input. */
    public static ClassInput dense(ClassLabels labels, Initializer init) {
        return new ClassInput(labels, init, false, 0, 0, 0, 0, null);
    }

    /** After a Conv2d over height x width images with this kernel, stride and padding: one-hot planes concatenated to its input. */
    public static ClassInput planes(ClassLabels labels, int height, int width, int kernel, int stride, ConvGeometry.Padding padding,
                                    Initializer init) {
        if (height <= 0 || width <= 0) throw new IllegalArgumentException("ClassInput: image " + height + "x" + width);
        return new ClassInput(labels, init, true, height, width, kernel, stride, padding);
    }

    @Override
    public int[] outputShape(int[] input) {
        if (conv) {
            Shape.requireRank(describe(), input, 3, "[cOut, outH, outW] of the convolution before it");
            ConvGeometry g = ConvGeometry.of(1, labels.classes(), height, width, input[0], kernel, kernel, stride, padding);
            if (g.outH() != input[1] || g.outW() != input[2]) {
                throw new IllegalArgumentException(describe() + ": input of per-example shape " + Shape.str(input)
                        + " is not what a " + kernel + "x" + kernel + " stride " + stride + " convolution of " + height + "x"
                        + width + " images gives ([" + input[0] + ", " + g.outH() + ", " + g.outW() + "])");
            }
        }
        return input.clone();
    }

    @Override
    public void build(ParameterSet params, int[] input, int maxBatch) {
        outputShape(input);
        b = params.backend();
        int classes = labels.classes();
        features = Shape.size(input);
        String p = "classinput" + params.parameters().size() + ".weight";
        if (conv) {
            int cOut = input[0];
            planeGeometry = ConvGeometry.of(classes, classes, height, width, cOut, kernel, kernel, stride, padding);
            w = params.trainable(p, planeGeometry.weightShape(), init, (1 + classes) * kernel * kernel, cOut * kernel * kernel);
            float[] ones = new float[classes * classes * height * width];
            for (int c = 0; c < classes; c++) {
                java.util.Arrays.fill(ones, (c * classes + c) * height * width, (c * classes + c + 1) * height * width, 1f);
            }
            planes = b.upload(ones, classes, classes, height, width);
            table = b.allocate(classes, input[0], input[1], input[2]);
            tableGrad = b.allocate(classes, input[0], input[1], input[2]);
        } else {
            w = params.trainable(p, new int[] {classes, features}, init, classes, features);
        }
        y = new BatchBuffer(b, maxBatch, input);
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        int n = x.rows();
        oneHot = labels.forBatch(n, describe());
        Tensor out = y.rows(n);
        b.copy(x, out);
        Tensor t = w.value();
        if (conv) {
            b.conv2dForward(planes, w.value(), table, planeGeometry);
            t = table;
        }
        b.gemm(false, false, 1f, oneHot, t.reshape(labels.classes(), features), 1f, out.reshape(n, features));
        return out;
    }

    @Override
    public Tensor backward(Tensor dy) {
        int n = dy.rows();
        Tensor flat = dy.reshape(n, features);
        if (conv) {
            b.gemm(true, false, 1f, oneHot, flat, 0f, tableGrad.reshape(labels.classes(), features));
            b.conv2dBackwardFilter(planes, tableGrad, w.grad(), planeGeometry);
        } else {
            b.gemm(true, false, 1f, oneHot, flat, 0f, w.grad());
        }
        return dy;
    }

    @Override
    public String describe() {
        return "ClassInput(" + labels.classes() + " classes, " + (conv ? "planes into a " + kernel + "x" + kernel + " stride " + stride
                + " convolution of " + height + "x" + width : "into a dense layer") + ")";
    }
}
