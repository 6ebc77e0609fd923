package org.latent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latent.backend.Backend;
import org.latent.backend.cpu.CpuBackend;
import org.latent.config.AugmentConfig;
import org.latent.config.DataConfig;
import org.latent.config.ModelConfig;
import org.latent.config.RunConfig;
import org.latent.config.TrainingConfig;
import org.latent.model.Model;
import org.latent.model.ModelContext;
import org.latent.rng.Philox;
import org.latent.rng.RandomKey;
import org.latent.rundata.RunData;
import org.latent.tensor.Tensor;

/**
 * What a model receives with data.augment: each training step's batch is the gathered batch (the
 * epoch's permutation) flipped and cropped by augmentImages with the next key of stream 12 << 32
 * (one block per image, counted over the whole run); evaluation sets arrive as they are.
 */
class AugmentedBatchesTest {
    /** A model without parameters that keeps what it is given. */
    static final class Recorder implements Model {
        final List<float[]> inputs = new ArrayList<>(), evaluated = new ArrayList<>();

        @Override public void build(ModelContext context) {}
        @Override public void trainStep(Tensor input, Tensor target) {
            assertTrue(input == target, "an autoencoder's target is its (augmented) input");
            inputs.add(input.toArray());
        }
        @Override public double takeMeanLoss() { return 0; }
        @Override public double evaluate(Tensor input, Tensor target) {
            evaluated.add(input.toArray());
            return 0;
        }
    }

    @Test
    void eachStepTrainsOnTheGatheredBatchFlippedAndCroppedWithTheNextKey(@TempDir Path dir) {
        List<Recorder> made = new ArrayList<>();
        long seed = 11;
        DataConfig data = DataConfig.of("fonts").withSubset(20).withAugment(new AugmentConfig(true, 2));
        RunConfig c = RunConfig.builder("recorded").seed(seed).device("cpu").data(data)
                .model(ModelConfig.of("augment-recorder", shape -> {
                    Recorder r = new Recorder();
                    made.add(r);
                    return r;
                }))
                .training(TrainingConfig.of(8, 2).withLogEvery(1)).build();
        new Trainer(c).output(dir).fit();
        Recorder r = made.get(made.size() - 1);

        float[] x = RunData.load(data, seed, null).train().input();
        int n = 20, size = 35, batch = 8;
        Backend cpu = new CpuBackend();
        assertEquals(6, r.inputs.size(), "3 steps (8, 8, 4 images) in each of 2 epochs");
        long counter = 0;
        int step = 0;
        for (int epoch = 0; epoch < 2; epoch++) {
            int[] order = Philox.permutation(n, EpochOrder.key(seed, epoch));
            for (int from = 0; from < n; from += batch, step++) {
                int rows = Math.min(batch, n - from);
                float[] gathered = new float[rows * size];
                for (int i = 0; i < rows; i++) System.arraycopy(x, order[from + i] * size, gathered, i * size, size);
                Tensor g = cpu.upload(gathered, rows, 1, 7, 5), expected = cpu.allocate(rows, 1, 7, 5);
                cpu.augmentImages(g, expected, new RandomKey(seed, Augmentation.STREAM, counter), true, 2);
                counter += rows;
                assertArrayEquals(expected.toArray(), r.inputs.get(step), "step " + step);
                assertFalse(Arrays.equals(gathered, r.inputs.get(step)), "step " + step + " was augmented");
            }
        }
        // The fonts' test set is their training set: evaluated as it is, every time.
        assertFalse(r.evaluated.isEmpty());
        for (float[] e : r.evaluated) assertArrayEquals(x, e, "evaluation sets are not augmented");
    }
}
