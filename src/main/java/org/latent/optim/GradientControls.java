package org.latent.optim;

import org.latent.backend.Backend;
import org.latent.nn.ParameterSet;
import org.latent.tensor.Tensor;

/**
 * What an optimizer does to the gradients and parameters before its update, in this order:
 * clipping the gradients by their global L2 norm ({@code clipNorm} > 0; one parameter set's norm,
 * PyTorch's {@code clip_grad_norm_}), then weight decay: L2 on the loss ({@code decoupled} false:
 * g += weightDecay * p, the gradient of weightDecay / 2 * |p|^2, PyTorch's {@code weight_decay} of
 * SGD, Adam and RMSprop) or decoupled (AdamW: p *= 1 - lr * weightDecay with the step's lr).
 * Every trainable parameter takes part (biases and batch-norm scales included). All of it runs on
 * the backend without reading anything back to the host.
 */
public record GradientControls(double weightDecay, boolean decoupled, double clipNorm) {
    /** No clipping, no weight decay. */
    public static final GradientControls NONE = new GradientControls(0, false, 0);

    public GradientControls {
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay " + weightDecay + " must be a finite number >= 0");
        }
        if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("clip norm " + clipNorm + " must be a finite number >= 0 (0: no clipping)");
        }
    }

    /** Whether anything is done at all. */
    public boolean active() {
        return weightDecay > 0 || clipNorm > 0;
    }

    /** The tensor {@link #apply} writes the norm and clipping factor to, or null without clipping. */
    Tensor allocateInfo(Backend b) {
        return clipNorm > 0 ? b.allocate(2) : null;
    }

    /** Clips, then applies weight decay, for a step with learning rate {@code lr} (a device scalar). */
    void apply(ParameterSet p, Tensor lr, Tensor clipInfo) {
        Backend b = p.backend();
        if (clipNorm > 0) b.clipByGlobalNorm(p.grads(), (float) clipNorm, clipInfo);
        if (weightDecay > 0) {
            if (decoupled) {
                b.decoupledWeightDecay(p.values(), lr, weightDecay);
            } else {
                b.axpy((float) weightDecay, p.values(), p.grads());
            }
        }
    }
}
