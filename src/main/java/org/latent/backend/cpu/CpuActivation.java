package org.latent.backend.cpu;

import org.latent.backend.Activation;

/**
 * Bias + activation forward and backward on the CPU, over x read as [N, C, S] (S = spatial).
 *
 * <p>Elementwise activations work on runs of S contiguous elements that share one channel, so the
 * bias, the slope and the switch over the activation are resolved once per run. Softmax
 * normalises over C for each (n, s). Per-channel reductions (dbias, dslope) are split over
 * channels and summed in double in a fixed order, so they do not depend on the thread count.
 */
final class CpuActivation {
    private CpuActivation() {}

    static void forward(CpuTensor x, CpuTensor bias, Activation act, float alpha, CpuTensor slope, CpuTensor y) {
        int n = x.dim(0), c = x.dim(1), s = x.spatial();
        if (act == Activation.SOFTMAX) {
            CpuThreads.parallelFor(n, 4L * c * s, (n0, n1) -> {
                for (int i = n0; i < n1; i++) softmaxForward(x, bias, y, i, c, s);
            });
            return;
        }
        if (s == 1 && denseRows(act)) {
            float[] b = bias == null ? null : bias.data;
            int bo = bias == null ? 0 : bias.offset;
            CpuThreads.parallelFor(n, c, (i0, i1) -> {
                for (int i = i0; i < i1; i++) forwardRow(act, alpha, x.data, x.offset + i * c, b, bo, y.data, y.offset + i * c, c);
            });
            return;
        }
        CpuThreads.parallelFor(n * c, s, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int ch = r % c;
                forwardRun(act, x.data, x.offset + r * s, biasOf(bias, ch), paramOf(act, alpha, slope, ch),
                        y.data, y.offset + r * s, s);
            }
        });
    }

    static void backward(CpuTensor x, CpuTensor bias, Activation act, float alpha, CpuTensor slope, CpuTensor y,
                         CpuTensor dy, CpuTensor dx, CpuTensor dbias, CpuTensor dslope) {
        if (dslope != null && act != Activation.PRELU) {
            throw new IllegalArgumentException("biasActivationBackward: dslope was given for " + act
                    + "; only PRELU has a slope");
        }
        int n = x.dim(0), c = x.dim(1), s = x.spatial();
        // Before dx is written: dx may be dy, and the slope gradient needs dy.
        if (dslope != null) {
            CpuThreads.parallelFor(c, (long) n * s, (c0, c1) -> {
                for (int ch = c0; ch < c1; ch++) dslope.data[dslope.offset + ch] = slopeGradient(x, bias, dy, ch, n, c, s);
            });
        }
        if (act == Activation.SOFTMAX) {
            CpuThreads.parallelFor(n, 2L * c * s, (n0, n1) -> {
                for (int i = n0; i < n1; i++) softmaxBackward(y, dy, dx, i, c, s);
            });
        } else if (s == 1 && denseRows(act)) {
            float[] b = bias == null ? null : bias.data;
            int bo = bias == null ? 0 : bias.offset;
            CpuThreads.parallelFor(n, c, (i0, i1) -> {
                for (int i = i0; i < i1; i++) {
                    backwardRow(act, alpha, x.data, x.offset + i * c, b, bo, dy.data, dy.offset + i * c, dx.data, dx.offset + i * c, c);
                }
            });
        } else {
            CpuThreads.parallelFor(n * c, s, (r0, r1) -> {
                for (int r = r0; r < r1; r++) {
                    int ch = r % c, at = r * s;
                    backwardRun(act, x.data, x.offset + at, biasOf(bias, ch), paramOf(act, alpha, slope, ch),
                            y.data, y.offset + at, dy.data, dy.offset + at, dx.data, dx.offset + at, s);
                }
            });
        }
        if (dbias != null && s == 1) {
            CpuThreads.parallelFor(c, n, (c0, c1) -> columnSums(dx, n, c, c0, c1, dbias));
        } else if (dbias != null) {
            CpuThreads.parallelFor(c, (long) n * s, (c0, c1) -> {
                int ch = c0;
                for (; ch + 4 <= c1; ch += 4) channelSums4(dx, ch, n, c, s, dbias);
                for (; ch < c1; ch++) dbias.data[dbias.offset + ch] = channelSum(dx, ch, n, c, s);
            });
        }
    }

    /** Whether dense rows [n, c] of this activation take {@link #forwardRow} and {@link #backwardRow}. */
    private static boolean denseRows(Activation act) {
        return act == Activation.IDENTITY || act == Activation.RELU || act == Activation.LEAKY_RELU;
    }

    /**
     * y = act(x + bias) along one dense row, the bias read along with it (no per-element channel
     * lookup or switch); the element loops' operations, so the same bits. C2 vectorizes these loops;
     * with the Vector API module, {@link CpuActivationVector}'s explicit vectors run instead (the same bits).
     */
    private static void forwardRow(Activation act, float a, float[] x, int xo, float[] bias, int bo, float[] y, int yo, int c) {
        if (bias == null) {
            forwardRun(act, x, xo, 0f, a, y, yo, c);
            return;
        }
        if (CpuGemm.VECTOR) {
            switch (act) {
                case RELU -> CpuActivationVector.reluRow(x, xo, bias, bo, y, yo, c);
                case LEAKY_RELU -> CpuActivationVector.leakyRow(a, x, xo, bias, bo, y, yo, c);
                default -> CpuActivationVector.identityRow(x, xo, bias, bo, y, yo, c);
            }
            return;
        }
        switch (act) {
            case RELU -> {
                for (int k = 0; k < c; k++) y[yo + k] = Math.max(x[xo + k] + bias[bo + k], 0f);
            }
            case LEAKY_RELU -> {
                for (int k = 0; k < c; k++) {
                    float z = x[xo + k] + bias[bo + k];
                    y[yo + k] = z > 0 ? z : a * z;
                }
            }
            default -> {
                for (int k = 0; k < c; k++) y[yo + k] = x[xo + k] + bias[bo + k];
            }
        }
    }

    /** dx = dy * act'(x + bias) along one dense row; dx may be dy. */
    private static void backwardRow(Activation act, float a, float[] x, int xo, float[] bias, int bo, float[] dy, int dyo,
                                    float[] dx, int dxo, int c) {
        if (CpuGemm.VECTOR && bias != null && act != Activation.IDENTITY) {
            CpuActivationVector.reluBackwardRow(act == Activation.LEAKY_RELU, a, x, xo, bias, bo, dy, dyo, dx, dxo, c);
            return;
        }
        switch (act) {
            case RELU -> {
                for (int k = 0; k < c; k++) dx[dxo + k] = x[xo + k] + (bias == null ? 0f : bias[bo + k]) > 0 ? dy[dyo + k] : 0f;
            }
            case LEAKY_RELU -> {
                for (int k = 0; k < c; k++) {
                    float d = dy[dyo + k];
                    dx[dxo + k] = x[xo + k] + (bias == null ? 0f : bias[bo + k]) > 0 ? d : a * d;
                }
            }
            default -> System.arraycopy(dy, dyo, dx, dxo, c);
        }
    }

    /** 1 / (1 + exp(-z)) without overflow for large |z|. */
    static double sigmoid(double z) {
        if (z >= 0) return 1 / (1 + Math.exp(-z));
        double e = Math.exp(z);
        return e / (1 + e);
    }

    /** log(1 + exp(z)) without overflow for large z or loss of precision for very negative z. */
    static double softplus(double z) {
        return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    private static float biasOf(CpuTensor bias, int ch) {
        return bias == null ? 0f : bias.data[bias.offset + ch];
    }

    /** The activation's parameter for one channel: PReLU's learned slope, else alpha. */
    private static float paramOf(Activation act, float alpha, CpuTensor slope, int ch) {
        return act == Activation.PRELU ? slope.data[slope.offset + ch] : alpha;
    }

    /** y[yo + k] = act(x[xo + k] + b) for k in [0, len); a is the leaky/PReLU slope or ELU scale. */
    private static void forwardRun(Activation act, float[] x, int xo, float b, float a, float[] y, int yo, int len) {
        switch (act) {
            case IDENTITY -> {
                for (int k = 0; k < len; k++) y[yo + k] = x[xo + k] + b;
            }
            case STEP -> {
                for (int k = 0; k < len; k++) y[yo + k] = x[xo + k] + b > 0 ? 1f : 0f;
            }
            case SIGMOID -> {
                for (int k = 0; k < len; k++) y[yo + k] = (float) sigmoid(x[xo + k] + b);
            }
            case TANH -> {
                for (int k = 0; k < len; k++) y[yo + k] = (float) Math.tanh(x[xo + k] + b);
            }
            case RELU -> {
                if (CpuGemm.VECTOR) {
                    CpuActivationVector.reluRun(x, xo, b, y, yo, len);
                    return;
                }
                for (int k = 0; k < len; k++) y[yo + k] = Math.max(x[xo + k] + b, 0f);
            }
            case LEAKY_RELU, PRELU -> {
                if (CpuGemm.VECTOR) {
                    CpuActivationVector.leakyRun(a, x, xo, b, y, yo, len);
                    return;
                }
                for (int k = 0; k < len; k++) {
                    float z = x[xo + k] + b;
                    y[yo + k] = z > 0 ? z : a * z;
                }
            }
            case ELU -> {
                for (int k = 0; k < len; k++) {
                    float z = x[xo + k] + b;
                    y[yo + k] = z > 0 ? z : (float) (a * Math.expm1(z));
                }
            }
            case SOFTPLUS -> {
                for (int k = 0; k < len; k++) y[yo + k] = (float) softplus(x[xo + k] + b);
            }
            case HARD_TANH -> {
                for (int k = 0; k < len; k++) y[yo + k] = Math.min(Math.max(x[xo + k] + b, -1f), 1f);
            }
            case EXP -> {
                for (int k = 0; k < len; k++) y[yo + k] = (float) Math.exp(x[xo + k] + b);
            }
            case SOFTMAX -> throw new IllegalStateException("softmax is not elementwise");
        }
    }

    /**
     * dx = dy * act'(z), z = x + b, over one run. Reads x, y and dy at index k before writing dx
     * there, so dx may be dy. Sigmoid, tanh, exp and ELU's negative side take the derivative
     * from y; the rest from z, which also places the kinks exactly where the forward has them.
     */
    private static void backwardRun(Activation act, float[] x, int xo, float b, float a, float[] y, int yo,
                                    float[] dy, int dyo, float[] dx, int dxo, int len) {
        switch (act) {
            case IDENTITY -> {
                for (int k = 0; k < len; k++) dx[dxo + k] = dy[dyo + k];
            }
            case STEP -> {
                for (int k = 0; k < len; k++) dx[dxo + k] = 0f;
            }
            case SIGMOID -> {
                for (int k = 0; k < len; k++) {
                    float v = y[yo + k];
                    dx[dxo + k] = dy[dyo + k] * v * (1f - v);
                }
            }
            case TANH -> {
                for (int k = 0; k < len; k++) {
                    float v = y[yo + k];
                    dx[dxo + k] = dy[dyo + k] * (1f - v * v);
                }
            }
            case RELU, LEAKY_RELU, PRELU -> {
                boolean leaky = act != Activation.RELU;
                if (CpuGemm.VECTOR) {
                    CpuActivationVector.reluBackwardRun(leaky, a, x, xo, b, dy, dyo, dx, dxo, len);
                    return;
                }
                for (int k = 0; k < len; k++) dx[dxo + k] = x[xo + k] + b > 0 ? dy[dyo + k] : leaky ? a * dy[dyo + k] : 0f;
            }
            case ELU -> {
                for (int k = 0; k < len; k++) {
                    dx[dxo + k] = x[xo + k] + b > 0 ? dy[dyo + k] : dy[dyo + k] * (y[yo + k] + a);
                }
            }
            case SOFTPLUS -> {
                for (int k = 0; k < len; k++) dx[dxo + k] = (float) (dy[dyo + k] * sigmoid(x[xo + k] + b));
            }
            case HARD_TANH -> {
                for (int k = 0; k < len; k++) {
                    float z = x[xo + k] + b;
                    dx[dxo + k] = z > -1f && z < 1f ? dy[dyo + k] : 0f;
                }
            }
            case EXP -> {
                for (int k = 0; k < len; k++) dx[dxo + k] = dy[dyo + k] * y[yo + k];
            }
            case SOFTMAX -> throw new IllegalStateException("softmax is not elementwise");
        }
    }

    /** Softmax over the channels of example i at every spatial position; max-subtracted. */
    private static void softmaxForward(CpuTensor x, CpuTensor bias, CpuTensor y, int i, int c, int s) {
        float[] xd = x.data, yd = y.data;
        int xBase = x.offset + i * c * s, yBase = y.offset + i * c * s;
        for (int p = 0; p < s; p++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int ch = 0; ch < c; ch++) max = Math.max(max, xd[xBase + ch * s + p] + biasOf(bias, ch));
            double sum = 0;
            for (int ch = 0; ch < c; ch++) {
                float e = (float) Math.exp(xd[xBase + ch * s + p] + biasOf(bias, ch) - max);
                yd[yBase + ch * s + p] = e;
                sum += e;
            }
            double inv = 1 / sum;
            for (int ch = 0; ch < c; ch++) yd[yBase + ch * s + p] = (float) (yd[yBase + ch * s + p] * inv);
        }
    }

    /** dx_c = y_c * (dy_c - sum_k dy_k y_k) for example i at every spatial position. */
    private static void softmaxBackward(CpuTensor y, CpuTensor dy, CpuTensor dx, int i, int c, int s) {
        int base = i * c * s;
        for (int p = 0; p < s; p++) {
            double dot = 0;
            for (int ch = 0; ch < c; ch++) {
                int at = base + ch * s + p;
                dot += (double) dy.data[dy.offset + at] * y.data[y.offset + at];
            }
            for (int ch = 0; ch < c; ch++) {
                int at = base + ch * s + p;
                float v = y.data[y.offset + at];
                dx.data[dx.offset + at] = (float) (v * (dy.data[dy.offset + at] - dot));
            }
        }
    }

    /** d/d(slope[ch]) of sum dy * prelu(z): the sum of dy * z where z <= 0. */
    private static float slopeGradient(CpuTensor x, CpuTensor bias, CpuTensor dy, int ch, int n, int c, int s) {
        float b = biasOf(bias, ch);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            int at = (i * c + ch) * s;
            for (int k = 0; k < s; k++) {
                float z = x.data[x.offset + at + k] + b;
                if (z <= 0) sum += (double) dy.data[dy.offset + at + k] * z;
            }
        }
        return (float) sum;
    }

    /**
     * The sums over rows of columns [c0, c1) of t [n, c], in double, each column in row order (the
     * bits of {@link #channelSum}), read along the rows rather than down the columns.
     */
    private static void columnSums(CpuTensor t, int n, int c, int c0, int c1, CpuTensor out) {
        int width = c1 - c0;
        double[] sum = SUMS.get();
        if (sum.length < width) SUMS.set(sum = new double[width]);
        java.util.Arrays.fill(sum, 0, width, 0.0);
        for (int i = 0; i < n; i++) {
            int at = t.offset + i * c + c0;
            for (int k = 0; k < width; k++) sum[k] += t.data[at + k];
        }
        for (int k = 0; k < width; k++) out.data[out.offset + c0 + k] = (float) sum[k];
    }

    /** Per-thread column accumulators, grown on demand, so warm calls allocate nothing. */
    private static final ThreadLocal<double[]> SUMS = ThreadLocal.withInitial(() -> new double[0]);

    /**
     * {@link #channelSum} of channels ch..ch+3 at once: four independent chains of double additions,
     * each in its channel's order (the same bits), so the adds overlap instead of waiting on each other.
     */
    private static void channelSums4(CpuTensor t, int ch, int n, int c, int s, CpuTensor out) {
        float[] d = t.data;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int i = 0; i < n; i++) {
            int a0 = t.offset + (i * c + ch) * s, a1 = a0 + s, a2 = a1 + s, a3 = a2 + s;
            for (int k = 0; k < s; k++) {
                s0 += d[a0 + k];
                s1 += d[a1 + k];
                s2 += d[a2 + k];
                s3 += d[a3 + k];
            }
        }
        out.data[out.offset + ch] = (float) s0;
        out.data[out.offset + ch + 1] = (float) s1;
        out.data[out.offset + ch + 2] = (float) s2;
        out.data[out.offset + ch + 3] = (float) s3;
    }

    private static float channelSum(CpuTensor t, int ch, int n, int c, int s) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            int at = t.offset + (i * c + ch) * s;
            for (int k = 0; k < s; k++) sum += t.data[at + k];
        }
        return (float) sum;
    }
}
