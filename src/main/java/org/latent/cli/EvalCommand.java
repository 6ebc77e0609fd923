package org.latent.cli;

import org.latent.model.Classifies;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.latent.backend.Backend;
import org.latent.tensor.Tensor;
import org.latent.rundata.Examples;
import org.latent.runs.RunSummary;
import org.latent.runs.SavedRun;
import org.latent.train.NonFiniteException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `latent eval RUN`: the test loss of a run's checkpoint, printed and written into its summary.json. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Measures a run's test loss and writes it into its summary.json.",
                "The loss is -ELBO for a VAE; data sets without a test set are measured on the training set."})
final class EvalCommand implements Callable<Integer> {
    private final Console console;

    @Parameters(index = "0", paramLabel = "RUN", description = "A run folder, e.g. runs/e1-vae-mnist.")
    private Path run;

    @Option(names = "--device", paramLabel = "DEVICE", description = "auto, cpu, cuda or cuda:N (default: the run's).")
    private String device;

    @Option(names = "--data", paramLabel = "DIR", description = "A local copy of the data (like LATENT_DATA).")
    private Path data;

    EvalCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        try (SavedRun r = SavedRun.open(run, device, data, true)) {
            boolean hasTest = r.data.test() != null;
            Examples set = r.data.evaluationSet();
            Backend b = r.backend;
            Tensor input = b.upload(set.input(), set.count(), set.size());
            Tensor target = set.separateTargets() ? b.upload(set.target(), set.count(), set.targetSize()) : input;
            double loss = r.model.model().evaluate(input, target);
            if (!Double.isFinite(loss)) {
                // JSON has no NaN; the summary keeps its last good figures.
                throw new NonFiniteException("eval " + r.folder.dir() + ": the " + set.name() + " " + r.model.model().lossName()
                        + " of the checkpoint (epoch " + r.state.epoch() + ", global step " + r.state.globalStep() + ") is "
                        + loss + "; nothing was written to " + r.folder.file("summary.json"));
            }
            String key = hasTest ? "test_loss" : "train_loss_eval";
            Map<String, Object> values = new LinkedHashMap<>();
            values.put(key, loss);
            double accuracy = r.model.model() instanceof Classifies k ? k.accuracy(input, target) : Double.NaN;
            if (Double.isFinite(accuracy)) values.put(hasTest ? "test_accuracy" : "train_accuracy_eval", accuracy);
            Map<String, Object> about = new LinkedHashMap<>();
            about.put("set", set.name());
            about.put("examples", set.count());
            about.put("device", r.device);
            about.put("epoch", r.state.epoch());
            about.put("global_step", r.state.globalStep());
            values.put("eval", about);
            RunSummary.update(r.folder, values);
            console.out().printf(Locale.ROOT, "%s %s per example: %.4f  (%,d %s examples, checkpoint after %d epochs%s, %s)%n",
                    hasTest ? "test" : "training-set", r.model.model().lossName(), loss, set.count(), set.name(), r.state.epoch(),
                    r.state.stepInEpoch() > 0 ? " + " + r.state.stepInEpoch() + " steps" : "", r.device);
            console.out().println("Written to " + r.folder.file("summary.json"));
            return 0;
        }
    }
}
