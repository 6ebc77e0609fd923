package org.latent.optim;

/**
 * The learning rate of each training step. {@code t} is the number of steps already taken (0 for
 * the first step; the {@code step} column of metrics.csv counts them), so a resumed run continues
 * the schedule exactly. The rate is computed in double on the host and handed to the optimizers
 * before each step ({@link Optimizer#setLearningRate}), which pass it to their update op as they
 * pass every other per-step scalar: nothing is read back from a GPU.
 *
 * <ul>
 * <li>{@link #constant}: lr.</li>
 * <li>{@link #step}: lr * gamma^floor(t / stepSize) (PyTorch's StepLR, in steps).</li>
 * <li>{@link #exponential}: lr * gamma^(t / decaySteps) (TensorFlow's ExponentialDecay, not staircase).</li>
 * <li>{@link #cosine}: a linear warm-up lr * (t + 1) / warmup for t < warmup, then
 *     minLr + (lr - minLr) * (1 + cos(pi * p)) / 2 with p = (t - warmup) / (total - warmup), at
 *     most 1 (minLr from step {@code total} on).</li>
 * <li>{@link #plateau}: lr times the reductions made so far by {@link #epochEnd} (PyTorch's
 *     ReduceLROnPlateau, mode min, absolute threshold): after an epoch whose validation loss is
 *     not below the best so far minus {@code minDelta}, a bad epoch is counted; after
 *     {@code patience} bad epochs in a row the rate is multiplied by {@code factor} (not below
 *     {@code minLr}), the count restarts and the next {@code cooldown} epochs count no bad epochs.</li>
 * </ul>
 */
public final class LearningRateSchedule {
    /** The kinds of schedule. */
    public enum Kind { CONSTANT, STEP, EXPONENTIAL, COSINE, PLATEAU }

    private final Kind kind;
    private final double lr, gamma, minLr, factor, minDelta;
    private final long stepSize, decaySteps, warmup, total;
    private final int patience, cooldown;
    // Plateau state.
    private double best = Double.POSITIVE_INFINITY, current;
    private int badEpochs, cooldownLeft, reductions;

    private LearningRateSchedule(Kind kind, double lr, double gamma, long stepSize, long decaySteps, long warmup, long total,
                                 double minLr, double factor, int patience, double minDelta, int cooldown) {
        if (!(lr > 0) || Double.isInfinite(lr)) throw new IllegalArgumentException("learning rate " + lr + " must be positive");
        this.kind = kind;
        this.lr = lr;
        this.gamma = gamma;
        this.stepSize = stepSize;
        this.decaySteps = decaySteps;
        this.warmup = warmup;
        this.total = total;
        this.minLr = minLr;
        this.factor = factor;
        this.patience = patience;
        this.minDelta = minDelta;
        this.cooldown = cooldown;
        this.current = lr;
    }

    public static LearningRateSchedule constant(double lr) {
        return new LearningRateSchedule(Kind.CONSTANT, lr, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0);
    }

    public static LearningRateSchedule step(double lr, long stepSize, double gamma) {
        require(stepSize >= 1, "step size " + stepSize + " must be at least 1");
        require(gamma > 0 && gamma <= 1, "gamma " + gamma + " must be in (0, 1]");
        return new LearningRateSchedule(Kind.STEP, lr, gamma, stepSize, 1, 0, 0, 0, 1, 0, 0, 0);
    }

    public static LearningRateSchedule exponential(double lr, double gamma, long decaySteps) {
        require(decaySteps >= 1, "decay steps " + decaySteps + " must be at least 1");
        require(gamma > 0 && gamma <= 1, "gamma " + gamma + " must be in (0, 1]");
        return new LearningRateSchedule(Kind.EXPONENTIAL, lr, gamma, 1, decaySteps, 0, 0, 0, 1, 0, 0, 0);
    }

