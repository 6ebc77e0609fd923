package org.latent.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.latent.tensor.Tensor;

/** Layers applied in order; backward runs them in reverse. */
public final class Sequential implements Layer {
    private final List<Layer> layers;
    /** The per-example input shape a {@link SequentialBuilder} started from, or null. */
    private final int[] input;
    private final List<Parameter> params = new ArrayList<>();
    /** The first layer that declared a trainable parameter, or -1: see {@link #backwardParameters}. */
    private int firstTrainable = -1;

    public Sequential(List<Layer> layers) {
        this(layers, null);
    }

    Sequential(List<Layer> layers, int[] input) {
        if (layers.isEmpty()) throw new IllegalArgumentException("Sequential: needs at least one layer");
        this.layers = List.copyOf(layers);
        this.input = input == null ? null : input.clone();
    }

    /** Starts a network for examples of per-example shape {@code shape}: [features], or [channels, height, width]. */
    public static SequentialBuilder input(int... shape) {
        return new SequentialBuilder(shape);
    }

    /** The per-example input shape the network was built from with {@link #input}, or null for a plain list of layers. */
    public int[] inputShape() {
        return input == null ? null : input.clone();
    }

    public Sequential(Layer... layers) {
        this(List.of(layers));
    }

    public List<Layer> layers() {
        return layers;
    }

    @Override
    public int[] outputShape(int[] input) {
        int[] s = input;
        for (Layer l : layers) s = l.outputShape(s);
        return s;
    }

    /** The per-example shape of the activations that feed the last layer. */
    public int[] outputShapeAllButLast(int[] input) {
        int[] s = input;
        for (int i = 0; i < layers.size() - 1; i++) s = layers.get(i).outputShape(s);
        return s;
    }

    @Override
    public void build(ParameterSet set, int[] input, int maxBatch) {
        int before = set.parameters().size();
        int[] s = input;
        for (int i = 0; i < layers.size(); i++) {
            int declared = set.parameters().size();
            layers.get(i).build(set, s, maxBatch);
            s = layers.get(i).outputShape(s);
            boolean trainable = set.parameters().subList(declared, set.parameters().size()).stream().anyMatch(Parameter::trainable);
            if (trainable && firstTrainable < 0) firstTrainable = i;
        }
        params.addAll(set.parameters().subList(before, set.parameters().size()));
    }

    /** The parameters this network declared (a subset of its ParameterSet when several networks share one). */
    public List<Parameter> parameters() {
        return Collections.unmodifiableList(params);
    }

    public long parameterCount() {
        long n = 0;
        for (Parameter p : params) if (p.trainable()) n += p.size();
        return n;
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        Tensor t = x;
        for (Layer l : layers) t = l.forward(t, training);
        return t;
    }

    /** The activations that feed the last layer (a classifier's penultimate features); inference only, no backward. */
    public Tensor forwardAllButLast(Tensor x) {
        Tensor t = x;
        for (int i = 0; i < layers.size() - 1; i++) t = layers.get(i).forward(t, false);
        return t;
    }

    @Override
    public Tensor backward(Tensor dy) {
        Tensor g = dy;
        for (int i = layers.size() - 1; i >= 0; i--) g = layers.get(i).backward(g);
        return g;
    }

    /**
     * The parameter gradients of {@link #backward} without dL/dx, for a network whose input
     * gradient nobody reads: layers before the first with trainable parameters are not run back
     * through at all, and that one computes no input gradient.
     */
    @Override
    public void backwardParameters(Tensor dy) {
        if (firstTrainable < 0) return;
        Tensor g = dy;
        for (int i = layers.size() - 1; i > firstTrainable; i--) g = layers.get(i).backward(g);
        layers.get(firstTrainable).backwardParameters(g);
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("Sequential(");
        for (int i = 0; i < layers.size(); i++) sb.append(i == 0 ? "" : ", ").append(layers.get(i).describe());
        return sb.append(')').toString();
    }
}
