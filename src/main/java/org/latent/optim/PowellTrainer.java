package org.latent.optim;

import java.util.function.DoubleSupplier;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.PowellOptimizer;
import org.latent.backend.Backend;
import org.latent.nn.ParameterSet;
import org.latent.tensor.Tensor;

/**
 * Trains without gradients (E7: the source reports Powell's method converging better than Adam on its tiny font
 * autoencoders; docs/results.md, "E7 Powell vs Adam", has where that holds for us):
 * commons-math3's {@link PowellOptimizer} minimizes a caller-supplied loss over every trainable
 * parameter of a {@link ParameterSet}, starting from its current values. Each evaluation writes the
 * candidate point into the parameters and calls the loss, which runs a forward pass over the
 * training set and returns the total. Afterwards the parameters hold the best point evaluated.
 */
public final class PowellTrainer {

    /**
     * Stop after {@code maxEvaluations} loss evaluations, or when an iteration of Powell's method
     * improves the loss by less than {@code relativeThreshold * |loss| + absoluteThreshold}. The
     * line searches use commons-math3's defaults, the square roots of these thresholds.
     */
    public record Settings(int maxEvaluations, double relativeThreshold, double absoluteThreshold) {
        public Settings {
            if (maxEvaluations < 1) throw new IllegalArgumentException("PowellTrainer: maxEvaluations " + maxEvaluations + " must be positive");
            // BrentOptimizer, which runs the line searches, rejects smaller relative thresholds.
            if (relativeThreshold < 2 * Math.ulp(1d) || absoluteThreshold <= 0) {
                throw new IllegalArgumentException("PowellTrainer: relativeThreshold " + relativeThreshold + " must be at least "
                        + 2 * Math.ulp(1d) + " and absoluteThreshold " + absoluteThreshold + " positive");
            }
        }
    }

    /**
     * The loss at the starting point and at the best point, the loss evaluations used, and
     * whether Powell's method met its thresholds (false: it ran out of evaluations).
     */
    public record Result(double initialLoss, double bestLoss, int evaluations, boolean converged) {}

    private final ParameterSet params;
    private final DoubleSupplier loss;
    private final Settings settings;

    public PowellTrainer(ParameterSet params, DoubleSupplier loss, Settings settings) {
        this.params = params;
        this.loss = loss;
        this.settings = settings;
    }

    public Result minimize() {
        Backend backend = params.backend();
        Tensor values = params.values();
        float[] start = new float[values.size()];
        backend.download(values, start);
        Objective objective = new Objective(backend, values);
        boolean converged = true;
        try {
            new PowellOptimizer(settings.relativeThreshold(), settings.absoluteThreshold()).optimize(
                    new MaxEval(settings.maxEvaluations()), GoalType.MINIMIZE, new InitialGuess(toDouble(start)),
                    new ObjectiveFunction(objective::value));
        } catch (TooManyEvaluationsException e) {
            converged = false;
        }
        backend.write(objective.best, values);
        return new Result(objective.initial, objective.bestLoss, objective.evaluations, converged);
    }

    /**
     * The loss as a function of the flat parameters. The parameters are float32, so the loss is
     * evaluated at the candidate rounded to float, and that rounded point is what is kept as best.
     */
    private final class Objective {
        private final Backend backend;
        private final Tensor values;
        private final float[] point;
        float[] best;
        double initial = Double.NaN, bestLoss = Double.POSITIVE_INFINITY;
        int evaluations;

        Objective(Backend backend, Tensor values) {
            this.backend = backend;
            this.values = values;
            point = new float[values.size()];
        }

        double value(double[] x) {
            for (int i = 0; i < point.length; i++) point[i] = (float) x[i];
            backend.write(point, values);
            double l = loss.getAsDouble();
            if (evaluations++ == 0) initial = l;
            if (best == null || l < bestLoss) {
                bestLoss = l;
                best = point.clone();
            }
            return l;
        }
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }
}
