package org.latent.runs;

import org.latent.train.NonFiniteException;
import org.latent.train.TrainingState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.latent.backend.Backend;
import org.latent.io.AtomicFile;
import org.latent.io.Json;
import org.latent.io.JsonException;
import org.latent.io.SafeTensors;
import org.latent.io.SafeTensorsException;
import org.latent.model.LossAccumulator;
import org.latent.model.ModelContext;
import org.latent.optim.Optimizer;
import org.latent.nn.Parameter;
import org.latent.nn.Sequential;
import org.latent.tensor.Tensor;

/**
 * A run's checkpoint: {@code checkpoint.safetensors} holds every parameter and buffer by name
 * ("encoder.dense0.weight", F32, the layer's own shape), the optimizer's state ("optimizer.adam.m",
 * flat over the trainable parameters) and the reconstructions of the fixed test images after each
 * epoch ("history.reconstructions" [epochs, images, features]). Its metadata carries the training
 * state as JSON, so the one file is the whole checkpoint and its atomic rename the moment it is
 * committed; {@code state.json} is a readable copy written right after.
 */
public final class Checkpoint {
    static final String STATE_KEY = "latent.state", HISTORY = "history.reconstructions", OPTIMIZER = "optimizer.",
            RUNNING_LOSS = "running_loss.";

    /** The state and the per-epoch reconstructions stored with a checkpoint. */
    public record Restored(TrainingState state, List<float[]> history) {}

    private Checkpoint() {}

    /**
     * Saves the model's current values. Throws {@link NonFiniteException} and writes nothing when a
     * parameter is NaN or infinite, so the last good checkpoint stays as it was.
     */
    public static void save(RunFolder folder, ModelContext model, String family, TrainingState state, long seed, List<float[]> history,
                     int images) {
        Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : parameters(model).entrySet()) {
            float[] v = e.getValue().value().toArray();
            for (float x : v) {
                if (!Float.isFinite(x)) {
                    throw new NonFiniteException("parameter " + e.getKey() + " holds " + x + " at global step "
                            + state.globalStep());
                }
            }
            tensors.put(e.getKey(), new SafeTensors.Tensor(e.getValue().shape(), v));
        }
        for (Map.Entry<String, Tensor> e : optimizerState(model).entrySet()) {
            tensors.put(e.getKey(), new SafeTensors.Tensor(e.getValue().shape(), e.getValue().toArray()));
        }
        for (Map.Entry<String, LossAccumulator> e : model.runningLosses().entrySet()) {
            Tensor sums = e.getValue().sums();
            tensors.put(RUNNING_LOSS + e.getKey(), new SafeTensors.Tensor(sums.shape(), sums.toArray()));
        }
        if (!history.isEmpty()) {
            int d = history.get(0).length / images;
            float[] all = new float[history.size() * images * d];
            for (int i = 0; i < history.size(); i++) System.arraycopy(history.get(i), 0, all, i * images * d, images * d);
            tensors.put(HISTORY, new SafeTensors.Tensor(new int[] {history.size(), images, d}, all));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("latent.family", family);
        meta.put(STATE_KEY, Json.compact(state.toJson(seed)));
        SafeTensors.write(folder.file(RunFolder.CHECKPOINT), tensors, meta);
        AtomicFile.writeString(folder.file(RunFolder.STATE), Json.pretty(state.toJson(seed)));
    }

    /**
     * Saves one network's parameters and buffers (a GAN's generator every few epochs) under the same
     * names as in the run's checkpoint; throws {@link NonFiniteException} and writes nothing when one
     * is not finite.
     */
    public static void saveNetwork(Path file, ModelContext model, String family, String network, int epoch) {
        Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
        String prefix = network + ".";
        for (Map.Entry<String, Parameter> e : parameters(model).entrySet()) {
            if (!e.getKey().startsWith(prefix)) continue;
            float[] v = e.getValue().value().toArray();
            for (float x : v) {
                if (!Float.isFinite(x)) throw new NonFiniteException("parameter " + e.getKey() + " holds " + x + " after epoch " + epoch);
            }
            tensors.put(e.getKey(), new SafeTensors.Tensor(e.getValue().shape(), v));
        }
        if (tensors.isEmpty()) throw new IllegalArgumentException("saveNetwork: the model has no network " + network);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("latent.family", family);
        meta.put("latent.network", network);
        meta.put("latent.epoch", Integer.toString(epoch));
        SafeTensors.write(file, tensors, meta);
    }

