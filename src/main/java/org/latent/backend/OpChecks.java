package org.latent.backend;

import static org.latent.tensor.Shapes.require;
import static org.latent.tensor.Shapes.requireSameSize;
import static org.latent.tensor.Shapes.requireShape;
import static org.latent.tensor.Shapes.requireSize;
import static org.latent.tensor.Shapes.str;

import org.latent.tensor.Tensor;

/** Argument checks shared by every backend, so that each op rejects the same inputs with the same message. */
public final class OpChecks {
    private OpChecks() {}

    /** A host array that an upload, write or download reads from or fills must hold n floats. */
    public static void hostArray(String op, float[] host, int[] shape) {
        int n = org.latent.tensor.Shapes.size(shape);
        require(host.length >= n, op + ": host array of " + host.length + " floats is shorter than shape " + str(shape)
                + " (" + n + ")");
    }

    public static void gemm(boolean transA, boolean transB, Tensor a, Tensor b, Tensor c) {
        int m = transA ? a.cols() : a.rows(), k = transA ? a.rows() : a.cols();
        int kb = transB ? b.cols() : b.rows(), n = transB ? b.rows() : b.cols();
        if (k != kb || c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException("gemm: op(A) of A " + str(a) + (transA ? "^T" : "") + " is " + m + "x" + k
                    + ", op(B) of B " + str(b) + (transB ? "^T" : "") + " is " + kb + "x" + n + ", C is " + str(c)
                    + "; expected inner dimensions equal and C " + m + "x" + n);
        }
    }

    /** Channels and spatial size of an activation tensor: [N, C] or [N, C, ...]. */
    private static void channelParam(String op, String name, Tensor x, Tensor p) {
        if (p == null) return;
        require(x.rank() >= 2, op + ": x " + str(x) + " needs a channel axis (rank >= 2)");
        requireSize(op, name + " (one per channel of x " + str(x) + ")", p, x.dim(1));
    }

    public static void biasActivation(String op, Tensor x, Tensor bias, Activation act, Tensor slope, Tensor y) {
        require(x.rank() >= 2, op + ": x " + str(x) + " must be [N, C] or [N, C, ...]");
        requireShape(op, "y", y, x.shape());
        channelParam(op, "bias", x, bias);
        if (act != Activation.PRELU) {
            require(slope == null, op + ": a slope tensor is only used by PRELU, not " + act);
        } else {
            require(slope != null, op + ": PRELU needs a slope tensor of " + x.dim(1) + " elements");
            channelParam(op, "slope", x, slope);
        }
    }

    public static void sameShape(String op, String nameA, Tensor a, String nameB, Tensor b) {
        requireShape(op, nameB, b, a.shape());
    }

    public static void conv(String op, ConvGeometry g, Tensor x, Tensor w, Tensor y) {
        requireShape(op, "input", x, g.inputShape());
        requireShape(op, "weights", w, g.weightShape());
        requireShape(op, "output", y, g.outputShape());
    }

    public static void pool(String op, PoolGeometry g, Tensor x, Tensor y) {
        requireShape(op, "x", x, g.inputShape());
        requireShape(op, "y", y, g.outputShape());
    }

    public static void upsample(String op, Tensor small, Tensor big, int sh, int sw) {
        require(sh > 0 && sw > 0, op + ": scale must be positive, got " + sh + "x" + sw);
        require(small.rank() == 4, op + ": input must be NCHW, got " + str(small));
        requireShape(op, "upsampled tensor", big, small.dim(0), small.dim(1), small.dim(2) * sh, small.dim(3) * sw);
    }

    public static void batchNorm(String op, Tensor x, Tensor... perChannel) {
        require(x.rank() >= 2, op + ": x " + str(x) + " must be [N, C] or [N, C, ...]");
        for (Tensor t : perChannel) requireSize(op, "per-channel tensor", t, x.dim(1));
    }

    /** Training statistics need at least two values per channel (the unbiased variance divides by count - 1). */
    public static void batchNormTraining(Tensor x) {
        require((long) x.rows() * x.spatial() > 1, "batchNormForwardTraining: x " + str(x)
                + " has only one value per channel; batch statistics need at least two (use a larger batch or inference mode)");
    }

    public static void rate(String op, float rate) {
        require(rate >= 0f && rate < 1f, op + ": rate " + rate + " must be in [0, 1)");
    }

    /** prediction/target/grad of one shape, loss with one element per example. */
    public static void batchLoss(String op, Tensor prediction, Tensor target, Tensor loss, Tensor grad) {
        requireShape(op, "target", target, prediction.shape());
        if (loss != null) requireSize(op, "loss (one per example)", loss, prediction.rows());
        if (grad != null) requireShape(op, "grad", grad, prediction.shape());
    }

    public static void reparameterize(String op, Tensor stats, Tensor eps, Tensor z) {
        require(stats.rank() == 2 && stats.cols() % 2 == 0,
                op + ": stats " + str(stats) + " must be [N, 2J] (mu then log variance)");
        requireShape(op, "eps", eps, stats.rows(), stats.cols() / 2);
        requireShape(op, "z / dz", z, stats.rows(), stats.cols() / 2);
    }

