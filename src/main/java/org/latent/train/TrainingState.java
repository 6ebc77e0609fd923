package org.latent.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.latent.io.JsonException;
import org.latent.model.ModelContext;
import org.latent.rng.RandomKey;

/**
 * Where a run stands, as saved with a checkpoint: {@code epoch} epochs complete and
 * {@code stepInEpoch} steps into the next, the global step and optimizer step counts, the training
 * loss read so far in the current epoch (summed over {@code epochLossSteps} steps), the step counts
 * of the model's running losses not read yet (their partial sums are tensors of the checkpoint), the
 * seconds trained in the current epoch so far, and every random stream of the model. The shuffle
 * order is a function of (seed, epoch), recorded for reference.
 */
public record TrainingState(int epoch, int stepInEpoch, long globalStep, Map<String, Long> optimizerSteps, double epochLossSum,
                            int epochLossSteps, Map<String, RandomKey> randomKeys, Map<String, Integer> runningLossSteps,
                            double epochSeconds) {
    /** 2: optimizer_steps by optimizer name (1 had one number). */
    public static final int FORMAT = 2;

    public TrainingState {
        optimizerSteps = Map.copyOf(optimizerSteps);
        randomKeys = Map.copyOf(randomKeys);
        runningLossSteps = Map.copyOf(runningLossSteps);
    }

    /** A state at an epoch's start or end: nothing pending in the running losses, no time in the epoch yet. */
    public TrainingState(int epoch, int stepInEpoch, long globalStep, Map<String, Long> optimizerSteps, double epochLossSum,
                         int epochLossSteps, Map<String, RandomKey> randomKeys) {
        this(epoch, stepInEpoch, globalStep, optimizerSteps, epochLossSum, epochLossSteps, randomKeys, Map.of(), 0);
    }

    /** Before the first step of a fresh run. */
    public static TrainingState start(ModelContext model) {
        return new TrainingState(0, 0, 0, model.optimizerSteps(), 0, 0, model.randomKeys());
    }

    public Map<String, Object> toJson(long seed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("epoch", epoch);
        m.put("step_in_epoch", stepInEpoch);
        m.put("global_step", globalStep);
        Map<String, Object> steps = new LinkedHashMap<>();
        optimizerSteps.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> steps.put(e.getKey(), e.getValue()));
        m.put("optimizer_steps", steps);
        m.put("epoch_loss_sum", epochLossSum);
        m.put("epoch_loss_steps", epochLossSteps);
        Map<String, Object> pending = new LinkedHashMap<>();
        runningLossSteps.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> pending.put(e.getKey(), e.getValue()));
        m.put("running_loss_steps", pending);
        m.put("epoch_seconds", epochSeconds);
        Map<String, Object> keys = new LinkedHashMap<>();
        randomKeys.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> keys.put(e.getKey(), key(e.getValue())));
        keys.put("shuffle", key(EpochOrder.key(seed, epoch)));
        m.put("random_keys", keys);
        return m;
    }

    /**
     * Reads a state written by {@link #toJson} (format 2, or 1 with one optimizer step count),
     * checking every value: counters whole numbers in range and consistent with each other, the
     * loss sum finite, every random key a {seed, stream, counter} object of whole numbers. A bad
     * value is refused with {@code source} (the file) and the key.
     */
    public static TrainingState fromJson(Map<String, Object> m, String source) {
        String where = source + ": training state";
        if (m == null) throw new JsonException(where + ": missing");
        long format = whole(m, "format", where, 0, Long.MAX_VALUE);
        if (format != FORMAT && format != 1) {
            throw new JsonException(where + ": format " + format + " is not " + FORMAT
                    + " (written by another version of Latent; start the run again)");
        }
        int epoch = (int) whole(m, "epoch", where, 0, Integer.MAX_VALUE);
        int stepInEpoch = (int) whole(m, "step_in_epoch", where, 0, Integer.MAX_VALUE);
        long globalStep = whole(m, "global_step", where, 0, Long.MAX_VALUE);
        Map<String, Long> steps = new LinkedHashMap<>();
        if (format == 1) {
            steps.put(ModelContext.ONLY_OPTIMIZER, whole(m, "optimizer_steps", where, 0, Long.MAX_VALUE));
        } else {
            Object o = m.get("optimizer_steps");
            if (!(o instanceof Map<?, ?> byName)) {
                throw new JsonException(where + ": optimizer_steps " + shown(o) + " is not an object of step counts by optimizer");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> counts = (Map<String, Object>) byName;
            for (String name : counts.keySet()) steps.put(name, whole(counts, name, where + ": optimizer_steps", 0, Long.MAX_VALUE));
        }
        Object sum = m.get("epoch_loss_sum");
        if (!(sum instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new JsonException(where + ": epoch_loss_sum " + shown(sum) + " is not a finite number");
        }
        double epochLossSum = ((Number) sum).doubleValue();
        int epochLossSteps = (int) whole(m, "epoch_loss_steps", where, 0, Integer.MAX_VALUE);
        // Every epoch takes at least one step, so the global step covers the epochs and the steps into this one.
        if (globalStep < (long) epoch + stepInEpoch) {
            throw new JsonException(where + ": global_step " + globalStep + " is less than epoch " + epoch
                    + " + step_in_epoch " + stepInEpoch + " (every epoch takes at least one step)");
        }
        if (epochLossSteps > stepInEpoch) {
            throw new JsonException(where + ": epoch_loss_steps " + epochLossSteps + " is more than step_in_epoch "
                    + stepInEpoch + " (the loss is summed over the steps of this epoch)");
        }
        if (epochLossSteps == 0 && epochLossSum != 0) {
            throw new JsonException(where + ": epoch_loss_sum " + epochLossSum + " over epoch_loss_steps 0 (it must be 0)");
        }
        // Both absent in states written before they were saved: nothing pending, no time carried over.
        Map<String, Integer> pending = new LinkedHashMap<>();
        Object p = m.get("running_loss_steps");
        if (p != null) {
            if (!(p instanceof Map<?, ?> byName)) {
                throw new JsonException(where + ": running_loss_steps " + shown(p) + " is not an object of step counts by name");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> counts = (Map<String, Object>) byName;
            for (String name : counts.keySet()) {
                pending.put(name, (int) whole(counts, name, where + ": running_loss_steps", 0, Integer.MAX_VALUE));
            }
        }
        Object seconds = m.get("epoch_seconds");
        if (seconds != null && (!(seconds instanceof Number t) || !Double.isFinite(t.doubleValue()) || t.doubleValue() < 0)) {
            throw new JsonException(where + ": epoch_seconds " + shown(seconds) + " is not a finite number >= 0");
        }
        double epochSeconds = seconds == null ? 0 : ((Number) seconds).doubleValue();
        Object k = m.get("random_keys");
        if (!(k instanceof Map<?, ?> keyMap)) {
            throw new JsonException(where + ": random_keys " + shown(k) + " is not an object of random streams");
        }
        Map<String, RandomKey> keys = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : keyMap.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (name.equals("shuffle")) continue; // a function of (seed, epoch), recorded for reference
            String at = where + ": random_keys." + name;
            if (!(e.getValue() instanceof Map<?, ?> v)) throw new JsonException(at + " " + shown(e.getValue()) + " is not a {seed, stream, counter} object");
            for (Object field : v.keySet()) {
                if (!field.equals("seed") && !field.equals("stream") && !field.equals("counter")) {
                    throw new JsonException(at + ": unknown field " + field + " (a random key has seed, stream and counter)");
                }
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) v;
            keys.put(name, new RandomKey(whole(fields, "seed", at, Long.MIN_VALUE, Long.MAX_VALUE),
                    whole(fields, "stream", at, 0, Long.MAX_VALUE), whole(fields, "counter", at, 0, Long.MAX_VALUE)));
        }
        return new TrainingState(epoch, stepInEpoch, globalStep, steps, epochLossSum, epochLossSteps, keys, pending, epochSeconds);
    }

    /**
     * Refuses a state that cannot be a point of a run whose epochs take {@code stepsPerEpoch} steps
     * (a checkpoint taken stepInEpoch steps into an epoch that has fewer). {@code source} names the
     * checkpoint file.
     */
    public void checkResumable(int stepsPerEpoch, String source) {
        if (stepInEpoch >= stepsPerEpoch) {
            throw new IllegalStateException(source + ": training state: step_in_epoch " + stepInEpoch + " is not below the "
                    + stepsPerEpoch + " steps of an epoch of this run");
        }
    }

    /** A whole number in [lo, hi] at {@code key}: Integer or Long as the JSON reader gives them, nothing fractional or bigger. */
    private static long whole(Map<String, Object> m, String key, String where, long lo, long hi) {
        Object v = m.get(key);
        if (!(v instanceof Integer || v instanceof Long)) {
            String what = v == null ? "is missing" : v instanceof Number ? shown(v) + " is not a whole number in range"
                    : shown(v) + " is not a number";
            throw new JsonException(where + ": " + key + " " + what);
        }
        long x = ((Number) v).longValue();
        if (x < lo || x > hi) {
            throw new JsonException(where + ": " + key + " " + x + " is out of range (" + lo + " to " + hi + ")");
        }
        return x;
    }

    private static String shown(Object v) {
        if (v == null) return "null";
        String s = v instanceof String str ? "\"" + str + "\"" : v instanceof Map ? "{...}" : v instanceof List ? "[...]" : v.toString();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    private static Map<String, Object> key(RandomKey k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", k.seed());
        m.put("stream", k.stream());
        m.put("counter", k.counter());
        return m;
    }
}
