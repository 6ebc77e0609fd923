package org.latent.train;

import org.latent.backend.Backend;
import org.latent.rng.Philox;
import org.latent.rng.RandomKey;
import org.latent.tensor.Tensor;

/**
 * The order of the training examples in each epoch: a Philox permutation keyed by (seed, the shuffle
 * stream, epoch), written as float indices into one device tensor that batches are gathered through.
 * A resumed run recomputes the permutation of the epoch it resumes in.
 */
final class EpochOrder {
    static final long SHUFFLE_STREAM = 4L << 32;

    private final Backend b;
    private final long seed;
    private final Tensor indices;
    private final float[] host;

    EpochOrder(Backend b, int n, long seed) {
        this.b = b;
        this.seed = seed;
        this.indices = b.allocate(n);
        this.host = new float[n];
    }

    /** A permutation of n < 2^30 elements uses fewer than 2^32 counter blocks, so epochs never overlap. */
    static RandomKey key(long seed, int epoch) {
        return new RandomKey(seed, SHUFFLE_STREAM, (long) epoch << 32);
    }

    Tensor shuffle(int epoch) {
        int[] p = Philox.permutation(host.length, key(seed, epoch));
        for (int i = 0; i < p.length; i++) host[i] = p[i];
        b.write(host, indices);
        return indices;
    }
}
