package org.latent.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A whole training run, as a JSON config file (docs/config.md) or built in Java:
 * <pre>{@code
 * RunConfig c = RunConfig.builder("e1-vae-mnist")
 *         .data(DataConfig.of("mnist"))
 *         .model(VaeConfig.of(20))
 *         .optimizer(OptimizerConfig.adam(1e-3))
 *         .training(TrainingConfig.of(100, 50))
 *         .build();
 * }</pre>
 * {@code name} names the run's folder under {@code output}; {@code device} is auto, cpu, cuda or cuda:N.
 */
public record RunConfig(String name, String description, long seed, String device, String output, DataConfig data,
                        ModelConfig model, OptimizerConfig optimizer, TrainingConfig training) {

    public RunConfig {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new ConfigException("name: \"" + name + "\" must be letters, digits, '.', '_' or '-' (it names the run's folder)");
        }
        description = description == null ? "" : description;
        if (device == null || !device.matches("auto|cpu|cuda(:[0-9]+)?")) {
            throw new ConfigException("device: \"" + device + "\" is not one of auto, cpu, cuda, cuda:N");
        }
        if (output == null || output.isBlank()) throw new ConfigException("output: must name a folder, got \"" + output + "\"");
        if (data == null) throw new ConfigException("data: required section is missing");
        if (model == null) throw new ConfigException("model: required section is missing");
        if (training == null) throw new ConfigException("training: required section is missing");
        Objects.requireNonNull(optimizer, "optimizer");
        if (model instanceof GanConfig g && !data.scale().equals(g.pixelScale())) {
            throw new ConfigException("data.scale: the gan's generator output is " + g.output() + ", so pixels must be \""
                    + g.pixelScale() + "\", not \"" + data.scale() + "\" (tanh output goes with symmetric pixels, sigmoid with unit)");
        }
        ScheduleConfig schedule = optimizer.controls().schedule();
        if (schedule != null && schedule.needsValidation() && data.validation() == 0) {
            throw new ConfigException("optimizer.schedule: plateau reduces the learning rate when the validation loss stops"
                    + " improving; it needs a validation set (data.validation > 0)");
        }
        if (training.earlyStopping() != null && data.validation() == 0) {
            throw new ConfigException("training.early_stopping: stops when the validation loss stops improving; it needs a"
                    + " validation set (data.validation > 0)");
        }
        if (optimizer instanceof OptimizerConfig.PowellConfig) {
            if (!model.family().equals("autoencoder")) {
                throw new ConfigException("optimizer.name: powell is for the autoencoder family, not \"" + model.family() + "\"");
            }
            if (training.epochs() != 1) {
                throw new ConfigException("training.epochs: with powell, one Powell run over the whole training set is the "
                        + "only epoch; set epochs to 1 (got " + training.epochs() + ")");
            }
            if (data.augment() != null) {
                throw new ConfigException("data.augment: powell minimizes the loss of the fixed training set, which has no"
                        + " steps to augment; leave augment out");
            }
        }
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Fluent construction with the same defaults as a JSON config: seed 1, device auto, output "runs", Adam 1e-3. */
    public static final class Builder {
        private final String name;
        private String description = "";
        private long seed = 1;
        private String device = "auto";
        private String output = "runs";
        private DataConfig data;
        private ModelConfig model;
        private OptimizerConfig optimizer = OptimizerConfig.adam(1e-3);
        private TrainingConfig training;

        private Builder(String name) {
            this.name = name;
        }

        public Builder description(String d) { description = d; return this; }
        public Builder seed(long s) { seed = s; return this; }
        public Builder device(String d) { device = d; return this; }
        public Builder output(String o) { output = o; return this; }
        public Builder data(DataConfig d) { data = d; return this; }
        public Builder model(ModelConfig m) { model = m; return this; }
        public Builder optimizer(OptimizerConfig o) { optimizer = o; return this; }
        public Builder training(TrainingConfig t) { training = t; return this; }

        public RunConfig build() {
            return new RunConfig(name, description, seed, device, output, data, model, optimizer, training);
        }
    }

    public RunConfig withName(String n) { return new RunConfig(n, description, seed, device, output, data, model, optimizer, training); }
    public RunConfig withDevice(String d) { return new RunConfig(name, description, seed, d, output, data, model, optimizer, training); }
    public RunConfig withOutput(String o) { return new RunConfig(name, description, seed, device, o, data, model, optimizer, training); }
    public RunConfig withTraining(TrainingConfig t) { return new RunConfig(name, description, seed, device, output, data, model, optimizer, t); }

    /** Reads a parsed JSON config; {@code defaultName} is used when it has no "name". */
    public static RunConfig fromJson(Map<String, Object> json, String defaultName) {
        ConfigObject o = new ConfigObject("", json);
        o.allowOnly("name", "description", "seed", "device", "output", "data", "model", "optimizer", "training");
        if (!o.has("data")) throw new ConfigException("data: required section is missing");
        if (!o.has("model")) throw new ConfigException("model: required section is missing");
        return new RunConfig(o.string("name", defaultName), o.string("description", ""), o.longInteger("seed", 1),
                o.string("device", "auto"), o.string("output", "runs"), DataConfig.parse(o.object("data")),
                ModelConfig.parse(o.object("model")), OptimizerConfig.parse(o.object("optimizer")),
                TrainingConfig.parse(o.object("training")));
    }

    /** The resolved config: every key with its value, defaults included. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("description", description);
        m.put("seed", seed);
        m.put("device", device);
        m.put("output", output);
        m.put("data", data.toJson());
        m.put("model", model.toJson());
        m.put("optimizer", optimizer.toJson());
        m.put("training", training.toJson());
        return m;
    }
}
