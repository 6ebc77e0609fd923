package org.latent.train;

import java.util.Arrays;
import org.latent.backend.Backend;
import org.latent.backend.DeviceRandomKey;
import org.latent.config.AugmentConfig;
import org.latent.config.ConfigException;
import org.latent.model.ModelContext;
import org.latent.model.RandomStream;
import org.latent.tensor.Tensor;

/**
 * The training images' augmentation ({@code data.augment}): each step's gathered batch goes
 * through {@link Backend#augmentImages} into the batch the model trains on, with the next key of
 * the run's stream {@link #STREAM} (one Philox block per image), which checkpoints save under
 * {@link #STREAM_NAME}. Denoising targets (the clean images) get the same flips and crops as their
 * inputs (the same key); class targets are left as they are.
 */
public final class Augmentation {
    /** The Philox stream of the augmentation draws (docs/architecture.md's stream table). */
    public static final long STREAM = 12L << 32;
    /** Its name among the run's random streams in checkpoints. */
    public static final String STREAM_NAME = "data.augment";

    private final AugmentConfig config;
    private final RandomStream stream;
    private final int[] image;
    private Tensor rawInput, rawTarget, lastInput, lastTarget;

    private Augmentation(AugmentConfig config, RandomStream stream, int[] image) {
        this.config = config;
        this.stream = stream;
        this.image = image;
    }

    /**
     * The augmentation of a run on {@code model} (null when {@code config} is null), its stream
     * declared on the model's context: call before a checkpoint is loaded, so a resume restores it.
     * Examples must be images [channels, height, width].
     */
    public static Augmentation declare(ModelContext model, AugmentConfig config) {
        if (config == null) return null;
        int[] shape = model.inputShape();
        if (shape.length != 3) {
            throw new ConfigException("data.augment: flips and crops need image examples [channels, height, width]; this run's"
                    + " examples are " + Arrays.toString(shape) + (shape.length == 1 ? " (flat features: encoder codes, or a"
                    + " NumPy array of shape (n, d))" : ""));
        }
        return new Augmentation(config, model.trainerStream(STREAM_NAME, STREAM), shape);
    }

    public AugmentConfig config() {
        return config;
    }

    /**
     * Allocates the buffers the batches are gathered into before augmentation (once): inputs of
     * {@code batch} rows, and for denoising ({@code denoising}: targets are the clean images) targets too.
     */
    void allocate(Backend b, int batch, boolean denoising) {
        int size = image[0] * image[1] * image[2];
        rawInput = b.allocate(batch, size);
        rawTarget = denoising ? b.allocate(batch, size) : null;
    }

    /** Where the batch that becomes {@code in} is gathered: the first in.rows() rows of the input buffer. */
    Tensor input(Tensor in) {
        if (lastInput == null || lastInput.rows() != in.rows()) lastInput = rawInput.rows(0, in.rows());
        return lastInput;
    }

    /** Where the targets that become {@code target} are gathered: a buffer of their own for denoising, else target itself. */
    Tensor target(Tensor target) {
        if (rawTarget == null) return target;
        if (lastTarget == null || lastTarget.rows() != target.rows()) lastTarget = rawTarget.rows(0, target.rows());
        return lastTarget;
    }

    /**
     * Augments the gathered batch into {@code in} (flat rows [n, c·h·w]) and, for denoising, the
     * gathered targets into {@code target} with the same draws; the stream moves past one block per image.
     */
    void apply(Backend b, Tensor in, Tensor target) {
        DeviceRandomKey key = stream.takeDevice(4L * in.rows());
        b.augmentImages(nchw(input(in)), nchw(in), key, config.flip(), config.cropPadding());
        if (rawTarget != null) b.augmentImages(nchw(target(target)), nchw(target), key, config.flip(), config.cropPadding());
    }

    private Tensor nchw(Tensor rows) {
        return rows.reshape(rows.rows(), image[0], image[1], image[2]);
    }
}
