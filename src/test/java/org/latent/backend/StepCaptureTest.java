package org.latent.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.latent.backend.cpu.CpuBackend;
import org.latent.model.Vae;
import org.latent.nn.ParameterSet;
import org.latent.optim.Adam;
import org.latent.optim.LearningRateSchedule;
import org.latent.optim.Optimizer;
import org.latent.tensor.Tensor;

/**
 * The plan's graph path on the CPU: a backend that "captures" like a CUDA stream does (the calls
 * between beginCapture and endCapture are recorded and not run; a launch runs them), so that
 * StepPlan's capture logic (capture once per shape at its first replay, launch every step after,
 * bookkeeping on the host, abort on failure) is proven without a GPU. The CUDA graph itself is
 * tested only on a GPU (backend/cuda/CaptureParityTest).
 */
class StepCaptureTest {

    /** A CPU backend whose captures are lists of calls. */
    static final class Simulated implements InvocationHandler {
        final CpuBackend cpu = new CpuBackend();
        final Backend backend = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(),
                new Class<?>[] {Backend.class, StepCapture.class}, this);
        /** Ops refused inside a capture, as the CUDA backend refuses what synchronizes or allocates. */
        final Set<String> refused = new HashSet<>(Set.of("allocate", "upload", "write", "download", "sum", "synchronize",
                "l1ActivityPenalty", "klSparsityPenalty", "weightPenalty", "close"));
        private List<Object[]> capturing;
        int captures, launches, aborts, runDuringCapture;

        @Override
        public Object invoke(Object self, Method m, Object[] args) throws Throwable {
            String name = m.getName();
            if (m.getDeclaringClass() == Object.class) {
                return switch (name) {
                    case "equals" -> self == args[0];
                    case "hashCode" -> System.identityHashCode(self);
                    default -> "Simulated(" + cpu.name() + ")";
                };
            }
            if (m.getDeclaringClass() == StepCapture.class) {
                switch (name) {
                    case "capturesSteps":
                        return true;
                    case "beginCapture":
                        if (capturing != null) throw new IllegalStateException("capture in progress");
                        capturing = new ArrayList<>();
                        return null;
                    case "endCapture": {
                        List<Object[]> calls = capturing;
                        capturing = null;
                        captures++;
                        return new StepCapture.Graph() {
                            @Override public void launch() {
                                launches++;
                                for (Object[] c : calls) call((Method) c[0], (Object[]) c[1]);
                            }
                            @Override public void close() {}
                        };
                    }
                    case "abortCapture":
                        if (capturing != null) aborts++;
                        capturing = null;
                        return null;
                    default:
                        throw new IllegalStateException(name);
                }
            }
            if (capturing != null && !name.equals("name") && !name.equals("bookkeeping")) {
                if (refused.contains(name)) throw new IllegalStateException(name + " inside a capture");
                Object[] copy = args == null ? new Object[0] : args.clone();
                for (int i = 0; i < copy.length; i++) {
                    if (copy[i] instanceof int[] v) copy[i] = v.clone();
                    else if (copy[i] instanceof long[] v) copy[i] = v.clone();
                    else if (copy[i] instanceof float[] v) copy[i] = v.clone();
                }
                capturing.add(new Object[] {m, copy});
                return null;
            }
            if (capturing != null && name.equals("bookkeeping")) runDuringCapture++;
            return call(m, args);
        }

        private Object call(Method m, Object[] args) {
            try {
                return m.invoke(cpu, args);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                throw new IllegalStateException(e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void e1VaeThroughCapturedGraphsFor200StepsIsBitIdenticalToEager() {
        LearningRateSchedule cosine = LearningRateSchedule.cosine(1e-3, 20, 200, 1e-5);
        Function<ParameterSet, Optimizer> adam = p -> new Adam(p, 1e-3f);
        List<Double> eagerLoss = new ArrayList<>(), graphLoss = new ArrayList<>();
        Map<String, float[]> eager = StepTraining.train(new CpuBackend(), null, Vae.e1(20).betaWarmup(60), new int[] {784}, 1050, 100,
                200, cosine, adam, eagerLoss);
        Simulated sim = new Simulated();
        StepPlan plan = new StepPlan(sim.backend);
        Map<String, float[]> captured = StepTraining.train(plan.backend(), plan, Vae.e1(20).betaWarmup(60), new int[] {784}, 1050, 100,
                200, cosine, adam, graphLoss);
        StepTraining.assertSameBits(eager, captured);
        assertEquals(eagerLoss, graphLoss);
        assertTrue(plan.captured(100) && plan.captured(50), "both batch shapes run as graphs");
        assertEquals(2, sim.captures, "one capture per batch shape");
        assertEquals(200 - 4, sim.launches, "every step after the two recordings of each shape launches its graph");
        assertEquals(0, sim.runDuringCapture, "the plan runs no bookkeeping inside a capture");
    }

    @Test
    void e6DcganThroughCapturedGraphsFor30StepsIsBitIdenticalToEager() {
        Function<ParameterSet, Optimizer> adam = p -> new Adam(p, 2e-4f, 0.5f, 0.999f, 1e-7f);
        LearningRateSchedule constant = LearningRateSchedule.constant(2e-4);
        List<Double> eagerLoss = new ArrayList<>(), graphLoss = new ArrayList<>();
        Map<String, float[]> eager = StepTraining.train(new CpuBackend(), null, StepTraining.dcgan(), new int[] {1, 28, 28}, 100, 16, 30,
                constant, adam, eagerLoss);
        Simulated sim = new Simulated();
        StepPlan plan = new StepPlan(sim.backend);
        Map<String, float[]> captured = StepTraining.train(plan.backend(), plan, StepTraining.dcgan(), new int[] {1, 28, 28}, 100, 16, 30,
                constant, adam, graphLoss);
        StepTraining.assertSameBits(eager, captured);
        assertEquals(eagerLoss, graphLoss);
        assertTrue(plan.captured(16) && plan.captured(4));
        assertEquals(2, sim.captures);
    }

    @Test
    void aFailedCaptureIsAbortedAndNoGraphIsKept() {
        Simulated sim = new Simulated();
        StepPlan plan = new StepPlan(sim.backend);
        Backend b = plan.backend();
        Tensor t = b.allocate(4);
        Runnable step = () -> {
            b.fill(t, 1f);
            b.scale(t, 2f);
        };
        plan.step("k", step);
        plan.step("k", step);
        sim.refused.add("scale");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> plan.step("k", step));
        assertTrue(e.getMessage().contains("scale inside a capture"), e.getMessage());
        assertEquals(1, sim.aborts);
        assertFalse(plan.captured("k"));
        sim.refused.remove("scale");
        plan.step("k", step);
        assertTrue(plan.captured("k"), "the next replay captures again");
        assertEquals(2f, t.toArray()[0]);
    }
}
