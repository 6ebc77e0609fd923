package org.latent.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.latent.backend.cpu.CpuBackend;
import org.latent.model.Model;
import org.latent.model.ModelContext;
import org.latent.model.RandomStream;
import org.latent.model.Vae;
import org.latent.nn.ParameterSet;
import org.latent.optim.Adam;
import org.latent.optim.LearningRateSchedule;
import org.latent.optim.Optimizer;
import org.latent.tensor.Tensor;

/**
 * The CPU plan replay: a step recorded once per batch shape and replayed without the model's Java
 * code gives the eager step's bits, because every per-step value comes from the step state.
 */
class StepPlanTest {

    @Test
    void e1VaeReplayedFor200StepsIsBitIdenticalToEager() {
        // E1's VAE with a KL warm-up and a cosine learning rate: the warm-up weight, the rate, Adam's
        // step count, ε's counter and the batch index all change every step, all on the device.
        LearningRateSchedule cosine = LearningRateSchedule.cosine(1e-3, 20, 200, 1e-5);
        Function<ParameterSet, Optimizer> adam = p -> new Adam(p, 1e-3f);
        List<Double> eagerLoss = new ArrayList<>(), planLoss = new ArrayList<>();
        CpuBackend cpu = new CpuBackend();
        Map<String, float[]> eager = StepTraining.train(cpu, null, Vae.e1(20).betaWarmup(60), new int[] {784}, 1050, 100, 200, cosine, adam, eagerLoss);
        StepPlan plan = new StepPlan(new CpuBackend());
        Map<String, float[]> replayed = StepTraining.train(plan.backend(), plan, Vae.e1(20).betaWarmup(60), new int[] {784}, 1050, 100, 200,
                cosine, adam, planLoss);
        StepTraining.assertSameBits(eager, replayed);
        assertEquals(eagerLoss, planLoss, "the loss sums read along the way");
        // 11 steps an epoch (10 of 100 rows, 1 of 50): 2 recordings of each shape, the rest replayed.
        assertTrue(plan.replaying(100) && plan.replaying(50));
        assertEquals(200 - 4, plan.replays(100) + plan.replays(50), "every step but the two recordings of each shape replayed");
        assertEquals(200, (long) eager.get("vae.steps")[0]);
    }

    @Test
    void e6DcganReplayedFor30StepsIsBitIdenticalToEager() {
        // Dropout in the discriminator, z noise, two Adam optimizers (E6's: lr 2e-4, beta1 0.5, eps 1e-7).
        Function<ParameterSet, Optimizer> adam = p -> new Adam(p, 2e-4f, 0.5f, 0.999f, 1e-7f);
        LearningRateSchedule constant = LearningRateSchedule.constant(2e-4);
        List<Double> eagerLoss = new ArrayList<>(), planLoss = new ArrayList<>();
        Map<String, float[]> eager = StepTraining.train(new CpuBackend(), null, StepTraining.dcgan(), new int[] {1, 28, 28}, 100, 16, 30, constant, adam, eagerLoss);
        StepPlan plan = new StepPlan(new CpuBackend());
        Map<String, float[]> replayed = StepTraining.train(plan.backend(), plan, StepTraining.dcgan(), new int[] {1, 28, 28}, 100, 16, 30, constant, adam, planLoss);
        StepTraining.assertSameBits(eager, replayed);
        assertEquals(eagerLoss, planLoss);
        assertTrue(plan.replays(16) > 0 && plan.replays(4) > 0, "both shapes replayed");
        assertTrue(eager.keySet().stream().anyMatch(k -> k.contains("dropout")), "the discriminator's dropout streams are compared");
    }


    /** A step that draws with a host key: the counter is an argument that changes from step to step. */
    private static final class HostKeyStep {
        final Backend b;
        final ModelContext c;
        final RandomStream stream;
        final Tensor noise, sum;

        HostKeyStep(Backend b) {
            this.b = b;
            Model m = new Model() {
                @Override public void build(ModelContext ctx) {}
                @Override public void trainStep(Tensor input, Tensor target) {}
                @Override public double takeMeanLoss() { return 0; }
                @Override public double evaluate(Tensor input, Tensor target) { return 0; }
            };
            c = ModelContext.build(m, b, new int[] {1}, 1, 3, p -> null);
            stream = c.trainerStream("test.noise", 77);
            noise = b.allocate(8);
            sum = b.allocate(8);
        }

