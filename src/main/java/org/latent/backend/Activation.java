package org.latent.backend;

/**
 * Every activation the material names. {@code alpha} is the slope of leaky ReLU and the scale of
 * ELU; PReLU's slope is a learned tensor (one per channel) passed to the op instead.
 * STEP's derivative is zero everywhere it exists, so gradients do not flow through it.
 * SOFTMAX normalises over the channel axis (axis 1) of each example and spatial position.
 */
public enum Activation {
    IDENTITY, STEP, SIGMOID, TANH, RELU, LEAKY_RELU, PRELU, ELU, SOFTPLUS, HARD_TANH, EXP, SOFTMAX;

    /** Numeric code shared with the CUDA kernels (kernels/activation.cu). */
    public int code() {
        return ordinal();
    }

    public static Activation parse(String name) {
        String n = name.trim().toUpperCase().replace('-', '_').replace(' ', '_');
        switch (n) {
            case "LINEAR": return IDENTITY;
            case "LOGISTIC": return SIGMOID;
            case "LEAKYRELU": return LEAKY_RELU;
            case "HARDTANH": case "PIECEWISE_LINEAR": return HARD_TANH;
            default:
        }
        for (Activation a : values()) if (a.name().equals(n)) return a;
        throw new IllegalArgumentException("unknown activation '" + name + "'; expected one of "
                + java.util.Arrays.toString(values()).toLowerCase());
    }
}
