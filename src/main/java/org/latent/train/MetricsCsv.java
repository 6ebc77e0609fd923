package org.latent.train;

import org.latent.rundata.RunData;
import org.latent.runs.MetricsLog;
import org.latent.runs.RunFolder;
import org.latent.model.ModelContext;

/** Writes metrics.csv: one row per finished epoch; a resumed run keeps the rows of the epochs its checkpoint holds. */
public final class MetricsCsv implements TrainingListener {
    private final MetricsLog log;

    public MetricsCsv(RunFolder folder) {
        log = new MetricsLog(folder.file(RunFolder.METRICS));
    }

    @Override
    public void runStarted(RunFolder folder, String device, String fallbackReason, ModelContext model, RunData data,
                           TrainingState start) {
        log.open(start.epoch());
    }

    @Override
    public void epochFinished(EpochMetrics m) {
        log.append(m);
    }
}
