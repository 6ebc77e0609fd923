package org.latent.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.latent.nn.ParameterSet;
import org.latent.optim.Adam;
import org.latent.optim.GradientFree;
import org.latent.optim.GradientControls;
import org.latent.optim.Optimizer;
import org.latent.optim.PowellTrainer;
import org.latent.optim.RmsProp;
import org.latent.optim.Sgd;

/**
 * The "optimizer" section: {@code name} (adam, adamw, sgd, rmsprop), the learning rate {@code lr}
 * and the optimizer's own settings, plus the training controls every gradient optimizer takes
 * ({@link Controls}): {@code weight_decay}, {@code clip_norm} and a learning-rate
 * {@code schedule}; or powell (autoencoder family only, E7's tiny nets): Powell's
 * derivative-free method over the training set's summed loss, with {@code max_evaluations} and
 * optional {@code relative_threshold}, {@code absolute_threshold}.
 */
public sealed interface OptimizerConfig {
    List<String> NAMES = List.of("adam", "adamw", "sgd", "rmsprop", "powell");

    double lr();

    Map<String, Object> toJson();

    Optimizer create(ParameterSet params);

    /**
     * Weight decay (L2 on the loss, or decoupled for adamw), clipping by global norm (0: none) and
     * the learning-rate schedule (null: constant).
     */
    record Controls(double weightDecay, double clipNorm, ScheduleConfig schedule) {
        public static final Controls NONE = new Controls(0, 0, null);

        public Controls {
            Check.nonNegative("optimizer.weight_decay", weightDecay);
            Check.nonNegative("optimizer.clip_norm", clipNorm);
        }

        GradientControls gradients(boolean decoupled) {
            return new GradientControls(weightDecay, decoupled, clipNorm);
        }

        void putJson(Map<String, Object> m) {
            m.put("weight_decay", weightDecay);
            m.put("clip_norm", clipNorm);
            if (schedule != null) m.put("schedule", schedule.toJson());
        }

        static Controls parse(ConfigObject o, double defaultWeightDecay) {
            return new Controls(o.number("weight_decay", defaultWeightDecay), o.number("clip_norm", 0),
                    o.has("schedule") ? ScheduleConfig.parse(o.object("schedule")) : null);
        }
    }

    /** The training controls (none for powell). */
    default Controls controls() {
        return Controls.NONE;
    }

    /** The same optimizer with these controls. */
    OptimizerConfig withControls(Controls c);

    /** L2 weight decay on the loss (g += wd * p); for adamw, the decoupled decay. */
    default OptimizerConfig withWeightDecay(double wd) {
        return withControls(new Controls(wd, controls().clipNorm(), controls().schedule()));
    }

    /** Clips each parameter set's gradients to this global L2 norm before every update (0: no clipping). */
    default OptimizerConfig withClipNorm(double maxNorm) {
        return withControls(new Controls(controls().weightDecay(), maxNorm, controls().schedule()));
    }

    /** A learning-rate schedule (null: constant). */
    default OptimizerConfig withSchedule(ScheduleConfig schedule) {
        return withControls(new Controls(controls().weightDecay(), controls().clipNorm(), schedule));
    }

    /** Adam with PyTorch's defaults (beta1 0.9, beta2 0.999, eps 1e-8), E1's optimizer. */
    static OptimizerConfig adam(double lr) {
        return new AdamConfig(lr, 0.9, 0.999, 1e-8);
    }

    /** AdamW (PyTorch's defaults: beta1 0.9, beta2 0.999, eps 1e-8): Adam with decoupled weight decay p *= 1 - lr * wd. */
    static OptimizerConfig adamw(double lr, double weightDecay) {
        return new AdamConfig(lr, 0.9, 0.999, 1e-8, true, new Controls(weightDecay, 0, null));
    }

    static OptimizerConfig sgd(double lr, double momentum, boolean nesterov) {
        return new SgdConfig(lr, momentum, nesterov);
    }

    /** RMSprop with Keras' defaults (rho 0.9, eps 1e-7). */
    static OptimizerConfig rmsprop(double lr) {
        return new RmsPropConfig(lr, 0.9, 1e-7);
    }

    /** Adam, or with {@code decoupled} AdamW (named "adamw" in configs). */
    record AdamConfig(double lr, double beta1, double beta2, double eps, boolean decoupled, Controls controls)
            implements OptimizerConfig {
        public AdamConfig {
            Check.positive("optimizer.lr", lr);
            Check.unit("optimizer.beta1", beta1, false);
            Check.unit("optimizer.beta2", beta2, false);
            Check.positive("optimizer.eps", eps);
            controls = controls == null ? Controls.NONE : controls;
        }

        public AdamConfig(double lr, double beta1, double beta2, double eps) {
            this(lr, beta1, beta2, eps, false, Controls.NONE);
        }

        @Override
        public AdamConfig withControls(Controls c) {
            return new AdamConfig(lr, beta1, beta2, eps, decoupled, c);
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = json(decoupled ? "adamw" : "adam", "lr", lr, "beta1", beta1, "beta2", beta2, "eps", eps);
            controls.putJson(m);
            return m;
        }

        @Override
        public Optimizer create(ParameterSet params) {
            return new Adam(params, (float) lr, (float) beta1, (float) beta2, (float) eps, controls.gradients(decoupled));
        }
    }

