package org.latent.nn;

import org.latent.tensor.Tensor;

/** A view of each example under another shape of the same size (Flatten is Reshape to one axis). */
public final class Reshape implements Layer {
    private final int[] target;
    private int[] input;

    public Reshape(int... target) {
        this.target = target.clone();
    }

    /** Flattens each example (NCHW order: channel-major). */
    public static Reshape flatten() {
        return new Reshape();
    }

    @Override
    public int[] outputShape(int[] in) {
        if (target.length == 0) return new int[] {Shape.size(in)};
        if (Shape.size(in) != Shape.size(target)) {
            throw new IllegalArgumentException(describe() + ": input of per-example shape " + Shape.str(in) + " ("
                    + Shape.size(in) + " elements) cannot be viewed as " + Shape.str(target));
        }
        return target.clone();
    }

    @Override
    public void build(ParameterSet params, int[] in, int maxBatch) {
        outputShape(in);
        input = in.clone();
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        return x.reshape(Shape.batch(x.rows(), outputShape(input)));
    }

    @Override
    public Tensor backward(Tensor dy) {
        return dy.reshape(Shape.batch(dy.rows(), input));
    }

    @Override
    public String describe() {
        return target.length == 0 ? "Flatten" : "Reshape" + Shape.str(target);
    }
}
