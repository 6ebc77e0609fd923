package org.latent.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.latent.init.Initializer;
import org.latent.model.Gan;
import org.latent.model.GanNets;
import org.latent.model.Model;
import org.latent.model.ModelContext;
import org.latent.nn.ParameterSet;
import org.latent.optim.LearningRateSchedule;
import org.latent.optim.Optimizer;
import org.latent.rng.Philox;
import org.latent.rng.RandomKey;
import org.latent.tensor.Tensor;

/**
 * Test support: trains a model step by step the way the training loop does, eagerly or through a
 * {@link StepPlan} (CPU replay, or a captured graph on a backend that captures), for the plan tests
 * here and the GPU capture parity tests.
 */
public final class StepTraining {
    private StepTraining() {}

    /** Synthetic images in [0, 1) (the same for both runs), as the training loop holds its set. */
    public static float[] images(int n, int size, long seed) {
        float[] x = new float[n * size];
        RandomKey key = new RandomKey(seed, 99, 0);
        for (int i = 0; i < x.length; i++) x[i] = Philox.uniform(key, i);
        return x;
    }

    /**
     * Trains like the training loop does (epoch order in a device index tensor written at each
     * epoch's start, the batch index and the rate table on the device, a smaller last batch) for
     * {@code steps} steps, through {@code plan} when not null; returns every tensor of the model and
     * the loss reads.
     */
    public static Map<String, float[]> train(Backend b, StepPlan plan, Model m, int[] shape, int n, int batch, int steps,
                                              LearningRateSchedule schedule, Function<ParameterSet, Optimizer> opt, List<Double> losses) {
        int size = 1;
        for (int d : shape) size *= d;
        ModelContext c = ModelContext.build(m, b, shape, batch, 5, opt);
        Tensor data = b.upload(images(n, size, 1), n, size), indices = b.allocate(n), x = b.allocate(batch, size);
        int perEpoch = (n + batch - 1) / batch;
        StepCounter batchIndex = c.stepState().counter("test.batch", 0);
        Tensor rates = b.allocate(perEpoch);
        float[] host = new float[n], hostRates = new float[perEpoch];
        int step = perEpoch, epoch = -1;
        for (long global = 0; global < steps; global++) {
            if (step == perEpoch) {
                epoch++;
                step = 0;
                int[] p = Philox.permutation(n, new RandomKey(5, 4L << 32, (long) epoch << 32));
                for (int i = 0; i < n; i++) host[i] = p[i];
                b.write(host, indices);
                for (int s = 0; s < perEpoch; s++) hostRates[s] = (float) schedule.lr(global + s);
                b.write(hostRates, rates);
                batchIndex.set(0);
            }
            int rows = Math.min(batch, n - step * batch);
            Tensor in = x.rows(0, rows);
            Runnable body = () -> {
                b.gatherRows(data, indices, batchIndex.tensor(), batchIndex.offset(), batch, in);
                for (Optimizer o : c.optimizers().values()) b.lookupStepValue(rates, batchIndex.tensor(), batchIndex.offset(), o.learningRateTensor());
                m.trainStep(in, in);
                batchIndex.take(1);
                c.endStep();
            };
            if (plan != null) plan.step(rows, body);
            else body.run();
            step++;
            if (step % 7 == 0 || step == perEpoch) losses.add(m.takeMeanLoss());
        }
        c.stepState().check();
        Map<String, float[]> out = new java.util.LinkedHashMap<>();
        for (ParameterSet s : c.parameterSets()) out.put("values" + out.size(), s.values().toArray());
        c.optimizers().forEach((k, o) -> o.state().forEach((name, t) -> out.put(k + "." + name, t.toArray())));
        c.optimizerSteps().forEach((k, v) -> out.put(k + ".steps", new float[] {v}));
        c.randomKeys().forEach((k, v) -> out.put(k + ".counter", new float[] {v.counter()}));
        out.put("state", c.stepState().tensor().toArray());
        return out;
    }

    public static void assertSameBits(Map<String, float[]> eager, Map<String, float[]> replayed) {
        assertEquals(eager.keySet(), replayed.keySet());
        eager.forEach((k, v) -> assertArrayEquals(v, replayed.get(k), k + " differs between the eager and the replayed run"));
    }

    public static Gan dcgan() {
        return new Gan(GanNets.dcganGenerator(100, 28, Initializer.GLOROT_UNIFORM, GanNets.Options.E6, null),
                GanNets.dcganDiscriminator(28, 0.4f, Initializer.GLOROT_UNIFORM, GanNets.Options.E6, null), 100);
    }
}
