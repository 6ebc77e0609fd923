package org.latent.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.latent.optim.LearningRateSchedule;

/**
 * {@code optimizer.schedule}: how the learning rate changes over the run
 * ({@link LearningRateSchedule}); steps count training batches from 0.
 *
 * <ul>
 * <li>{@code step}: {@code step_size} (required), {@code gamma} (0.1).</li>
 * <li>{@code exponential}: {@code gamma} (required), {@code decay_steps} (1).</li>
 * <li>{@code cosine}: {@code warmup_steps} (0), {@code total_steps} (0: every step of the run,
 *     training.epochs x steps per epoch), {@code min_lr} (0).</li>
 * <li>{@code plateau} (on the validation loss, after each epoch): {@code factor} (0.1),
 *     {@code patience} (10), {@code min_delta} (0), {@code min_lr} (0), {@code cooldown} (0).</li>
 * </ul>
 */
public record ScheduleConfig(String name, int stepSize, double gamma, int decaySteps, int warmupSteps, int totalSteps,
                             double minLr, double factor, int patience, double minDelta, int cooldown) {
    public static final List<String> NAMES = List.of("step", "exponential", "cosine", "plateau");

    public ScheduleConfig {
        name = Check.oneOf("optimizer.schedule.name", name, NAMES);
        switch (name) {
            case "step" -> {
                Check.positive("optimizer.schedule.step_size", stepSize);
                decay("optimizer.schedule.gamma", gamma);
            }
            case "exponential" -> {
                decay("optimizer.schedule.gamma", gamma);
                Check.positive("optimizer.schedule.decay_steps", decaySteps);
            }
            case "cosine" -> {
                Check.nonNegative("optimizer.schedule.warmup_steps", warmupSteps);
                Check.nonNegative("optimizer.schedule.total_steps", totalSteps);
                if (totalSteps > 0 && totalSteps <= warmupSteps) {
                    throw new ConfigException("optimizer.schedule.total_steps: " + totalSteps + " must be more than warmup_steps "
                            + warmupSteps);
                }
                Check.nonNegative("optimizer.schedule.min_lr", minLr);
            }
            default -> {
                if (!(factor > 0 && factor < 1)) throw new ConfigException("optimizer.schedule.factor: " + factor + " must be in (0, 1)");
                Check.nonNegative("optimizer.schedule.patience", patience);
                Check.nonNegative("optimizer.schedule.min_delta", minDelta);
                Check.nonNegative("optimizer.schedule.min_lr", minLr);
                Check.nonNegative("optimizer.schedule.cooldown", cooldown);
            }
        }
    }

    /** lr * gamma^floor(t / stepSize). */
    public static ScheduleConfig step(int stepSize, double gamma) {
        return new ScheduleConfig("step", stepSize, gamma, 1, 0, 0, 0, 0.1, 10, 0, 0);
    }

    /** lr * gamma^(t / decaySteps). */
    public static ScheduleConfig exponential(double gamma, int decaySteps) {
        return new ScheduleConfig("exponential", 1, gamma, decaySteps, 0, 0, 0, 0.1, 10, 0, 0);
    }

    /** Linear warm-up over {@code warmupSteps}, then cosine decay to {@code minLr} at {@code totalSteps} (0: the run's last step). */
    public static ScheduleConfig cosine(int warmupSteps, int totalSteps, double minLr) {
        return new ScheduleConfig("cosine", 1, 0.1, 1, warmupSteps, totalSteps, minLr, 0.1, 10, 0, 0);
    }

    /** Reduce on plateau of the validation loss: times {@code factor} after more than {@code patience} epochs without improvement. */
    public static ScheduleConfig plateau(double factor, int patience) {
        return new ScheduleConfig("plateau", 1, 0.1, 1, 0, 0, 0, factor, patience, 0, 0);
    }

    /** Plateau: an improvement must be larger than {@code d}. */
    public ScheduleConfig withMinDelta(double d) {
        return new ScheduleConfig(name, stepSize, gamma, decaySteps, warmupSteps, totalSteps, minLr, factor, patience, d, cooldown);
    }

    /** Cosine and plateau: the lowest rate. */
    public ScheduleConfig withMinLr(double m) {
        return new ScheduleConfig(name, stepSize, gamma, decaySteps, warmupSteps, totalSteps, m, factor, patience, minDelta, cooldown);
    }

    /** Plateau: epochs after a reduction that count no bad epochs. */
    public ScheduleConfig withCooldown(int c) {
        return new ScheduleConfig(name, stepSize, gamma, decaySteps, warmupSteps, totalSteps, minLr, factor, patience, minDelta, c);
    }

    /** Whether the schedule reads the validation loss (plateau). */
    public boolean needsValidation() {
        return name.equals("plateau");
    }

    /** The schedule for base rate {@code lr} in a run of {@code runSteps} steps in all. */
    public LearningRateSchedule create(double lr, long runSteps) {
        return switch (name) {
            case "step" -> LearningRateSchedule.step(lr, stepSize, gamma);
            case "exponential" -> LearningRateSchedule.exponential(lr, gamma, decaySteps);
            case "cosine" -> {
                long total = totalSteps > 0 ? totalSteps : runSteps;
                if (total <= warmupSteps) {
                    throw new ConfigException("optimizer.schedule.warmup_steps: " + warmupSteps + " warm-up steps leave no steps"
                            + " to decay over in a run of " + total + " steps");
                }
                if (minLr > lr) throw new ConfigException("optimizer.schedule.min_lr: " + minLr + " is above optimizer.lr " + lr);
                yield LearningRateSchedule.cosine(lr, warmupSteps, total, minLr);
            }
            default -> LearningRateSchedule.plateau(lr, factor, patience, minDelta, minLr, cooldown);
        };
    }

    static ScheduleConfig parse(ConfigObject o) {
        String name = Check.oneOf(o.where("name"), o.requiredString("name"), NAMES);
        switch (name) {
            case "step" -> {
                o.allowOnly("name", "step_size", "gamma");
                return step(o.requiredInteger("step_size"), o.number("gamma", 0.1));
            }
            case "exponential" -> {
                o.allowOnly("name", "gamma", "decay_steps");
                if (!o.has("gamma")) throw new ConfigException(o.where("gamma") + ": required key is missing");
                return exponential(o.number("gamma", 0), o.integer("decay_steps", 1));
            }
            case "cosine" -> {
                o.allowOnly("name", "warmup_steps", "total_steps", "min_lr");
                return cosine(o.integer("warmup_steps", 0), o.integer("total_steps", 0), o.number("min_lr", 0));
            }
            default -> {
                o.allowOnly("name", "factor", "patience", "min_delta", "min_lr", "cooldown");
                return plateau(o.number("factor", 0.1), o.integer("patience", 10)).withMinDelta(o.number("min_delta", 0))
                        .withMinLr(o.number("min_lr", 0)).withCooldown(o.integer("cooldown", 0));
            }
        }
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        switch (name) {
            case "step" -> {
                m.put("step_size", stepSize);
                m.put("gamma", gamma);
            }
            case "exponential" -> {
                m.put("gamma", gamma);
                m.put("decay_steps", decaySteps);
            }
            case "cosine" -> {
                m.put("warmup_steps", warmupSteps);
                m.put("total_steps", totalSteps);
                m.put("min_lr", minLr);
            }
            default -> {
                m.put("factor", factor);
                m.put("patience", patience);
                m.put("min_delta", minDelta);
                m.put("min_lr", minLr);
                m.put("cooldown", cooldown);
            }
        }
        return m;
    }

    private static void decay(String key, double gamma) {
        if (!(gamma > 0 && gamma <= 1)) throw new ConfigException(key + ": " + gamma + " must be in (0, 1]");
    }
}
