package org.latent.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.latent.config.EarlyStoppingConfig;
import org.latent.io.SafeTensors;
import org.latent.model.ModelContext;
import org.latent.nn.Parameter;
import org.latent.nn.Sequential;
import org.latent.runs.RunFolder;

/**
 * Early stopping on the validation loss (Keras' EarlyStopping): an epoch improves when its
 * validation loss is below the best so far minus {@code min_delta}; after {@code patience} epochs
 * in a row without improvement the run ends (with its last checkpoint, as every run does). The
 * weights of the best epoch are written to {@value #BEST} (parameters and buffers under the
 * checkpoint's names, with the epoch and loss in its metadata) each time the best improves, so
 * the folder keeps the best weights beside the last checkpoint; the summary says which epoch each
 * file holds. A resumed run gets its state back by {@link #replay}ing the validation losses of the
 * epochs before its checkpoint.
 */
public final class EarlyStopping {
    /** The best epoch's weights, beside checkpoint.safetensors. */
    public static final String BEST = "best.safetensors";

    private final EarlyStoppingConfig config;
    private final RunFolder folder;
    private final ModelContext model;
    private final String family;
    private double best = Double.POSITIVE_INFINITY;
    private int bestEpoch, wait, stoppedAfter, lastEpoch;

    /** {@code folder} null: decide only, write nothing (tests). */
    public EarlyStopping(EarlyStoppingConfig config, RunFolder folder, ModelContext model, String family) {
        this.config = config;
        this.folder = folder;
        this.model = model;
        this.family = family;
    }

    /** An earlier epoch's validation loss, read back when resuming: updates the state, writes nothing. */
    public void replay(int epoch, double validationLoss) {
        update(epoch, validationLoss);
    }

    /**
     * After epoch {@code epoch} (1-based) with its validation loss: saves the weights when it is the
     * best so far, and returns whether training should stop now (never when no epochs are left:
     * {@code moreEpochs} false).
     */
    public boolean epochEnd(int epoch, double validationLoss, boolean moreEpochs) {
        boolean improved = update(epoch, validationLoss);
        if (improved && folder != null) saveBest(epoch, validationLoss);
        if (moreEpochs && wait >= config.patience()) {
            stoppedAfter = epoch;
            return true;
        }
        return false;
    }

    private boolean update(int epoch, double loss) {
        lastEpoch = epoch;
        if (loss < best - config.minDelta()) {
            best = loss;
            bestEpoch = epoch;
            wait = 0;
            return true;
        }
        wait++;
        return false;
    }

    private void saveBest(int epoch, double loss) {
        Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Sequential> net : model.networks().entrySet()) {
            for (Parameter p : net.getValue().parameters()) {
                float[] v = p.value().toArray();
                for (float x : v) {
                    if (!Float.isFinite(x)) {
                        throw new NonFiniteException("parameter " + net.getKey() + "." + p.name() + " holds " + x + " after epoch " + epoch);
                    }
                }
                tensors.put(net.getKey() + "." + p.name(), new SafeTensors.Tensor(p.shape(), v));
            }
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("latent.family", family);
        meta.put("latent.epoch", Integer.toString(epoch));
        meta.put("latent.validation_loss", Double.toString(loss));
        Path file = folder.file(BEST);
        SafeTensors.write(file, tensors, meta);
    }

    /** The state after the epochs seen so far, for the run folder's controls file. */
    public Map<String, Object> state() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("best", Double.isFinite(best) ? best : null);
        m.put("best_epoch", bestEpoch);
        m.put("wait", wait);
        m.put("last_epoch", lastEpoch);
        return m;
    }

    /** Puts back a {@link #state()}. */
    public void restore(Map<String, Object> m) {
        Object b = m.get("best");
        best = b == null ? Double.POSITIVE_INFINITY : ((Number) b).doubleValue();
        bestEpoch = ((Number) m.get("best_epoch")).intValue();
        wait = ((Number) m.get("wait")).intValue();
        lastEpoch = ((Number) m.get("last_epoch")).intValue();
    }

    /** The epoch with the lowest validation loss so far (0 before any). */
    public int bestEpoch() {
        return bestEpoch;
    }

    public double bestLoss() {
        return best;
    }

    /** The epoch after which training stopped early, 0 when it did not. */
    public int stoppedAfter() {
        return stoppedAfter;
    }

    /** Epochs since the last improvement. */
    public int epochsWithoutImprovement() {
        return wait;
    }

    /** summary.json's "early_stopping": the settings, the best epoch and what each file holds. */
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("patience", config.patience());
        m.put("min_delta", config.minDelta());
        m.put("stopped_early", stoppedAfter > 0);
        m.put("stopped_after_epoch", stoppedAfter > 0 ? stoppedAfter : null);
        m.put("best_epoch", bestEpoch);
        m.put("best_validation_loss", bestEpoch > 0 ? best : null);
        m.put("best_weights", bestEpoch > 0 ? BEST : null);
        m.put("last_checkpoint_epoch", lastEpoch);
        m.put("kept", message());
        return m;
    }

    /** One sentence: why training ended (if early) and which file holds which epoch. */
    public String message() {
        String why = stoppedAfter > 0 ? String.format(Locale.ROOT, "early stopping after epoch %d: the validation loss did not"
                + " improve by more than %s for %d epochs; ", stoppedAfter, config.minDelta(), config.patience()) : "";
        if (bestEpoch == 0) return why + "no epoch had a finite validation loss; " + RunFolder.CHECKPOINT + " holds epoch " + lastEpoch;
        return why + String.format(Locale.ROOT, "%s holds the best epoch, %d (validation loss %.6f); %s holds the last, epoch %d",
                BEST, bestEpoch, best, RunFolder.CHECKPOINT, lastEpoch);
    }
}
