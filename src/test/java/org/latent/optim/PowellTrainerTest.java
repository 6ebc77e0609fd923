package org.latent.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.latent.backend.Activation;
import org.latent.backend.cpu.CpuBackend;
import org.latent.init.Initializer;
import org.latent.nn.Dense;
import org.latent.nn.ParameterSet;
import org.latent.nn.Sequential;
import org.latent.tensor.Tensor;

class PowellTrainerTest {
    private static final CpuBackend CPU = new CpuBackend();
    private static final Tensor INPUTS = CPU.upload(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);

    /** A 2-2-1 net (tanh hidden, linear output) with its parameters, built for the 4 inputs. */
    private record Net(Sequential layers, ParameterSet params) {
        static Net of(long seed) {
            Sequential layers = new Sequential(new Dense(2, 2, Activation.TANH, Initializer.GLOROT_UNIFORM),
                    new Dense(2, 1, Activation.IDENTITY, Initializer.GLOROT_UNIFORM));
            ParameterSet params = new ParameterSet(CPU, seed);
            layers.build(params, new int[] {2}, 4);
            params.allocate();
            return new Net(layers, params);
        }
    }

    /** Total squared error of a student net against targets that another seed's net of the same shape produces. */
    private static double squaredError(Net student, Tensor target) {
        Tensor loss = CPU.allocate(4), grad = CPU.allocate(4, 1);
        CPU.squaredError(student.layers().forward(INPUTS, false), target, 1f, loss, grad);
        return CPU.sum(loss);
    }

    private static Tensor teacherTargets() {
        Net teacher = Net.of(99);
        Tensor out = teacher.layers().forward(INPUTS, false);
        return CPU.upload(out.toArray(), 4, 1);
    }

    private static PowellTrainer.Result fit(Net student, Tensor target, int maxEvaluations) {
        return new PowellTrainer(student.params(), () -> squaredError(student, target),
                new PowellTrainer.Settings(maxEvaluations, 1e-12, 1e-14)).minimize();
    }

    @Test
    void fitsARealizableTinyNetToNearZeroLoss() {
        Tensor target = teacherTargets();
        Net student = Net.of(1);
        PowellTrainer.Result r = fit(student, target, 20_000);
        // The targets are realizable, so the minimum is 0; student seeds 1 to 8 all end below
        // 4e-12 (1.2e-15 for this one) within 1,400 evaluations, float32 residuals near 1e-7
        // setting the floor. The bounds leave orders of magnitude to spare.
        assertTrue(r.initialLoss() > 0.1, "initial loss " + r.initialLoss());
        assertTrue(r.bestLoss() < 1e-8, "best loss " + r.bestLoss());
        assertTrue(r.bestLoss() < 1e-6 * r.initialLoss());
        assertTrue(r.converged());
        // The parameters are left at the best point.
        assertEquals(r.bestLoss(), squaredError(student, target));
    }

    @Test
    void runsAreDeterministic() {
        Tensor target = teacherTargets();
        Net one = Net.of(1), two = Net.of(1);
        assertEquals(fit(one, target, 20_000), fit(two, target, 20_000));
        assertArrayEquals(one.params().values().toArray(), two.params().values().toArray());
    }

    @Test
    void anExhaustedBudgetKeepsTheBestPointSoFar() {
        Tensor target = teacherTargets();
        Net student = Net.of(1);
        PowellTrainer.Result r = fit(student, target, 60);
        assertFalse(r.converged());
        assertEquals(60, r.evaluations());
        assertTrue(r.bestLoss() < r.initialLoss());
        assertEquals(r.bestLoss(), squaredError(student, target));
    }

    @Test
    void rejectsThresholdsTheLineSearchCannotUse() {
        assertThrows(IllegalArgumentException.class, () -> new PowellTrainer.Settings(100, 0, 1e-10));
        assertThrows(IllegalArgumentException.class, () -> new PowellTrainer.Settings(0, 1e-6, 1e-10));
    }
}