    public static LearningRateSchedule cosine(double lr, long warmup, long total, double minLr) {
        require(warmup >= 0, "warm-up steps " + warmup + " must be 0 or more");
        require(total > warmup, "total steps " + total + " must be more than the warm-up steps " + warmup);
        require(minLr >= 0 && minLr <= lr, "min lr " + minLr + " must be in [0, lr]");
        return new LearningRateSchedule(Kind.COSINE, lr, 1, 1, 1, warmup, total, minLr, 1, 0, 0, 0);
    }

    public static LearningRateSchedule plateau(double lr, double factor, int patience, double minDelta, double minLr, int cooldown) {
        require(factor > 0 && factor < 1, "factor " + factor + " must be in (0, 1)");
        require(patience >= 0 && cooldown >= 0, "patience " + patience + " and cooldown " + cooldown + " must be 0 or more");
        require(minDelta >= 0 && minLr >= 0, "min delta " + minDelta + " and min lr " + minLr + " must be 0 or more");
        return new LearningRateSchedule(Kind.PLATEAU, lr, 1, 1, 1, 0, 0, minLr, factor, patience, minDelta, cooldown);
    }

    public Kind kind() {
        return kind;
    }

    /** Whether the rate ever differs from the configured one. */
    public boolean varies() {
        return kind != Kind.CONSTANT;
    }

    /** The learning rate of the step taken after {@code t} steps. */
    public double lr(long t) {
        return switch (kind) {
            case CONSTANT -> lr;
            case STEP -> lr * Math.pow(gamma, (double) (t / stepSize));
            case EXPONENTIAL -> lr * Math.pow(gamma, (double) t / decaySteps);
            case COSINE -> {
                if (t < warmup) yield lr * (t + 1) / warmup;
                double p = Math.min(1.0, (double) (t - warmup) / (total - warmup));
                yield minLr + (lr - minLr) * (1 + Math.cos(Math.PI * p)) / 2;
            }
            case PLATEAU -> current;
        };
    }

    /**
     * After an epoch: the validation loss, for {@link Kind#PLATEAU} (the others ignore it). Returns
     * whether the rate was reduced.
     */
    public boolean epochEnd(double validationLoss) {
        if (kind != Kind.PLATEAU) return false;
        if (validationLoss < best - minDelta) {
            best = validationLoss;
            badEpochs = 0;
        } else {
            badEpochs++;
        }
        if (cooldownLeft > 0) {
            cooldownLeft--;
            badEpochs = 0;
        }
        if (badEpochs > patience) {
            double reduced = Math.max(current * factor, minLr);
            badEpochs = 0;
            cooldownLeft = cooldown;
            if (current - reduced > 1e-12 * lr) {
                current = reduced;
                reductions++;
                return true;
            }
        }
        return false;
    }

    /**
     * The plateau state after the epochs seen so far, for the run folder's controls file: best
     * (null before a finite one), bad_epochs, cooldown_left, lr, reductions. Other kinds have none.
     */
    public java.util.Map<String, Object> state() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        if (kind != Kind.PLATEAU) return m;
        m.put("best", Double.isFinite(best) ? best : null);
        m.put("bad_epochs", badEpochs);
        m.put("cooldown_left", cooldownLeft);
        m.put("lr", current);
        m.put("reductions", reductions);
        return m;
    }

    /** Puts back a {@link #state()}. */
    public void restore(java.util.Map<String, Object> m) {
        if (kind != Kind.PLATEAU) return;
        Object b = m.get("best");
        best = b == null ? Double.POSITIVE_INFINITY : ((Number) b).doubleValue();
        badEpochs = ((Number) m.get("bad_epochs")).intValue();
        cooldownLeft = ((Number) m.get("cooldown_left")).intValue();
        current = ((Number) m.get("lr")).doubleValue();
        reductions = ((Number) m.get("reductions")).intValue();
    }

    /** Plateau reductions made so far. */
    public int reductions() {
        return reductions;
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }
}
