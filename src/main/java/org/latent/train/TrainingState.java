package org.latent.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.latent.io.JsonException;
import org.latent.model.ModelContext;
import org.latent.rng.RandomKey;

/**
 * Where a run stands, as saved with a checkpoint: {@code epoch} epochs complete and
 * {@code stepInEpoch} steps into the next, the global step and optimizer step counts, the training
 * loss summed so far in the current epoch (so its mean comes out right after a resume) and every
 * random stream of the model. The shuffle order is a function of (seed, epoch), recorded for reference.
 */
public record TrainingState(int epoch, int stepInEpoch, long globalStep, Map<String, Long> optimizerSteps, double epochLossSum,
                            int epochLossSteps, Map<String, RandomKey> randomKeys) {
    /** 2: optimizer_steps by optimizer name (1 had one number). */
    public static final int FORMAT = 2;

    public TrainingState {
        optimizerSteps = Map.copyOf(optimizerSteps);
        randomKeys = Map.copyOf(randomKeys);
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
        Map<String, Object> keys = new LinkedHashMap<>();
        randomKeys.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> keys.put(e.getKey(), key(e.getValue())));
        keys.put("shuffle", key(EpochOrder.key(seed, epoch)));
        m.put("random_keys", keys);
        return m;
    }

    public static TrainingState fromJson(Map<String, Object> m, String source) {
        try {
            int format = num(m, "format").intValue();
            if (format != FORMAT && format != 1) {
                throw new JsonException(source + ": state format " + format + " is not " + FORMAT
                        + " (written by another version of Latent; start the run again)");
            }
            Map<String, Long> steps = new LinkedHashMap<>();
            if (format == 1) {
                steps.put(ModelContext.ONLY_OPTIMIZER, num(m, "optimizer_steps").longValue());
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> o = (Map<String, Object>) m.get("optimizer_steps");
                for (String name : o.keySet()) steps.put(name, num(o, name).longValue());
            }
            Map<String, RandomKey> keys = new LinkedHashMap<>();
            @SuppressWarnings("unchecked")
            Map<String, Object> k = (Map<String, Object>) m.get("random_keys");
            for (Map.Entry<String, Object> e : k.entrySet()) {
                if (e.getKey().equals("shuffle")) continue;
                @SuppressWarnings("unchecked")
                Map<String, Object> v = (Map<String, Object>) e.getValue();
                keys.put(e.getKey(), new RandomKey(num(v, "seed").longValue(), num(v, "stream").longValue(),
                        num(v, "counter").longValue()));
            }
            return new TrainingState(num(m, "epoch").intValue(), num(m, "step_in_epoch").intValue(),
                    num(m, "global_step").longValue(), steps,
                    num(m, "epoch_loss_sum").doubleValue(), num(m, "epoch_loss_steps").intValue(), keys);
        } catch (ClassCastException | NullPointerException e) {
            throw new JsonException(source + ": not a Latent training state (" + e.getMessage() + ")", e);
        }
    }

    private static Number num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Number n)) throw new JsonException("training state: " + key + " is missing or not a number");
        return n;
    }

    private static Map<String, Object> key(RandomKey k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", k.seed());
        m.put("stream", k.stream());
        m.put("counter", k.counter());
        return m;
    }
}