        void step(boolean device) {
            if (device) b.randomNormal(noise, 0f, 1f, stream.takeDevice(8));
            else b.randomNormal(noise, 0f, 1f, stream.take(8));
            b.axpy(1f, noise, sum);
            c.endStep();
        }
    }

    @Test
    void aHostSideCounterInAStepIsRefusedByThePlan() {
        StepPlan plan = new StepPlan(new CpuBackend());
        HostKeyStep s = new HostKeyStep(plan.backend());
        plan.step("k", () -> s.step(false));
        StepPlan.Mismatch e = assertThrows(StepPlan.Mismatch.class, () -> plan.step("k", () -> s.step(false)));
        assertTrue(e.getMessage().contains("randomNormal") && e.getMessage().contains("argument 4"), e.getMessage());
    }

    @Test
    void replayingAHostSideCounterWouldRepeatTheFirstDraws() {
        // Why the plan refuses it: trusted after one recording, a replay of the host-key step draws
        // the same numbers every step, while the eager run (and the device-key step) moves on.
        float[] eager = run(new CpuBackend(), null, false);
        float[] deviceKeys = run(null, StepPlan.unchecked(new CpuBackend()), true);
        float[] hostKeys = run(null, StepPlan.unchecked(new CpuBackend()), false);
        assertArrayEquals(eager, deviceKeys, "device keys: the replay draws what the eager steps draw");
        assertFalse(java.util.Arrays.equals(eager, hostKeys), "host keys: the replay repeats the recorded draw");
    }

    private static float[] run(Backend eager, StepPlan plan, boolean device) {
        HostKeyStep s = new HostKeyStep(plan == null ? eager : plan.backend());
        for (int i = 0; i < 5; i++) {
            if (plan == null) s.step(device);
            else plan.step("k", () -> s.step(device));
        }
        return s.sum.toArray();
    }

    @Test
    void aRecordedStepMayNotAllocateOrReadBack() {
        StepPlan plan = new StepPlan(new CpuBackend());
        Backend b = plan.backend();
        Tensor t = b.allocate(4);
        assertThrows(IllegalStateException.class, () -> plan.step("a", () -> b.allocate(2)));
        assertThrows(IllegalStateException.class, () -> plan.step("s", () -> b.sum(t)));
        assertThrows(IllegalStateException.class, () -> plan.step("w", () -> b.write(new float[4], t)));
        assertEquals(0, b.sum(t), "outside a step everything goes through");
    }

    @Test
    void counterOpsCheckTheirArguments() {
        CpuBackend cpu = new CpuBackend();
        StepState s = new StepState(cpu);
        StepCounter c = s.counter("c", (1L << 24) + 5);
        cpu.advanceStepState(s.tensor(), new int[] {c.slot()}, new long[] {(1L << 24) - 1});
        float[] v = c.tensor().toArray();
        assertEquals((2L << 24) + 4, StepState.value("test", v[0], v[1]), "the carry into hi");
        Tensor scalar = s.scalar("x", 0f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cpu.lookupStepValue(cpu.allocate(3), c.tensor(), 0, scalar));
        assertTrue(e.getMessage().startsWith("lookupStepValue:"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> cpu.advanceStepState(s.tensor(), new int[] {CAPACITY_LAST}, new long[] {1}));
        assertThrows(IllegalArgumentException.class, () -> cpu.adamStep(scalar, scalar, scalar, scalar, scalar, 0.9f, 0.999f, 1e-8f,
                scalar, 0));
        // warmupScale: k = 1 + offset + 1 of 4 steps, value 2, over n = 3.
        StepCounter k = s.counter("k", 1);
        cpu.warmupScale(k.tensor(), 1, 2f, 4, 3f, scalar);
        assertEquals((float) (2f * (3.0 / 4)) / 3f, scalar.toArray()[0]);
    }

    private static final int CAPACITY_LAST = StepState.CAPACITY - 1;
}
