package org.latent.train;

import org.latent.backend.Backend;
import org.latent.model.Model;
import org.latent.model.Vae;
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

    /** A VAE encoder's posterior standard deviations for x [count, inputSize], [count, latent]. */
    public static float[] encodeSigma(Vae vae, float[] x) {
        Backend b = vae.backend();
        int d = vae.inputSize(), j = vae.latentSize(), count = x.length / d, batch = vae.maxBatch();
        float[] out = new float[count * j];
        float[] chunk = new float[batch * d];
        for (int from = 0; from < count; from += batch) {
            int n = Math.min(batch, count - from);
            System.arraycopy(x, from * d, chunk, 0, n * d);
            System.arraycopy(vae.encodeSigma(b.upload(chunk, n, d)), 0, out, from * j, n * j);
        }
        return out;
    }

    /** A VAE encoder's last hidden layer (the activations feeding μ and log σ²) for x [count, inputSize], [count, width]. */
    public static float[] encodeHidden(Vae vae, float[] x, int width) {
        Backend b = vae.backend();
        int d = vae.inputSize(), count = x.length / d, batch = vae.maxBatch();
        float[] out = new float[count * width];
        float[] chunk = new float[batch * d];
        for (int from = 0; from < count; from += batch) {
            int n = Math.min(batch, count - from);
            System.arraycopy(x, from * d, chunk, 0, n * d);
            float[] h = vae.encodeHidden(b.upload(chunk, n, d));
            System.arraycopy(h, 0, out, from * width, n * width);
        }
        return out;
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