    public static void optimizer(String op, Tensor params, Tensor... state) {
        for (Tensor t : state) requireSameSize(op, "params", params, "state/grad", t);
    }

    public static void clip(String op, float maxNorm, Tensor info) {
        require(maxNorm > 0 && Float.isFinite(maxNorm), op + ": maxNorm " + maxNorm + " must be positive and finite");
        require(info.size() >= 2, op + ": info must hold at least 2 floats (norm, factor), got shape "
                + java.util.Arrays.toString(info.shape()));
    }

    /** Learning rate and epsilon positive, decay rates in [0, 1). */
    public static void hyper(String op, float lr, float eps, float... rates) {
        require(lr > 0 && Float.isFinite(lr), op + ": learning rate " + lr + " must be positive");
        require(eps >= 0 && Float.isFinite(eps), op + ": epsilon " + eps + " must be non-negative");
        for (float r : rates) require(r >= 0 && r < 1, op + ": decay rate " + r + " must be in [0, 1)");
    }

    public static void gatherRows(Tensor src, Tensor indices, int offset, Tensor dst) {
        String op = "gatherRows";
        require(src.cols() == dst.cols(), op + ": src " + str(src) + " and dst " + str(dst) + " rows differ in length");
        require(offset >= 0 && offset + dst.rows() <= indices.size(), op + ": indices[" + offset + ", "
                + (offset + dst.rows()) + ") out of range for " + indices.size() + " indices");
    }

    /** NCHW src and dst of one shape, not the same tensor; padding in [0, 2^20]. */
    public static void augmentImages(Tensor src, Tensor dst, int pad) {
        String op = "augmentImages";
        require(src.rank() == 4, op + ": src " + str(src) + " must be NCHW images [N, C, H, W]");
        requireShape(op, "dst", dst, src.shape());
        require(src != dst, op + ": dst must not be src (the crop reads other pixels of the image)");
        require(pad >= 0 && pad <= 1 << 20, op + ": padding " + pad + " must be in [0, 1048576]");
    }

    // ---- step state ----------------------------------------------------------------------------

    /** A counter of a StepState: a [lo, hi] pair of floats. */
    public static void counter(String op, String name, Tensor counter, long offset) {
        require(counter != null && counter.size() == 2, op + ": " + name + " must be a step counter of 2 floats [lo, hi], got "
                + (counter == null ? "null" : str(counter)));
        require(offset >= 0, op + ": " + name + " offset " + offset + " is negative");
    }

    /** A device scalar: a tensor of one float. */
    public static void scalar(String op, String name, Tensor t) {
        require(t != null && t.size() == 1, op + ": " + name + " must be a device scalar of 1 float, got "
                + (t == null ? "null" : str(t)));
    }

    public static void deviceKey(String op, DeviceRandomKey key) {
        require(key != null, op + ": no random key");
        counter(op, "the random key's counter", key.counter(), key.offset());
    }

    /** The rates and epsilon of an optimizer whose learning rate is on the device. */
    public static void deviceHyper(String op, Tensor lr, float eps, float... rates) {
        scalar(op, "learning rate", lr);
        hyper(op, 1f, eps, rates);
    }

    public static void advanceStepState(Tensor state, int[] slots, long[] by) {
        String op = "advanceStepState";
        require(slots.length == by.length, op + ": " + slots.length + " slots but " + by.length + " increments");
        require(slots.length <= 64, op + ": " + slots.length + " counters; at most 64 a call");
        for (int i = 0; i < slots.length; i++) {
            require(slots[i] >= 0 && slots[i] + 2 <= state.size(), op + ": counter slot " + slots[i] + " outside state "
                    + str(state));
            require(by[i] >= 0, op + ": increment " + by[i] + " of counter slot " + slots[i] + " is negative");
        }
    }

    public static void lookupStepValue(Tensor table, Tensor counter, long offset, Tensor dst) {
        String op = "lookupStepValue";
        require(table.size() >= 1, op + ": empty table " + str(table));
        counter(op, "counter", counter, offset);
        scalar(op, "dst", dst);
    }

    public static void warmupScale(Tensor counter, long offset, long steps, float divisor, Tensor dst) {
        String op = "warmupScale";
        counter(op, "counter", counter, offset);
        require(steps >= 1, op + ": warm-up steps " + steps + " must be at least 1");
        require(divisor > 0 && Float.isFinite(divisor), op + ": divisor " + divisor + " must be positive and finite");
        scalar(op, "dst", dst);
    }

    /** gatherRows with the batch index on the device: the static part (the index range is checked where it is known). */
    public static void gatherRows(Tensor src, Tensor indices, Tensor batch, long batchOffset, int rowsPerBatch, Tensor dst) {
        String op = "gatherRows";
        require(src.cols() == dst.cols(), op + ": src " + str(src) + " and dst " + str(dst) + " rows differ in length");
        counter(op, "batch", batch, batchOffset);
        require(rowsPerBatch >= dst.rows(), op + ": " + rowsPerBatch + " rows per batch, fewer than dst's " + dst.rows());
        require(dst.rows() <= indices.size(), op + ": dst " + str(dst) + " has more rows than the " + indices.size() + " indices");
    }
}