    record SgdConfig(double lr, double momentum, boolean nesterov, Controls controls) implements OptimizerConfig {
        public SgdConfig {
            Check.positive("optimizer.lr", lr);
            Check.unit("optimizer.momentum", momentum, false);
            controls = controls == null ? Controls.NONE : controls;
        }

        public SgdConfig(double lr, double momentum, boolean nesterov) {
            this(lr, momentum, nesterov, Controls.NONE);
        }

        @Override
        public SgdConfig withControls(Controls c) {
            return new SgdConfig(lr, momentum, nesterov, c);
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = json("sgd", "lr", lr, "momentum", momentum, "nesterov", nesterov);
            controls.putJson(m);
            return m;
        }

        @Override
        public Optimizer create(ParameterSet params) {
            return new Sgd(params, (float) lr, (float) momentum, nesterov, controls.gradients(false));
        }
    }

    record RmsPropConfig(double lr, double rho, double eps, Controls controls) implements OptimizerConfig {
        public RmsPropConfig {
            Check.positive("optimizer.lr", lr);
            Check.unit("optimizer.rho", rho, false);
            Check.positive("optimizer.eps", eps);
            controls = controls == null ? Controls.NONE : controls;
        }

        public RmsPropConfig(double lr, double rho, double eps) {
            this(lr, rho, eps, Controls.NONE);
        }

        @Override
        public RmsPropConfig withControls(Controls c) {
            return new RmsPropConfig(lr, rho, eps, c);
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = json("rmsprop", "lr", lr, "rho", rho, "eps", eps);
            controls.putJson(m);
            return m;
        }

        @Override
        public Optimizer create(ParameterSet params) {
            return new RmsProp(params, (float) lr, (float) rho, (float) eps, controls.gradients(false));
        }
    }

    /** Powell's method: no learning rate (lr() is NaN) and no gradient steps; the trainer runs {@link PowellTrainer}. */
    record PowellConfig(int maxEvaluations, double relativeThreshold, double absoluteThreshold) implements OptimizerConfig {
        public PowellConfig {
            Check.positive("optimizer.max_evaluations", maxEvaluations);
            if (relativeThreshold < 2 * Math.ulp(1d)) {
                throw new ConfigException("optimizer.relative_threshold: " + relativeThreshold + " must be at least " + 2 * Math.ulp(1d));
            }
            Check.positive("optimizer.absolute_threshold", absoluteThreshold);
        }

        @Override
        public double lr() {
            return Double.NaN;
        }

        @Override
        public Map<String, Object> toJson() {
            return json("powell", "max_evaluations", maxEvaluations, "relative_threshold", relativeThreshold,
                    "absolute_threshold", absoluteThreshold);
        }

        @Override
        public Optimizer create(ParameterSet params) {
            return new GradientFree(params);
        }

        @Override
        public OptimizerConfig withControls(Controls c) {
            if (c.equals(Controls.NONE)) return this;
            throw new ConfigException("optimizer: powell takes no gradient steps, so no weight_decay, clip_norm or schedule");
        }

        public PowellTrainer.Settings settings() {
            return new PowellTrainer.Settings(maxEvaluations, relativeThreshold, absoluteThreshold);
        }
    }

    static OptimizerConfig parse(ConfigObject o) {
        String name = Check.oneOf(o.where("name"), o.string("name", "adam"), NAMES);
        switch (name) {
            case "sgd" -> {
                o.allowOnly("name", "lr", "momentum", "nesterov", "weight_decay", "clip_norm", "schedule");
                return new SgdConfig(o.number("lr", 0.01), o.number("momentum", 0), o.bool("nesterov", false),
                        Controls.parse(o, 0));
            }
            case "powell" -> {
                o.allowOnly("name", "max_evaluations", "relative_threshold", "absolute_threshold");
                return new PowellConfig(o.requiredInteger("max_evaluations"), o.number("relative_threshold", 1e-10),
                        o.number("absolute_threshold", 1e-14));
            }
            case "rmsprop" -> {
                o.allowOnly("name", "lr", "rho", "eps", "weight_decay", "clip_norm", "schedule");
                RmsPropConfig d = (RmsPropConfig) rmsprop(o.number("lr", 1e-3));
                return new RmsPropConfig(d.lr(), o.number("rho", d.rho()), o.number("eps", d.eps()), Controls.parse(o, 0));
            }
            default -> {
                o.allowOnly("name", "lr", "beta1", "beta2", "eps", "weight_decay", "clip_norm", "schedule");
                AdamConfig d = (AdamConfig) adam(o.number("lr", 1e-3));
                boolean decoupled = name.equals("adamw");
                return new AdamConfig(d.lr(), o.number("beta1", d.beta1()), o.number("beta2", d.beta2()), o.number("eps", d.eps()),
                        decoupled, Controls.parse(o, decoupled ? 0.01 : 0));
            }
        }
    }

    private static Map<String, Object> json(String name, Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
        return m;
    }
}
