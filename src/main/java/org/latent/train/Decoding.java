package org.latent.train;

import org.latent.backend.Backend;
import org.latent.model.Model;
import org.latent.rng.RandomKey;
import org.latent.tensor.Tensor;

/** Host-side helpers that run a model's encoder or decoder over arrays of any length, in batches. */
public final class Decoding {
    /** The stream prior samples are drawn from (figures and `latent sample`). */
    static final long SAMPLE_STREAM = 6L << 32;

    private Decoding() {}

    /** Decodes codes z [count, latent] to [count, inputSize]. */
    public static float[] decode(Model model, float[] z) {
        return apply(model, z, model.latentSize(), model.inputSize(), true);
    }

    /** Encodes inputs x [count, inputSize] to codes [count, latent]. */
    public static float[] encode(Model model, float[] x) {
        return apply(model, x, model.inputSize(), model.latentSize(), false);
    }

    /** {@code count} decoded draws from N(0, I), from the sample stream of {@code seed}. */
    public static float[] samplePrior(Model model, int count, long seed) {
        Backend b = model.parameters().backend();
        Tensor z = b.allocate(count, model.latentSize());
        b.randomNormal(z, 0f, 1f, new RandomKey(seed, SAMPLE_STREAM, 0));
        return decode(model, z.toArray());
    }

    private static float[] apply(Model model, float[] in, int inSize, int outSize, boolean decode) {
        Backend b = model.parameters().backend();
        int count = in.length / inSize, batch = model.maxBatch();
        float[] out = new float[count * outSize];
        float[] chunk = new float[batch * inSize];
        for (int from = 0; from < count; from += batch) {
            int n = Math.min(batch, count - from);
            System.arraycopy(in, from * inSize, chunk, 0, n * inSize);
            Tensor t = b.upload(chunk, n, inSize);
            float[] r = decode ? model.decode(t) : model.encode(t);
            System.arraycopy(r, 0, out, from * outSize, n * outSize);
        }
        return out;
    }
}
