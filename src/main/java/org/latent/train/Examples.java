package org.latent.train;

/**
 * A set of examples on the host, row-major [count, size]: the model's inputs, the targets it should
 * reconstruct (the same array unless the inputs are corrupted copies) and labels for figures (null
 * when the data set has none).
 */
public record Examples(String name, int count, int size, float[] input, float[] target, int[] labels) {
    public Examples {
        if (input.length != (long) count * size || target.length != input.length) {
            throw new IllegalArgumentException("examples " + name + ": " + count + " x " + size + " does not match "
                    + input.length + " inputs and " + target.length + " targets");
        }
        if (labels != null && labels.length != count) {
            throw new IllegalArgumentException("examples " + name + ": " + count + " examples but " + labels.length + " labels");
        }
    }

    public boolean denoising() {
        return input != target;
    }
}
