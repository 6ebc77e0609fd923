package org.latent.report;

import org.latent.backend.Backend;
import org.latent.model.Decodes;
import org.latent.model.Encodes;
import org.latent.model.ModelContext;
import org.latent.model.Posterior;
import org.latent.model.Reconstructs;
import org.latent.rng.RandomKey;
import org.latent.tensor.Tensor;

/** Host-side helpers that run a model's encoder or decoder over arrays of any length, in batches. */
public final class Decoding {
    /** The stream prior samples are drawn from (figures and `latent sample`). */
    static final long SAMPLE_STREAM = 6L << 32;

    private interface Batch {
        float[] apply(Tensor t);
    }

    private Decoding() {}

    /** Decodes codes z [count, latent] to [count, inputSize]. */
    public static float[] decode(ModelContext model, Decodes decoder, float[] z) {
        return apply(model, z, decoder.latentSize(), model.inputSize(), decoder::decode);
    }

    /** Encodes inputs x [count, inputSize] to codes [count, latent]. */
    public static float[] encode(ModelContext model, Encodes encoder, float[] x) {
        return apply(model, x, model.inputSize(), encoder.latentSize(), encoder::encode);
    }

    /** Reconstructs inputs x [count, inputSize]. */
    public static float[] reconstruct(ModelContext model, Reconstructs r, float[] x) {
        return apply(model, x, model.inputSize(), model.inputSize(), r::reconstruct);
    }

    /** A posterior's standard deviations for x [count, inputSize], [count, latent]. */
    public static float[] encodeSigma(ModelContext model, Posterior posterior, float[] x) {
        return apply(model, x, model.inputSize(), posterior.latentSize(), posterior::encodeSigma);
    }

    /** An encoder's last hidden layer (the activations feeding μ and log σ²) for x [count, inputSize], [count, width]. */
    public static float[] encodeHidden(ModelContext model, Posterior posterior, float[] x) {
        return apply(model, x, model.inputSize(), posterior.hiddenSize(), posterior::encodeHidden);
    }

    /** {@code count} decoded draws from N(0, I), from the sample stream of {@code seed}. */
    public static float[] samplePrior(ModelContext model, Decodes decoder, int count, long seed) {
        Backend b = model.backend();
        Tensor z = b.allocate(count, decoder.latentSize());
        b.randomNormal(z, 0f, 1f, new RandomKey(seed, SAMPLE_STREAM, 0));
        return decode(model, decoder, z.toArray());
    }

    private static float[] apply(ModelContext model, float[] in, int inSize, int outSize, Batch f) {
        Backend b = model.backend();
        int count = in.length / inSize, batch = model.maxBatch();
        float[] out = new float[count * outSize];
        float[] chunk = new float[batch * inSize];
        for (int from = 0; from < count; from += batch) {
            int n = Math.min(batch, count - from);
            System.arraycopy(in, from * inSize, chunk, 0, n * inSize);
            float[] r = f.apply(b.upload(chunk, n, inSize));
            System.arraycopy(r, 0, out, from * outSize, n * outSize);
        }
        return out;
    }
}
