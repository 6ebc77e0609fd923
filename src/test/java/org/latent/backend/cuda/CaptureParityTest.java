package org.latent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.latent.backend.StepPlan;
import org.latent.backend.StepTraining;
import org.latent.model.Vae;
import org.latent.nn.ParameterSet;
import org.latent.optim.Adam;
import org.latent.optim.LearningRateSchedule;
import org.latent.optim.Optimizer;
import org.latent.testing.GradCheck;

/**
 * The captured step against the eager step on the GPU: E1's VAE (KL warm-up, cosine schedule, two
 * batch shapes) for 200 steps and E6's DCGAN (dropout, z noise, two Adams, two batch shapes) for 30
 * steps, trained as the training loop does, once eagerly and once through a {@link StepPlan} that
 * captures each shape's third step into a CUDA graph and launches it every step after. Both runs
 * issue the same kernels with the same arguments in the same order, so they should agree bit for
 * bit; the test holds them to DESIGN's elementwise tolerance (1e-5 relative, per tensor and per
 * loss read) and prints how many tensors were bit-identical. The captured run's losses also follow
 * the CPU's within 1e-3 (the trajectory criterion of VaeRunParityTest). Skipped without a GPU;
 * written without one, never run yet.
 */
@Tag("gpu")
class CaptureParityTest {
    private static final double TOL = 1e-5, TRAJECTORY = 1e-3;

    private static void assertClose(String run, Map<String, float[]> eager, Map<String, float[]> captured) {
        assertEquals(eager.keySet(), captured.keySet());
        int identical = 0;
        for (Map.Entry<String, float[]> e : eager.entrySet()) {
            float[] a = e.getValue(), b = captured.get(e.getKey());
            if (Arrays.equals(a, b)) {
                identical++;
                continue;
            }
            double rel = GradCheck.relativeError(b, a);
            assertTrue(rel <= TOL, () -> run + ": " + e.getKey() + " captured vs eager, relative error " + rel + " > " + TOL);
        }
        System.out.println("[capture parity] " + run + ": " + identical + " of " + eager.size() + " tensors bit-identical");
    }

    private static void assertLosses(String run, List<Double> reference, List<Double> other, double tol) {
        assertEquals(reference.size(), other.size());
        for (int i = 0; i < reference.size(); i++) {
            double r = reference.get(i), o = other.get(i), rel = Math.abs(o - r) / Math.max(Math.abs(r), 1e-30);
            final int at = i;
            assertTrue(rel <= tol, () -> run + ": loss read " + at + ": " + o + " vs " + r + ", relative " + rel + " > " + tol);
        }
    }

    @Test
    void e1VaeCapturedFor200StepsMatchesEager() {
        CudaBackend gpu = GpuTests.gpu();
        LearningRateSchedule cosine = LearningRateSchedule.cosine(1e-3, 20, 200, 1e-5);
        Function<ParameterSet, Optimizer> adam = p -> new Adam(p, 1e-3f);
        List<Double> eagerLoss = new ArrayList<>(), graphLoss = new ArrayList<>(), cpuLoss = new ArrayList<>();
        Map<String, float[]> eager = StepTraining.train(gpu, null, Vae.e1(20).betaWarmup(60), new int[] {784}, 1050, 100, 200, cosine,
                adam, eagerLoss);
        gpu.captureSteps(true);
        StepPlan plan = new StepPlan(gpu);
        Map<String, float[]> captured = StepTraining.train(plan.backend(), plan, Vae.e1(20).betaWarmup(60), new int[] {784}, 1050, 100,
                200, cosine, adam, graphLoss);
        assertTrue(plan.captured(100) && plan.captured(50), "both batch shapes ran as CUDA graphs");
        assertEquals(200 - 4, plan.replays(100) + plan.replays(50));
        assertClose("E1 VAE 200 steps", eager, captured);
        assertLosses("E1 VAE captured vs eager", eagerLoss, graphLoss, TOL);
        StepTraining.train(GpuTests.CPU, null, Vae.e1(20).betaWarmup(60), new int[] {784}, 1050, 100, 200, cosine, adam, cpuLoss);
        assertLosses("E1 VAE captured vs CPU", cpuLoss, graphLoss, TRAJECTORY);
        plan.clear();
    }

    @Test
    void e6DcganCapturedFor30StepsMatchesEager() {
        CudaBackend gpu = GpuTests.gpu();
        Function<ParameterSet, Optimizer> adam = p -> new Adam(p, 2e-4f, 0.5f, 0.999f, 1e-7f);
        LearningRateSchedule constant = LearningRateSchedule.constant(2e-4);
        List<Double> eagerLoss = new ArrayList<>(), graphLoss = new ArrayList<>(), cpuLoss = new ArrayList<>();
        Map<String, float[]> eager = StepTraining.train(gpu, null, StepTraining.dcgan(), new int[] {1, 28, 28}, 100, 16, 30, constant, adam,
                eagerLoss);
        gpu.captureSteps(true);
        StepPlan plan = new StepPlan(gpu);
        Map<String, float[]> captured = StepTraining.train(plan.backend(), plan, StepTraining.dcgan(), new int[] {1, 28, 28}, 100, 16, 30,
                constant, adam, graphLoss);
        assertTrue(plan.captured(16) && plan.captured(4), "both batch shapes ran as CUDA graphs");
        assertClose("E6 DCGAN 30 steps", eager, captured);
        assertLosses("E6 DCGAN captured vs eager", eagerLoss, graphLoss, TOL);
        StepTraining.train(GpuTests.CPU, null, StepTraining.dcgan(), new int[] {1, 28, 28}, 100, 16, 30, constant, adam, cpuLoss);
        assertLosses("E6 DCGAN captured vs CPU", cpuLoss, graphLoss, TRAJECTORY);
        plan.clear();
    }

    @Test
    void aHostReadInsideACaptureIsRefused() {
        CudaBackend gpu = GpuTests.gpu();
        var t = gpu.allocate(8);
        gpu.beginCapture("refusal");
        try {
            CudaException e = org.junit.jupiter.api.Assertions.assertThrows(CudaException.class, () -> gpu.sum(t));
            assertTrue(e.getMessage().contains("inside a CUDA graph capture"), e.getMessage());
            org.junit.jupiter.api.Assertions.assertThrows(CudaException.class, () -> gpu.allocate(4));
        } finally {
            gpu.abortCapture();
        }
        gpu.fill(t, 3f);
        assertEquals(24.0, gpu.sum(t), "the stream works after an aborted capture");
    }
}
