package org.latent.rundata;

/**
 * A set of examples on the host, row-major [count, size]: the model's inputs, the targets it should
 * reconstruct (the same array unless the inputs are corrupted copies; for a classifier one-hot rows
 * [count, classes]) and labels for figures (null when the data set has none).
 */
public record Examples(String name, int count, int size, float[] input, float[] target, int[] labels) {
    public Examples {
        if (input.length != (long) count * size || (count == 0 ? target.length != 0 : target.length % count != 0)) {
            throw new IllegalArgumentException("examples " + name + ": " + count + " x " + size + " does not match "
                    + input.length + " inputs and " + target.length + " targets");
        }
        if (labels != null && labels.length != count) {
            throw new IllegalArgumentException("examples " + name + ": " + count + " examples but " + labels.length + " labels");
        }
    }

    /** Whether the targets are corrupted inputs' clean originals. */
    public boolean denoising() {
        return input != target && target.length == input.length;
    }

    /** Whether the targets are an array of their own (denoising, or a classifier's one-hot rows). */
    public boolean separateTargets() {
        return input != target;
    }

    /** Values per target row: {@link #size} unless the targets are class rows. */
    public int targetSize() {
        return count == 0 ? size : target.length / count;
    }
}
