package org.latent.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.latent.nn.ParameterSet;
import org.latent.optim.Adam;
import org.latent.optim.GradientFree;
import org.latent.optim.Optimizer;
import org.latent.optim.PowellTrainer;
import org.latent.optim.RmsProp;
import org.latent.optim.Sgd;

/**
 * The "optimizer" section: {@code name} (adam, sgd, rmsprop), the learning rate {@code lr} and the
 * optimizer's own settings; or powell (autoencoder family only, E7's tiny nets): Powell's
 * derivative-free method over the training set's summed loss, with {@code max_evaluations} and
 * optional {@code relative_threshold}, {@code absolute_threshold}.
 */
public sealed interface OptimizerConfig {
    List<String> NAMES = List.of("adam", "sgd", "rmsprop", "powell");

    double lr();

    Map<String, Object> toJson();

    Optimizer create(ParameterSet params);

    /** Adam with PyTorch's defaults (beta1 0.9, beta2 0.999, eps 1e-8), E1's optimizer. */
    static OptimizerConfig adam(double lr) {
        return new AdamConfig(lr, 0.9, 0.999, 1e-8);
    }

    static OptimizerConfig sgd(double lr, double momentum, boolean nesterov) {
        return new SgdConfig(lr, momentum, nesterov);
    }

    /** RMSprop with Keras' defaults (rho 0.9, eps 1e-7). */
    static OptimizerConfig rmsprop(double lr) {
        return new RmsPropConfig(lr, 0.9, 1e-7);
    }

    record AdamConfig(double lr, double beta1, double beta2, double eps) implements OptimizerConfig {
        public AdamConfig {
            Check.positive("optimizer.lr", lr);
            Check.unit("optimizer.beta1", beta1, false);
            Check.unit("optimizer.beta2", beta2, false);
            Check.positive("optimizer.eps", eps);
        }

        @Override
        public Map<String, Object> toJson() {
            return json("adam", "lr", lr, "beta1", beta1, "beta2", beta2, "eps", eps);
        }

        @Override
        public Optimizer create(ParameterSet params) {
            return new Adam(params, (float) lr, (float) beta1, (float) beta2, (float) eps);
        }
    }

    record SgdConfig(double lr, double momentum, boolean nesterov) implements OptimizerConfig {
        public SgdConfig {
            Check.positive("optimizer.lr", lr);
            Check.unit("optimizer.momentum", momentum, false);
        }

        @Override
        public Map<String, Object> toJson() {
            return json("sgd", "lr", lr, "momentum", momentum, "nesterov", nesterov);
        }

        @Override
        public Optimizer create(ParameterSet params) {
            return new Sgd(params, (float) lr, (float) momentum, nesterov);
        }
    }

    record RmsPropConfig(double lr, double rho, double eps) implements OptimizerConfig {
        public RmsPropConfig {
            Check.positive("optimizer.lr", lr);
            Check.unit("optimizer.rho", rho, false);
            Check.positive("optimizer.eps", eps);
        }

        @Override
        public Map<String, Object> toJson() {
            return json("rmsprop", "lr", lr, "rho", rho, "eps", eps);
        }

        @Override
        public Optimizer create(ParameterSet params) {
            return new RmsProp(params, (float) lr, (float) rho, (float) eps);
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

        public PowellTrainer.Settings settings() {
            return new PowellTrainer.Settings(maxEvaluations, relativeThreshold, absoluteThreshold);
        }
    }

    static OptimizerConfig parse(ConfigObject o) {
        String name = Check.oneOf(o.where("name"), o.string("name", "adam"), NAMES);
        switch (name) {
            case "sgd" -> {
                o.allowOnly("name", "lr", "momentum", "nesterov");
                return new SgdConfig(o.number("lr", 0.01), o.number("momentum", 0), o.bool("nesterov", false));
            }
            case "powell" -> {
                o.allowOnly("name", "max_evaluations", "relative_threshold", "absolute_threshold");
                return new PowellConfig(o.requiredInteger("max_evaluations"), o.number("relative_threshold", 1e-10),
                        o.number("absolute_threshold", 1e-14));
            }
            case "rmsprop" -> {
                o.allowOnly("name", "lr", "rho", "eps");
                RmsPropConfig d = (RmsPropConfig) rmsprop(o.number("lr", 1e-3));
                return new RmsPropConfig(d.lr(), o.number("rho", d.rho()), o.number("eps", d.eps()));
            }
            default -> {
                o.allowOnly("name", "lr", "beta1", "beta2", "eps");
                AdamConfig d = (AdamConfig) adam(o.number("lr", 1e-3));
                return new AdamConfig(d.lr(), o.number("beta1", d.beta1()), o.number("beta2", d.beta2()), o.number("eps", d.eps()));
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
