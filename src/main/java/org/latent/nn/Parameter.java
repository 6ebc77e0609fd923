package org.latent.nn;

import org.latent.init.Initializer;
import org.latent.tensor.Shapes;
import org.latent.tensor.Tensor;

/**
 * One learned tensor (or, when not trainable, a saved buffer such as batch-norm running
 * statistics). Its value and gradient are views into the flat buffers of its {@link ParameterSet},
 * bound when the set is allocated, so one optimizer call updates every parameter.
 */
public final class Parameter {
    private final String name;
    private final int[] shape;
    private final Initializer initializer;
    private final float constant;
    private final int fanIn, fanOut;
    private final boolean trainable;
    Tensor value, grad;

    Parameter(String name, int[] shape, Initializer initializer, float constant, int fanIn, int fanOut, boolean trainable) {
        this.name = name;
        this.shape = shape.clone();
        this.initializer = initializer;
        this.constant = constant;
        this.fanIn = fanIn;
        this.fanOut = fanOut;
        this.trainable = trainable;
    }

    public String name() { return name; }
    public int[] shape() { return shape.clone(); }
    public int size() { return Shapes.size(shape); }
    public boolean trainable() { return trainable; }
    Initializer initializer() { return initializer; }
    float constant() { return constant; }
    int fanIn() { return fanIn; }
    int fanOut() { return fanOut; }

    public Tensor value() {
        if (value == null) throw new IllegalStateException("parameter " + name + " is used before its ParameterSet was allocated");
        return value;
    }

    /** The gradient, or null for a non-trainable buffer. */
    public Tensor grad() {
        if (value == null) throw new IllegalStateException("parameter " + name + " is used before its ParameterSet was allocated");
        return grad;
    }
}