    /** Loads a checkpoint into {@code model} (parameters, buffers, optimizer state and step, random streams). */
    public static Restored load(RunFolder folder, ModelContext model) {
        String file = folder.file(RunFolder.CHECKPOINT).toString();
        SafeTensors.Contents c = SafeTensors.read(folder.file(RunFolder.CHECKPOINT));
        String stateJson = c.metadata().get(STATE_KEY);
        if (stateJson == null) throw new SafeTensorsException(file + ": no " + STATE_KEY + " in its metadata (not a Latent checkpoint)");
        TrainingState state;
        try {
            state = TrainingState.fromJson(Json.parseObject(stateJson, file + ": " + STATE_KEY), file);
        } catch (JsonException e) {
            throw new SafeTensorsException(e.getMessage()); // a damaged checkpoint, not a config mistake
        }
        // Everything is checked before anything is copied, so a refused checkpoint leaves the model as it was.
        for (Map.Entry<String, SafeTensors.Tensor> e : c.tensors().entrySet()) checkValues(file, e.getKey(), e.getValue());
        SafeTensors.Tensor h = c.tensors().get(HISTORY);
        if (h != null && h.shape().length != 3) {
            throw new SafeTensorsException(file + ": tensor " + HISTORY + " has shape " + Arrays.toString(h.shape())
                    + ", expected [epochs, images, features]");
        }
        for (Map.Entry<String, Parameter> e : parameters(model).entrySet()) check(c, file, e.getKey(), e.getValue().value());
        for (Map.Entry<String, Tensor> e : optimizerState(model).entrySet()) check(c, file, e.getKey(), e.getValue());
        Backend b = model.backend();
        for (Map.Entry<String, Parameter> e : parameters(model).entrySet()) {
            write(b, c, file, e.getKey(), e.getValue().value());
        }
        for (Map.Entry<String, Tensor> e : optimizerState(model).entrySet()) {
            write(b, c, file, e.getKey(), e.getValue());
        }
        try {
            model.restoreOptimizerSteps(state.optimizerSteps());
            model.restoreRandomKeys(state.randomKeys());
        } catch (IllegalArgumentException e) {
            throw new SafeTensorsException(file + ": " + e.getMessage());
        }
        // Running losses not read when the run stopped; checkpoints from before they were saved hold none.
        for (Map.Entry<String, LossAccumulator> e : model.runningLosses().entrySet()) {
            int pending = state.runningLossSteps().getOrDefault(e.getKey(), 0);
            if (c.tensors().containsKey(RUNNING_LOSS + e.getKey())) {
                check(c, file, RUNNING_LOSS + e.getKey(), e.getValue().sums());
                write(b, c, file, RUNNING_LOSS + e.getKey(), e.getValue().sums());
            } else if (pending > 0) {
                throw new SafeTensorsException(file + ": no tensor " + RUNNING_LOSS + e.getKey() + " for the " + pending
                        + " steps of running loss its state names");
            }
            e.getValue().restoreSteps(pending);
        }
        List<float[]> history = new ArrayList<>();
        if (h != null) {
            int per = h.shape()[1] * h.shape()[2];
            for (int i = 0; i < h.shape()[0]; i++) {
                float[] row = new float[per];
                System.arraycopy(h.data(), i * per, row, 0, per);
                history.add(row);
            }
        }
        return new Restored(state, history);
    }

    /**
     * Every optimizer state tensor by its checkpoint name: "optimizer." + the optimizer's name + "." +
     * the tensor's ("optimizer.generator.adam.m"), without the optimizer's name when there is only one.
     */
    static Map<String, Tensor> optimizerState(ModelContext model) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        boolean one = model.optimizers().size() == 1;
        for (Map.Entry<String, Optimizer> o : model.optimizers().entrySet()) {
            String prefix = OPTIMIZER + (one ? "" : o.getKey() + ".");
            o.getValue().state().forEach((k, t) -> out.put(prefix + k, t));
        }
        return out;
    }

    /** Every parameter and buffer by its checkpoint name: network name + "." + parameter name. */
    static Map<String, Parameter> parameters(ModelContext model) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (Map.Entry<String, Sequential> net : model.networks().entrySet()) {
            for (Parameter p : net.getValue().parameters()) out.put(net.getKey() + "." + p.name(), p);
        }
        return out;
    }

    /**
     * Refuses a tensor holding NaN or infinity (a checkpoint is never written from such values, so
     * the file is damaged) and an optimizer's second moment below zero (its square root would be NaN).
     */
    static void checkValues(String file, String name, SafeTensors.Tensor t) {
        float[] v = t.data();
        boolean secondMoment = name.startsWith(OPTIMIZER) && (name.endsWith("adam.v") || name.endsWith("rmsprop.sq"));
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new SafeTensorsException(file + ": tensor " + name + " holds " + v[i] + " at index " + i + " of "
                        + v.length + "; a checkpoint is only written from finite values, so the file is damaged. "
                        + "Nothing was loaded");
            }
            if (secondMoment && v[i] < 0) {
                throw new SafeTensorsException(file + ": tensor " + name + " holds " + v[i] + " at index " + i + " of "
                        + v.length + "; an optimizer's second moment cannot be negative, so the file is damaged. "
                        + "Nothing was loaded");
            }
        }
    }

    /** Throws unless the file has tensor {@code name} with {@code dst}'s shape. */
    private static void check(SafeTensors.Contents c, String file, String name, Tensor dst) {
        SafeTensors.Tensor t = c.tensors().get(name);
        if (t == null) {
            throw new SafeTensorsException(file + ": no tensor " + name + "; was the checkpoint written for another model config?");
        }
        if (!Arrays.equals(t.shape(), dst.shape())) {
            throw new SafeTensorsException(file + ": tensor " + name + " has shape " + Arrays.toString(t.shape())
                    + ", the model needs " + Arrays.toString(dst.shape()));
        }
    }

    private static void write(Backend b, SafeTensors.Contents c, String file, String name, Tensor dst) {
        check(c, file, name, dst);
        b.write(c.tensors().get(name).data(), dst);
    }
}
